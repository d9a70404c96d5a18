"""The register tables: firms, communities and units, typed as the contract says."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from data.contract import COMMUNITIES, FIRMS, UNITS
from data.synth.events import Schedules
from data.synth.ids import as_contract, categories, days_to_dates, numbered, strings, unit_codes
from data.synth.names import name_pools
from data.synth.world import Hidden


def firm_ids(n: int) -> pa.Array:
    """F01, F02, …"""
    return numbered("F", np.arange(1, n + 1), 2)


def community_ids(n: int) -> pa.Array:
    """C0001, C0002, …"""
    return numbered("C", np.arange(1, n + 1), 4)


def unit_ids(hidden: Hidden) -> pa.Array:
    """C0001-B03-1502 style ids, in unit order."""
    u = hidden.units
    return unit_codes(u.community + 1, u.building_no, u.floor, u.room)


def firms_frame(hidden: Hidden) -> pd.DataFrame:
    """One row per firm."""
    names = pa.array(hidden.firms.names, pa.string())
    frame = pd.DataFrame({"firm_id": strings(firm_ids(len(names))), "name": strings(names)})
    return as_contract(frame, FIRMS)


def communities_frame(hidden: Hidden, schedules: Schedules) -> pd.DataFrame:
    """One row per community; the fee rate published is the one in force in the last month."""
    comm, pools = hidden.communities, name_pools()
    n = len(comm.firm)
    frame = pd.DataFrame({
        "community_id": strings(community_ids(n)),
        "name": strings(pa.array(comm.names, pa.string())),
        "district": strings(pa.array([pools.district], pa.string()), np.zeros(n, np.int64)),
        "subdistrict": strings(pa.array(pools.subdistricts, pa.string()), comm.subdistrict),
        "firm_id": strings(firm_ids(len(hidden.firms.names)), comm.firm),
        "built_year": pd.array(comm.built_year, dtype="Int64"),
        "fee_rate_cny_m2": schedules.rate[:, -1],
        "has_owners_committee": comm.committee.astype(bool),
    })  # fmt: skip
    return as_contract(frame, COMMUNITIES)


def units_frame(hidden: Hidden, ids: pa.Array) -> pd.DataFrame:
    """One row per household unit."""
    u, pools = hidden.units, name_pools()
    labels = pa.array([f"{k}{pools.building_suffix}" for k in range(1, int(u.building_no.max()) + 1)], pa.string())
    frame = pd.DataFrame({
        "unit_id": strings(ids),
        "community_id": strings(community_ids(len(hidden.communities.firm)), u.community),
        "building": strings(labels, u.building_no - 1),
        "floor_area_m2": u.area,
        "occupancy": categories(u.occupancy, UNITS.column("occupancy").dtype()),
        "moved_in": days_to_dates(u.moved_in),
    })  # fmt: skip
    return as_contract(frame, UNITS)
