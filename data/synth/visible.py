"""What an outreach policy may see at a month's start, and how visit lists and callbacks become a policy.

Visits are given as `{published month: unit ids}` or as `callback(month, VisibleState) -> unit ids`, where month 0
is the config's `start`. Unit ids may be contract ids (`C0001-B03-1502`) or integer row positions in `units`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from data.synth.calendar import Calendar
from data.synth.outreach import Progress
from data.synth.state import Batch

UnitSelection = Sequence[str] | Sequence[int] | np.ndarray | pd.Index
YEAR_S = 365 * 86_400


@dataclass(frozen=True)
class VisibleState:
    """Per-unit counts a data user could compute at 00:00 on the month's first day (published records only)."""

    month: int
    as_of: pd.Timestamp
    unit_ids: pd.Index
    unpaid_bills: np.ndarray
    overdue_cny: np.ndarray
    open_complaints: np.ndarray
    open_repairs: np.ndarray
    disputes_12m: np.ndarray


Callback = Callable[[int, VisibleState], UnitSelection]
Visits = Mapping[int, UnitSelection] | Callback | None
"""Households to visit: a fixed plan per published month, or a policy deciding month by month."""


def _open_at(batches: list[Batch], time: str, done: str, t: int, n: int) -> np.ndarray:
    """Per unit, records created before t and not closed by t (anonymous complaints excluded)."""
    counts = np.zeros(n, np.int64)
    for b in batches:
        keep = (b["unit"] >= 0) & (b[time] < t) & ((b[done] < 0) | (b[done] >= t))
        if "anonymous" in b:
            keep &= ~b["anonymous"]
        counts += np.bincount(b["unit"][keep], minlength=n)
    return counts


def observe(progress: Progress, cal: Calendar, unit_ids: pd.Index) -> VisibleState:
    """The visible state at the start of published month `progress.month` (cal: the published calendar)."""
    m, s, n = progress.month, progress.scene.state, len(unit_ids)
    t = int(cal.starts[m]) * 86_400
    filed = [b["unit"][(b["unit"] >= 0) & (b["filed_s"] >= t - YEAR_S)] for b in progress.disputes]
    late = s.carry_n * (m > 0)
    return VisibleState(
        month=m, as_of=pd.Timestamp(t, unit="s"), unit_ids=unit_ids, unpaid_bills=s.seen_n + late,
        overdue_cny=s.seen_cny + s.carry_cny * (m > 0),
        open_complaints=_open_at(progress.complaints, "created_s", "resolved_s", t, n),
        open_repairs=_open_at(progress.repairs, "reported_s", "completed_s", t, n),
        disputes_12m=np.bincount(np.concatenate([np.zeros(0, np.int64), *filed]), minlength=n),
    )  # fmt: skip


def positions(selection: UnitSelection, unit_ids: pd.Index) -> np.ndarray:
    """Row positions of the selected units; contract ids are looked up, unknown ones rejected."""
    values = np.asarray(selection)
    if values.size == 0:
        return np.zeros(0, np.int64)
    if np.issubdtype(values.dtype, np.integer):
        if values.min() < 0 or values.max() >= len(unit_ids):
            raise ValueError(f"unit positions must lie in 0..{len(unit_ids) - 1}")
        return values.astype(np.int64)
    found = unit_ids.get_indexer(pd.Index(values.astype(str)))
    if (found < 0).any():
        raise ValueError(f"unknown unit ids to visit: {list(values[found < 0][:5])}")
    return found.astype(np.int64)


def as_policy(visits: Visits, cal: Calendar, ids: pa.Array) -> Callable[[Progress], np.ndarray] | None:
    """The month loop's policy for a visit plan or callback; None when nobody is ever visited."""
    if visits is None:
        return None
    unit_ids = pd.Index(ids.to_numpy(zero_copy_only=False))
    if callable(visits):
        callback = visits
        return lambda progress: positions(callback(progress.month, observe(progress, cal, unit_ids)), unit_ids)
    plan = {int(k): positions(v, unit_ids) for k, v in visits.items()}
    if not any(len(v) for v in plan.values()):
        return None
    return lambda progress: plan.get(progress.month, np.zeros(0, np.int64))
