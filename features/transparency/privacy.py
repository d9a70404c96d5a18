"""Small-count suppression: the one place that decides what a transparency page may show.

Rules, with `min_count` = 5 by default:
- a count under `min_count` is suppressed (pages show "<5"); so is a zero, which is a count under 5 too;
- a figure derived from cases (a share, a median, a mean, a rate per 100 units) is suppressed when the count it
  rests on is under `min_count`;
- within a breakdown of counts (complaints by category, disputes by kind or by venue), more of the smallest cells
  are suppressed until the suppressed cells together hold at least `min_count` cases, so no hidden cell can be
  worked out from the published total and the other cells;
- money, prices and months disclosed are about the firm's accounts, not about people, and are always shown.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

Status = Literal["ok", "suppressed", "unavailable"]
STATUSES: tuple[Status, ...] = ("ok", "suppressed", "unavailable")


def _complementary(rows: pd.DataFrame, min_count: int) -> pd.Series:
    """True for the breakdown cells that the third rule suppresses (the first two included)."""
    cells = rows[(rows["kind"] == "count") & (rows["key"] != "")]
    ordered = cells.sort_values(["community_id", "indicator", "value"], kind="stable")
    groups = ordered.groupby(["community_id", "indicator"], sort=False)
    primary = ordered["value"] < min_count
    primaries = primary.groupby([ordered["community_id"], ordered["indicator"]], sort=False).transform("sum")
    before = groups["value"].cumsum() - ordered["value"]  # cases in the smaller cells of the same breakdown
    rank = groups.cumcount()
    hide = (primaries > 0) & ((rank < primaries) | (before < min_count))
    return hide.reindex(rows.index, fill_value=False)


def disclose(rows: pd.DataFrame, min_count: int = 5) -> pd.DataFrame:
    """The rows as they may be published: `status` added, suppressed values blanked, the base counts dropped."""
    unavailable = rows["value"].isna().to_numpy(bool)
    small = (rows["count"] < min_count).fillna(False).to_numpy(bool)
    hidden = ~unavailable & (small | _complementary(rows, min_count).to_numpy(bool))
    out = rows.drop(columns="count")
    out["status"] = np.select([unavailable, hidden], ["unavailable", "suppressed"], "ok")
    out["value"] = out["value"].mask(hidden)
    return out
