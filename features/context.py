"""Context: the unit and its community as registered, and its firm's recent dispute rate.

The units, communities and firms tables are registers without a creation time: every unit in them is
included at every as-of date, with its registered attributes (occupancy, floor area, owners' committee)
taken as they are. A moved_in date after t is not yet known at t. The firm's dispute rate comes from the
`Context` pass over all communities (features.partitions).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from data.contract import OCCUPANCY
from features.config import FeatureConfig
from features.prepared import Prepared
from features.spec import Columns, FeatureSpec, family_specs

if TYPE_CHECKING:
    from features.partitions import Context

_YEAR = pd.Timedelta(days=365.25)


def specs(cfg: FeatureConfig) -> list[FeatureSpec]:
    """The context features for this configuration, in column order."""
    m = cfg.firm_rate_months
    occupancy = [
        (f"context_occupancy_{code}", "register", "flag", 0, f"1 when the unit is registered {code}, else 0.")
        for code in OCCUPANCY
    ]
    return family_specs("context", [
        ("context_building_age_years", "register", "years", 0,
         "Years from the community's built year to the year of t."),
        ("context_owners_committee", "register", "flag", 0,
         "1 when the community has an owners' committee, else 0."),
        *occupancy,
        ("context_floor_area_m2", "register", "m²", 0, "The unit's floor area."),
        ("context_tenure_years", "register", "years", 0,
         "Years from moved_in to t; NaN when moved_in is empty or after t."),
        ("context_community_units", "register", "units", 0, "Units registered in the community."),
        (f"context_firm_dispute_rate_{m}m", f"{m} months", "per 100 units", 1,
         f"Disputes (unit and collective) filed in the {m} months up to t across all communities of the "
         "community's firm, per 100 of the firm's units; NaN without a disputes table."),
    ])  # fmt: skip


def _tenure_years(units: pd.DataFrame, as_of: pd.Timestamp) -> np.ndarray:
    moved = pd.to_datetime(units["moved_in"]).astype("datetime64[ns]")
    years = ((as_of - moved) / _YEAR).to_numpy(np.float64, na_value=np.nan)
    return np.where(years >= 0, years, np.nan)


def compute(prep: Prepared, as_of: pd.Timestamp, cfg: FeatureConfig, context: Context) -> Columns:
    """Context features per unit at `as_of`."""
    index, units = prep.index, prep.index.units
    communities, community = index.communities, index.community
    built = communities["built_year"].astype("Float64").to_numpy(np.float64, na_value=np.nan)
    committee = communities["has_owners_committee"].to_numpy(np.float64)
    occupancy = units["occupancy"].astype("string")
    flags = {f"context_occupancy_{c}": (occupancy == c).fillna(False).to_numpy(np.float64) for c in OCCUPANCY}
    return {
        "context_building_age_years": (as_of.year - built)[community],
        "context_owners_committee": committee[community],
        **flags,
        "context_floor_area_m2": units["floor_area_m2"].to_numpy(np.float64),
        "context_tenure_years": _tenure_years(units, as_of),
        "context_community_units": index.community_units[community],
        f"context_firm_dispute_rate_{cfg.firm_rate_months}m": context.firm_rate_of(communities)[community],
    }
