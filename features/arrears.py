"""Arrears: what a unit owed and how late it paid, as known at the as-of date.

A bill is known from the first day of its period (when it is issued). It is overdue at t when its due date
is before t and it was not paid by t: a bill paid after t was unpaid at t. A payment dated t counts as known.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from features.clock import DAY_NS, months_before
from features.config import FeatureConfig
from features.grouped import count_by, max_by, ratio, sum_by
from features.prepared import Prepared
from features.spec import Columns, FeatureSpec, family_specs

if TYPE_CHECKING:
    from features.partitions import Context

MONTH_NS = 365.25 / 12 * DAY_NS


def specs(cfg: FeatureConfig) -> list[FeatureSpec]:
    """The arrears features for this configuration, in column order."""
    short, _, long = cfg.late_share_months
    shares = [
        (f"arrears_late_share_{m}m", f"{m} months", "share (0–1)", 1,
         f"Share of the unit's bills due in the {m} months before t that were paid after their due date or "
         "were still unpaid at t; NaN when no bill fell due.")
        for m in cfg.late_share_months
    ]  # fmt: skip
    return family_specs("arrears", [
        ("arrears_unpaid_bills", "all history", "bills", 1, "Bills due before t and not paid by t."),
        ("arrears_overdue_cny", "all history", "CNY", 1, "Amount due on those overdue bills."),
        ("arrears_months_since_payment", "all history", "months", 1,
         "Months from the last payment made by t to t; with no payment yet, months since the first bill's "
         "period began; NaN for a unit without bills."),
        *shares,
        (f"arrears_late_trend_{short}m", f"{long} months", "share difference", 0,
         f"Late share over the last {short} months minus the late share over months {short + 1}–{long} "
         "before t (positive: paying later than before)."),
    ])  # fmt: skip


def _late_share(prep: Prepared, known: np.ndarray, start: int, end: int) -> np.ndarray:
    """Share of bills due in [start, end) paid after their due date (a bill unpaid at t is late)."""
    b, n = prep.bills, prep.index.n_units
    due = known & (b["due"] >= start) & (b["due"] < end)
    late = due & (b["paid"] > b["due"])
    return ratio(count_by(b["unit"], n, late), count_by(b["unit"], n, due))


def _months_since_payment(prep: Prepared, known: np.ndarray, t: int) -> np.ndarray:
    b, n = prep.bills, prep.index.n_units
    empty = np.iinfo(np.int64).min
    last_paid = max_by(b["unit"], b["paid"], n, known & (b["paid"] <= t)).astype(np.float64)
    first_start = -max_by(b["unit"], -b["start"], n, known).astype(np.float64)
    last_paid[last_paid == empty] = np.nan
    since = np.where(np.isnan(last_paid), t - first_start, t - last_paid) / MONTH_NS
    return np.where(count_by(b["unit"], n, known) > 0, since, np.nan)


def compute(prep: Prepared, as_of: pd.Timestamp, cfg: FeatureConfig, context: Context) -> Columns:
    """Arrears features per unit at `as_of`."""
    b, n, t = prep.bills, prep.index.n_units, int(as_of.value)
    known = b["start"] <= t
    overdue = known & (b["due"] < t) & (b["paid"] > t)
    short, _, long = cfg.late_share_months
    shares = {}
    for m in cfg.late_share_months:
        shares[f"arrears_late_share_{m}m"] = _late_share(prep, known, months_before(as_of, m), t)
    earlier = _late_share(prep, known, months_before(as_of, long), months_before(as_of, short))
    return {
        "arrears_unpaid_bills": count_by(b["unit"], n, overdue),
        "arrears_overdue_cny": sum_by(b["unit"], b["amount"], n, overdue),
        "arrears_months_since_payment": _months_since_payment(prep, known, t),
        **shares,
        f"arrears_late_trend_{short}m": shares[f"arrears_late_share_{short}m"] - earlier,
    }
