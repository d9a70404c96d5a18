"""Small-count suppression: the one place that decides what a transparency page may show.

No published figure, nor any combination of published figures, may reveal a count under `min_count` (5 by
default), zero included: "100% resolved" over 56 complaints says that none was left unresolved. The rules:
- a count under `min_count` is suppressed (pages show "<5"); so is a zero, which is a count under 5 too;
- a figure derived from cases (a share, a median, a mean, a rate per 100 units) is suppressed when the count it
  rests on is under `min_count`;
- a share is suppressed when the cases it counts, or the others, are under `min_count` (56 complaints and 98.2%
  resolved would say that 1 was not); likewise a mean score a few points from either end of its scale, and a
  month's fee collection with fewer than `min_count` bills paid in full, or fewer left unpaid, counting bills as
  the rate over equal bills reads them too (98.6% of 300 bills reads as 4 unpaid, however many are partly paid);
- complementary cells, months and totals are suppressed too (complementary.py), so no hidden count can be worked
  out from a total minus its shown parts, or from a 12-month rate minus the months shown;
- a rate per 100 units is suppressed with its count (the number of units would turn one into the other);
- money, prices and months disclosed are about the firm's accounts, not about people, and are always shown;
- every value is published rounded as its page shows it (spec.DECIMALS), the JSON included, so no exact
  float can be inverted back into its counts.
The district medians are taken over the published values only (compare.py), so they cannot reveal a hidden one.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from features.transparency.complementary import hide_partitions, hide_series
from features.transparency.spec import DECIMALS, PER_HUNDRED_OF

Status = Literal["ok", "suppressed", "unavailable"]
STATUSES: tuple[Status, ...] = ("ok", "suppressed", "unavailable")
PUBLISHED_COLUMNS: tuple[str, ...] = ("community_id", "indicator", "key", "value", "kind", "status", "small")


def _under(rows: pd.DataFrame, column: str, min_count: int) -> np.ndarray:
    return (rows[column] < min_count).fillna(False).to_numpy(bool)


def _with_their_counts(rows: pd.DataFrame, hidden: np.ndarray) -> np.ndarray:
    """`hidden` with each rate per 100 units hidden wherever its count is."""
    keys = pd.MultiIndex.from_frame(rows.loc[:, ["community_id", "indicator", "key"]])
    by_key = pd.Series(hidden, index=keys)
    counts = pd.MultiIndex.from_arrays([
        rows["community_id"], rows["indicator"].map(PER_HUNDRED_OF).fillna(""), rows["key"]
    ])  # fmt: skip
    count_hidden = by_key.reindex(counts, fill_value=False).to_numpy(bool)
    return hidden | (count_hidden & rows["indicator"].isin(list(PER_HUNDRED_OF)).to_numpy(bool))


def rounded(values: pd.Series, kinds: pd.Series) -> pd.Series:
    """Each value at the precision its page shows it with."""
    decimals = kinds.map(DECIMALS).fillna(6).astype(int)
    out = values.astype(float).copy()
    for places in decimals.unique():
        where = decimals == places
        out[where] = np.round(values[where].astype(float), int(places))
    return out


def disclose(rows: pd.DataFrame, min_count: int = 5) -> pd.DataFrame:
    """The rows as they may be published: values rounded, `status` added, suppressed values blanked, bases dropped.

    `small` marks a suppressed count that is itself under `min_count` (shown "<5"); any other suppressed figure
    is shown as a dash, a count among them being one hidden so that a smaller one cannot be worked out.
    """
    rows = rows.assign(**{side: rows.get(side, np.nan) for side in ("part", "rest")})
    unavailable = rows["value"].isna().to_numpy(bool)
    small = (rows["kind"] == "count").to_numpy(bool) & _under(rows, "value", min_count)
    primary = small | np.any([_under(rows, side, min_count) for side in ("count", "part", "rest")], axis=0)
    hidden = hide_series(rows, hide_partitions(rows, ~unavailable & primary, min_count), min_count)
    hidden = _with_their_counts(rows, hidden) & ~unavailable
    out = rows.assign(
        value=rounded(rows["value"], rows["kind"]).mask(hidden),
        status=np.select([unavailable, hidden], ["unavailable", "suppressed"], "ok"),
        small=small & hidden,
    )
    return out.loc[:, list(PUBLISHED_COLUMNS)]
