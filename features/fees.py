"""Fees: what a unit is charged per m², how that changed, and how its community compares with the district.

The rate comes from the bills, never from `communities.fee_rate_cny_m2`: that column is the rate published at
export time, so a fee increase after t would leak into a feature at t.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from features.config import FeatureConfig
from features.grouped import median_by, ratio
from features.prepared import MONTH_STRIDE, Prepared
from features.spec import Columns, FeatureSpec, family_specs

if TYPE_CHECKING:
    from features.partitions import Context


def specs(cfg: FeatureConfig) -> list[FeatureSpec]:
    """The fee features for this configuration, in column order."""
    m = cfg.fee_change_months
    return family_specs("fees", [
        ("fees_due_per_m2", "latest bill", "CNY per m² per month", 0,
         "Amount due on the unit's latest bill known at t, divided by its floor area."),
        (f"fees_change_{m}m", f"{m} months", "ratio − 1", 1,
         f"Relative change of the latest bill's amount against the unit's bill {m} months earlier "
         "(0.1 = 10% higher); NaN without that earlier bill."),
        ("fees_community_vs_district", "latest bill", "ratio − 1", 0,
         "The community's rate (median over its units of the due per m²) relative to the median community "
         "rate of its district, minus 1."),
    ])  # fmt: skip


def latest_bills(prep: Prepared, t: int) -> tuple[np.ndarray, np.ndarray]:
    """Per unit, the row of its latest bill known at t and whether it has one."""
    b, n = prep.bills, prep.index.n_units
    rows = np.flatnonzero(b["start"] <= t)
    units = b["unit"][rows]
    last = rows[np.r_[units[1:] != units[:-1], True]] if len(rows) else rows
    latest = np.zeros(n, dtype=np.int64)
    has = np.zeros(n, dtype=bool)
    latest[b["unit"][last]] = last
    has[b["unit"][last]] = True
    return latest, has


def due_per_m2(prep: Prepared, t: int) -> np.ndarray:
    """Latest bill's amount per m² of floor area, NaN for a unit without bills."""
    latest, has = latest_bills(prep, t)
    area = prep.index.units["floor_area_m2"].to_numpy(np.float64)
    out = np.full(len(has), np.nan)
    out[has] = prep.bills["amount"][latest[has]] / area[has]
    return out


def community_rate(prep: Prepared, t: int) -> np.ndarray:
    """Per community, the median due per m² over its units."""
    return median_by(prep.index.community, due_per_m2(prep, t), prep.index.n_communities)


def _change(prep: Prepared, t: int, months: int) -> np.ndarray:
    """Latest bill's amount over the same unit's bill `months` earlier, minus 1."""
    b = prep.bills
    latest, has = latest_bills(prep, t)
    out = np.full(len(has), np.nan)
    if len(b["unit"]) == 0:
        return out
    keys = b["unit"] * MONTH_STRIDE + b["month"]
    wanted = keys[latest] - months
    found = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    before = b["amount"][found]
    ok = has & (keys[found] == wanted) & (before > 0)
    out[ok] = b["amount"][latest[ok]] / before[ok] - 1.0
    return out


def compute(prep: Prepared, as_of: pd.Timestamp, cfg: FeatureConfig, context: Context) -> Columns:
    """Fee features per unit at `as_of`."""
    t, community = int(as_of.value), prep.index.community
    rate = community_rate(prep, t)
    district = context.district_rate_of(prep.index.communities)
    return {
        "fees_due_per_m2": due_per_m2(prep, t),
        f"fees_change_{cfg.fee_change_months}m": _change(prep, t, cfg.fee_change_months),
        "fees_community_vs_district": (ratio(rate, district) - 1.0)[community],
    }
