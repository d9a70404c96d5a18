"""Repairs: open and overdue repair orders, how fast the firm completes them, and elevator outages.

An order is known from reported_at; one completed after t was open at t. An open order is overdue once it has
waited longer than its category's service level (FeatureConfig.repair_service_level_days). Community figures
include common-area orders (no unit) and are per 100 units.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from data.contract import REPAIR_CATEGORIES
from features.clock import DAY_NS, days_before
from features.config import FeatureConfig
from features.grouped import count_by, median_by, per_units
from features.prepared import Prepared
from features.spec import Columns, FeatureSpec, family_specs

if TYPE_CHECKING:
    from features.partitions import Context

_ELEVATOR = REPAIR_CATEGORIES.index("elevator")


def specs(cfg: FeatureConfig) -> list[FeatureSpec]:
    """The repair features for this configuration, in column order."""
    levels = ", ".join(f"{k} {v}" for k, v in cfg.repair_service_level_days.items())
    done, lift = cfg.repair_completion_days, cfg.elevator_outage_days
    return family_specs("repairs", [
        ("repairs_unit_open", "all history", "orders", 1,
         "The unit's repair orders reported by t and not completed by t."),
        ("repairs_community_open_per100", "all history", "per 100 units", 1,
         "The community's repair orders open at t, per 100 units."),
        ("repairs_unit_overdue", "all history", "orders", 1,
         f"The unit's open orders older than their category's service level in days ({levels})."),
        ("repairs_community_overdue_per100", "all history", "per 100 units", 1,
         "The community's overdue open orders, per 100 units."),
        (f"repairs_community_completion_days_{done}d", f"{done} days", "days", 1,
         f"Median days from report to completion over the community's orders completed in the {done} days "
         "up to t; NaN when none was."),
        (f"repairs_community_elevator_{lift}d_per100", f"{lift} days", "per 100 units", 1,
         f"The community's elevator repair orders (outages) reported in the {lift} days up to t, per 100 "
         "units."),
    ])  # fmt: skip


def _per_unit(prep: Prepared, mask: np.ndarray) -> np.ndarray:
    """Per unit, its community's count of masked orders per 100 units."""
    index = prep.index
    counts = count_by(prep.repairs["community"], index.n_communities, mask)
    return per_units(counts, index.community_units)[index.community]


def compute(prep: Prepared, as_of: pd.Timestamp, cfg: FeatureConfig, context: Context) -> Columns:
    """Repair features per unit at `as_of`."""
    r, index, t = prep.repairs, prep.index, int(as_of.value)
    levels = np.array([cfg.repair_service_level_days[c] for c in REPAIR_CATEGORIES], dtype=np.int64) * DAY_NS
    open_now = (r["reported"] <= t) & (r["completed"] > t)
    overdue = open_now & (t - r["reported"] > levels[r["category"]])
    done = (r["completed"] <= t) & (r["completed"] > days_before(as_of, cfg.repair_completion_days))
    took = (r["completed"] - r["reported"]) / DAY_NS
    median = median_by(r["community"], took, index.n_communities, done)[index.community]
    lift = (r["category"] == _ELEVATOR) & (r["reported"] <= t)
    lift &= r["reported"] > days_before(as_of, cfg.elevator_outage_days)
    return {
        "repairs_unit_open": count_by(r["unit"], index.n_units, open_now),
        "repairs_community_open_per100": _per_unit(prep, open_now),
        "repairs_unit_overdue": count_by(r["unit"], index.n_units, overdue),
        "repairs_community_overdue_per100": _per_unit(prep, overdue),
        f"repairs_community_completion_days_{cfg.repair_completion_days}d": median,
        f"repairs_community_elevator_{cfg.elevator_outage_days}d_per100": _per_unit(prep, lift),
    }
