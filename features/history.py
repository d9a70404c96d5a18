"""History: earlier disputes of the unit, its building and its community, and collective disputes.

A dispute is known from filed_at; one resolved after t was still open at t. Days since the unit's last dispute
are capped (FeatureConfig.days_since_cap) and a unit without any takes the cap, so the value only ever says
"longer ago is calmer" (monotone −1) and is never undefined.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from features.clock import DAY_NS, days_before
from features.config import FeatureConfig
from features.grouped import count_by, max_by, per_units
from features.prepared import Prepared
from features.spec import Columns, FeatureSpec, family_specs

if TYPE_CHECKING:
    from features.partitions import Context


def specs(cfg: FeatureConfig) -> list[FeatureSpec]:
    """The dispute-history features for this configuration, in column order."""
    h, cap = cfg.history_days, cfg.days_since_cap
    return family_specs("history", [
        ("history_unit_disputes", "all history", "disputes", 1, "Disputes of the unit filed by t."),
        ("history_unit_open_disputes", "all history", "disputes", 1,
         "Disputes of the unit filed by t and not resolved by t."),
        ("history_unit_days_since_dispute", "all history", "days", -1,
         f"Days from the unit's latest dispute to t, capped at {cap}; {cap} when it has none."),
        (f"history_building_disputes_{h}d", f"{h} days", "disputes", 1,
         f"Disputes of other units in the same building filed in the {h} days up to t."),
        (f"history_community_disputes_{h}d_per100", f"{h} days", "per 100 units", 1,
         f"Unit disputes in the community filed in the {h} days up to t, per 100 units."),
        (f"history_community_collective_{h}d", f"{h} days", "disputes", 1,
         f"Collective disputes (no unit) of the community filed in the {h} days up to t."),
    ])  # fmt: skip


def _days_since(prep: Prepared, known: np.ndarray, t: int, cap: int) -> np.ndarray:
    d = prep.disputes
    latest = max_by(d["unit"], d["filed"], prep.index.n_units, known)
    has = latest > np.iinfo(np.int64).min
    days = np.full(len(latest), float(cap))
    days[has] = np.minimum((t - latest[has]) / DAY_NS, cap)
    return days


def compute(prep: Prepared, as_of: pd.Timestamp, cfg: FeatureConfig, context: Context) -> Columns:
    """Dispute-history features per unit at `as_of`."""
    d, index, t, h = prep.disputes, prep.index, int(as_of.value), cfg.history_days
    community = index.community
    known = d["filed"] <= t
    recent = known & (d["filed"] > days_before(as_of, h))
    own_recent = count_by(d["unit"], index.n_units, recent)
    building = count_by(d["building"], index.n_buildings, recent)[index.building] - own_recent
    per_community = count_by(d["community"], index.n_communities, recent & (d["unit"] >= 0))
    collective = count_by(d["community"], index.n_communities, recent & (d["unit"] < 0))
    return {
        "history_unit_disputes": count_by(d["unit"], index.n_units, known),
        "history_unit_open_disputes": count_by(d["unit"], index.n_units, known & (d["resolved"] > t)),
        "history_unit_days_since_dispute": _days_since(prep, known, t, cfg.days_since_cap),
        f"history_building_disputes_{h}d": building,
        f"history_community_disputes_{h}d_per100": per_units(per_community, index.community_units)[community],
        f"history_community_collective_{h}d": collective[community],
    }
