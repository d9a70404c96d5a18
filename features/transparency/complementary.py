"""Complementary suppression: the further figures to hide so that a hidden small count cannot be worked out again.

Partitions (a total and the counts that add up to it, spec.PARTITIONS). A reader subtracts the shown cells from the
total and knows the hidden ones within their display: "<5" is 0–4, a dash on a count is 5 or more, an unpublished
rest (the repairs other than elevator outages) anything from 0. Cells are hidden smallest first until the hidden
cells together hold at least `min_count` cases and each hidden count under `min_count` can still take at least two
values. When even hiding every cell is not enough, the total goes too, with every cell of its other partitions.

Series (monthly shares of a published 12-month share, spec.SERIES). Knowing each month's billed amount, a reader gets
the hidden months' sum from the 12-month rate and the months shown; so hidden months come at least two at a time, and
together hold at least `min_count` bills paid in full and `min_count` others.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from features.transparency.spec import PARTITIONS, SERIES, UNPUBLISHED_REST


def _boxes(hidden: list[float], rest: list[float], min_count: int) -> list[tuple[float, float, float]]:
    """(value, lowest, highest) that a reader knows of each hidden cell and of an unpublished rest."""
    shown_as = [(v, 0.0, min_count - 1.0) if v < min_count else (v, float(min_count), math.inf) for v in hidden]
    return shown_as + [(v, 0.0, math.inf) for v in rest]


def safe(hidden: list[float], rest: list[float], min_count: int) -> bool:
    """No hidden count under `min_count` can be pinned down from the total minus the shown cells."""
    boxes = _boxes(hidden, rest, min_count)
    if all(value >= min_count for value, _, _ in boxes):
        return True
    total = sum(value for value, _, _ in boxes)
    if total < min_count:
        return False
    for i, (value, low, high) in enumerate(boxes):
        others = boxes[:i] + boxes[i + 1 :]
        if value >= min_count:
            continue
        lowest = max(low, total - sum(b[2] for b in others))
        highest = min(high, total - sum(b[1] for b in others))
        if highest - lowest < 1:
            return False
    return True


def _partition(values: np.ndarray, hidden: np.ndarray, rest: list[float], min_count: int) -> tuple[np.ndarray, bool]:
    """One partition's cells to hide, and whether its total must be hidden as well."""
    hidden = hidden.copy()
    for i in np.argsort(values, kind="stable"):
        if safe(values[hidden].tolist(), rest, min_count):
            return hidden, False
        hidden[i] = True
    return hidden, not safe(values[hidden].tolist(), rest, min_count)


def _positions(rows: pd.DataFrame) -> tuple[dict[tuple[str, str], np.ndarray], dict[tuple[str, str], int]]:
    """Row positions of each (community, indicator), and of each single figure."""
    indices = rows.groupby(["community_id", "indicator"], sort=False).indices
    groups = {(str(key[0]), str(key[1])): np.asarray(at) for key, at in indices.items()}  # type: ignore[index]
    single = np.flatnonzero((rows["key"] == "").to_numpy(bool))
    names = zip(rows["community_id"].to_numpy(object)[single], rows["indicator"].to_numpy(object)[single], strict=True)
    scalars = {(str(c), str(i)): int(at) for (c, i), at in zip(names, single, strict=True)}
    return groups, scalars


def hide_partitions(rows: pd.DataFrame, hidden: np.ndarray, min_count: int) -> np.ndarray:
    """`hidden` with every partition's complementary cells (and, rarely, totals) added."""
    hidden, values = hidden.copy(), rows["value"].to_numpy(np.float64)
    groups, scalars = _positions(rows)
    exposed: set[tuple[str, str]] = set()  # (community, total) pairs whose total had to go
    for (community, indicator), cells in groups.items():
        if (total_name := PARTITIONS.get(indicator)) is None or np.isnan(values[cells]).any():
            continue
        at = scalars.get((community, total_name))
        if at is not None and (hidden[at] or np.isnan(values[at])):
            continue  # a hidden total: its cells are all under it and hidden already
        total = values[at] if at is not None else values[cells].sum()
        left = total - values[cells].sum()
        rest = [left] if indicator in UNPUBLISHED_REST or left > 0 else []
        hidden[cells], lost = _partition(values[cells], hidden[cells], rest, min_count)
        if lost and at is not None:
            exposed.add((community, total_name))
    for community, total_name in exposed:
        hidden[scalars[(community, total_name)]] = True
        for part, total in PARTITIONS.items():
            if total == total_name and (community, part) in groups:
                hidden[groups[(community, part)]] = True
    return hidden


def hide_series(rows: pd.DataFrame, hidden: np.ndarray, min_count: int) -> np.ndarray:
    """`hidden` with further months of each series hidden, so the hidden months cannot be told apart."""
    hidden = hidden.copy()
    groups, scalars = _positions(rows)
    bills, part, rest = (rows[c].fillna(0.0).to_numpy(np.float64) for c in ("count", "part", "rest"))
    for (community, indicator), months in groups.items():
        at = scalars.get((community, SERIES.get(indicator, "")))
        if at is None or hidden[at] or np.isnan(rows["value"].to_numpy(np.float64)[at]):
            continue
        billed = months[bills[months] > 0]
        while (chosen := billed[hidden[billed]]).size and (
            chosen.size < 2 or part[chosen].sum() < min_count or rest[chosen].sum() < min_count
        ):
            shown = billed[~hidden[billed]]
            if not shown.size:
                hidden[at] = True
                break
            hidden[shown[np.argmin(np.minimum(part[shown], rest[shown]), axis=0)]] = True
    return hidden
