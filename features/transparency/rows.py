"""The long frame every transparency figure lives in, and the window the figures cover.

One row per (community_id, indicator, key): `key` is "" for a single figure and a month, category, kind or venue
for a breakdown. `count` is the number of cases the value rests on (the value itself for a count, the base of a
rate or median); NaN for figures about money, which no disclosure threshold applies to. `part` and `rest` are the
two sides of a share of cases: the cases it counts and the others (for a month's fee collection, the bills paid in
full and the others; for a mean score, the points above the bottom of the scale and below its top); NaN elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from features.transparency.spec import Kind

ROW_COLUMNS: tuple[str, ...] = ("community_id", "indicator", "key", "value", "count", "part", "rest", "kind")
Sides = tuple[pd.Series, pd.Series]


@dataclass(frozen=True)
class Window:
    """The months the figures cover: after `start`, up to and including `end` (the as-of instant)."""

    start: pd.Timestamp
    end: pd.Timestamp

    @classmethod
    def trailing(cls, as_of: pd.Timestamp, months: int) -> Window:
        return cls(as_of - pd.DateOffset(months=months), as_of)

    def holds(self, times: pd.Series) -> np.ndarray:
        """True where a time falls inside the window (an empty time never does)."""
        return ((times > self.start) & (times <= self.end)).fillna(False).to_numpy(bool)

    def closed_periods(self) -> list[str]:
        """The 'YYYY-MM' months that began at or after `start` and ended by `end`, oldest first."""
        first = self.start.to_period("M")
        if first.to_timestamp() < self.start:
            first += 1
        last = self.end.to_period("M") - 1  # a month has ended once the next one has begun
        return [str(p) for p in pd.period_range(first, last, freq="M")] if last >= first else []


def community_keys(values: pd.Series) -> pd.Series:
    """Community ids as plain Python strings, so every group and index matches."""
    return values.astype(object)


def count_by_community(frame: pd.DataFrame, mask: np.ndarray, ids: pd.Index) -> pd.Series:
    """Rows of `frame` under `mask` per community, 0 for a community without any."""
    return community_keys(frame.loc[mask, "community_id"]).value_counts().reindex(ids, fill_value=0).astype(float)


def crosstab_by_community(
    frame: pd.DataFrame, mask: np.ndarray, column: str, codes: Sequence[str], ids: pd.Index
) -> pd.DataFrame:
    """Rows under `mask` per community (index) and code of `column` (columns), zeros filled in."""
    part = frame.loc[mask]
    counts = pd.crosstab(community_keys(part["community_id"]), part[column].astype(object))
    return counts.reindex(index=ids, columns=list(codes), fill_value=0).astype(float)


def _aligned(values: pd.Series | None, index: pd.Index) -> np.ndarray:
    return np.full(len(index), np.nan) if values is None else values.reindex(index).to_numpy(np.float64)


def scalar_rows(
    name: str, kind: Kind, values: pd.Series, counts: pd.Series | None = None, sides: Sides | None = None
) -> pd.DataFrame:
    """Rows of one per-community figure; `counts` defaults to the values (a count) or NaN (money)."""
    if counts is None:
        counts = values if kind == "count" else None
    part, rest = sides or (None, None)
    return pd.DataFrame({
        "community_id": values.index.to_numpy(object), "indicator": name, "key": "",
        "value": values.to_numpy(np.float64), "count": _aligned(counts, values.index),
        "part": _aligned(part, values.index), "rest": _aligned(rest, values.index), "kind": kind,
    })  # fmt: skip


def share_rows(name: str, part: pd.Series, whole: pd.Series) -> pd.DataFrame:
    """Rows of a share of cases: `part` of `whole` per community, resting on `whole`, with both sides kept."""
    return scalar_rows(name, "share", part / whole.where(whole > 0), whole, (part, whole - part))


def breakdown_rows(
    name: str, kind: Kind, values: pd.DataFrame, counts: pd.DataFrame | None = None,
    sides: tuple[pd.DataFrame, pd.DataFrame] | None = None,
) -> pd.DataFrame:  # fmt: skip
    """Rows of a per-community breakdown (communities × keys); `counts` and `sides` as in scalar_rows."""
    stacked = values.stack(future_stack=True)

    def cells(frame: pd.DataFrame | None) -> pd.Series | None:
        return None if frame is None else pd.Series(frame.stack(future_stack=True))

    counted = pd.Series(stacked) if counts is None and kind == "count" else cells(counts)
    part, rest = sides or (None, None)
    return pd.DataFrame({
        "community_id": stacked.index.get_level_values(0).to_numpy(object), "indicator": name,
        "key": stacked.index.get_level_values(1).astype(str).to_numpy(object),
        "value": stacked.to_numpy(np.float64), "count": _aligned(counted, stacked.index),
        "part": _aligned(cells(part), stacked.index), "rest": _aligned(cells(rest), stacked.index), "kind": kind,
    })  # fmt: skip


def per_hundred(counts: pd.Series, units: pd.Series) -> pd.Series:
    """Counts per 100 units; NaN for a community without units."""
    return counts / units.replace(0, np.nan) * 100.0


def median_days(start: pd.Series, end: pd.Series, keys: pd.Series, ids: pd.Index) -> tuple[pd.Series, pd.Series]:
    """Per community, the median of (end − start) in days and how many rows it rests on."""
    days = pd.Series((end - start).dt.total_seconds().to_numpy() / 86_400.0, index=keys.to_numpy(object))
    grouped = days.groupby(level=0)
    return grouped.median().reindex(ids), grouped.size().reindex(ids, fill_value=0).astype(float)
