"""A dataset turned into integer codes and int64 times once, so each as-of date is cheap array work.

Codes are row positions: a unit's code is its row in the units table, a community's its row in the
communities table, a building's its position among the distinct (community, building) pairs. -1 means
"none" (a common-area record has no unit). Ids missing from the registers also get -1 (validation rejects
them earlier); bills of unknown units are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data.contract import COMPLAINT_CATEGORIES, LEDGER_ITEMS, REPAIR_CATEGORIES, TABLES
from data.dataset import Dataset
from features.clock import month_start_ns, period_months, times_ns

MONTH_STRIDE = 1 << 20
"""More than any month index: unit * MONTH_STRIDE + month orders bills by unit, then month."""

# Complaint categories grouped by what the complaint is about.
COMPLAINT_GROUPS: dict[str, tuple[str, ...]] = {
    "fee": ("fee",),
    "repair": ("repair", "elevator"),
    "service": ("sanitation", "security", "service_attitude", "greenery"),
    "other": ("noise", "parking", "other"),
}
_GROUP_OF_CATEGORY = np.array(
    [next(i for i, cats in enumerate(COMPLAINT_GROUPS.values()) if c in cats) for c in COMPLAINT_CATEGORIES]
)


def codes_in(values: pd.Series, keys: pd.Series) -> np.ndarray:
    """Position of each value among `keys` (int64), -1 for an empty or unknown value."""
    if len(values) == 0:
        return np.empty(0, np.int64)
    found = pc.index_in(pa.array(values, from_pandas=True), value_set=pa.array(keys, from_pandas=True))
    return np.asarray(found.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)


def category_codes(values: pd.Series, codes: tuple[str, ...]) -> np.ndarray:
    """Contract enum values as positions in the contract's code list (-1 when empty)."""
    as_cat = pd.Categorical(values.astype("string"), categories=list(codes))
    return np.asarray(as_cat.codes, dtype=np.int64)


@dataclass(frozen=True)
class UnitIndex:
    """Units in table order with their community and building codes."""

    units: pd.DataFrame
    communities: pd.DataFrame
    community: np.ndarray
    building: np.ndarray
    n_buildings: int
    community_units: np.ndarray

    @property
    def n_units(self) -> int:
        return len(self.units)

    @property
    def n_communities(self) -> int:
        return len(self.communities)


def unit_index(dataset: Dataset) -> UnitIndex:
    """Codes for the units, their communities and their buildings."""
    units = dataset["units"].reset_index(drop=True)
    communities = dataset["communities"].reset_index(drop=True)
    community = codes_in(units["community_id"], communities["community_id"])
    pairs = pd.MultiIndex.from_arrays([community, units["building"].astype("string")])
    building, uniques = pd.factorize(pairs)
    sizes = np.bincount(community[community >= 0], minlength=len(communities)).astype(np.float64)
    return UnitIndex(units, communities, community, np.asarray(building, np.int64), len(uniques), sizes)


@dataclass(frozen=True)
class Prepared:
    """Every table as code and time arrays; `missing` names the tables that were not supplied."""

    index: UnitIndex
    bills: dict[str, np.ndarray]
    complaints: dict[str, np.ndarray]
    repairs: dict[str, np.ndarray]
    disputes: dict[str, np.ndarray]
    ledger: dict[str, np.ndarray]
    missing: frozenset[str]


def _unit_month_order(unit: np.ndarray, month: np.ndarray) -> np.ndarray | slice:
    """Row order by (unit, month) without unknown units; a plain slice when the rows already are in it."""
    key = unit * MONTH_STRIDE + month
    if len(key) and unit.min() >= 0 and (np.diff(key) >= 0).all():
        return slice(None)
    order = np.argsort(key, kind="stable")
    return order[unit[order] >= 0]


def bill_arrays(frame: pd.DataFrame, index: UnitIndex) -> dict[str, np.ndarray]:
    """Bills in (unit, month) order: unit code, month index, period start, due, paid (NEVER) and amount."""
    unit = codes_in(frame["unit_id"], index.units["unit_id"])
    month = period_months(frame["period"])
    order = _unit_month_order(unit, month)
    month = month[order]
    return {
        "unit": unit[order],
        "month": month,
        "start": month_start_ns(month),
        "due": times_ns(frame["due_date"])[order],
        "paid": times_ns(frame["paid_at"])[order],
        "amount": frame["amount_due_cny"].to_numpy(np.float64)[order],
    }


def _located(frame: pd.DataFrame, index: UnitIndex) -> dict[str, np.ndarray]:
    unit = codes_in(frame["unit_id"], index.units["unit_id"])
    community = codes_in(frame["community_id"], index.communities["community_id"])
    return {"unit": unit, "community": community}


def complaint_arrays(frame: pd.DataFrame, index: UnitIndex) -> dict[str, np.ndarray]:
    """Complaints: unit, community, created, resolved (NEVER), category group, 12345 flag, satisfaction."""
    category = category_codes(frame["category"], COMPLAINT_CATEGORIES)
    return _located(frame, index) | {
        "created": times_ns(frame["created_at"]),
        "resolved": times_ns(frame["resolved_at"]),
        "group": _GROUP_OF_CATEGORY[category],
        "gov": (frame["channel"].astype("string") == "gov_hotline_12345").fillna(False).to_numpy(bool),
        "satisfaction": frame["satisfaction"].astype("Float64").to_numpy(np.float64, na_value=np.nan),
    }


def repair_arrays(frame: pd.DataFrame, index: UnitIndex) -> dict[str, np.ndarray]:
    """Repair orders: unit, community, reported, completed (NEVER when open) and category code."""
    return _located(frame, index) | {
        "reported": times_ns(frame["reported_at"]),
        "completed": times_ns(frame["completed_at"]),
        "category": category_codes(frame["category"], REPAIR_CATEGORIES),
    }


def dispute_arrays(frame: pd.DataFrame, index: UnitIndex) -> dict[str, np.ndarray]:
    """Disputes: unit (-1 for a collective one), community, building, filed and resolved (NEVER)."""
    located = _located(frame, index)
    unit = located["unit"]
    return located | {
        "building": np.where(unit >= 0, index.building[unit], -1),
        "filed": times_ns(frame["filed_at"]),
        "resolved": times_ns(frame["resolved_at"]),
    }


def ledger_arrays(frame: pd.DataFrame, index: UnitIndex) -> dict[str, np.ndarray]:
    """Ledger rows: community, month index, item code and amount."""
    return {
        "community": codes_in(frame["community_id"], index.communities["community_id"]),
        "month": period_months(frame["period"]),
        "item": category_codes(frame["item"], LEDGER_ITEMS),
        "amount": frame["amount_cny"].to_numpy(np.float64),
    }


def table_or_empty(dataset: Dataset, name: str) -> pd.DataFrame:
    """The table's frame, or an empty typed frame when the dataset does not hold it."""
    return dataset.tables[name] if name in dataset.tables else TABLES[name].empty_frame()


def prepare(dataset: Dataset) -> Prepared:
    """Code every table of the dataset once; the result serves any number of as-of dates."""
    index = unit_index(dataset)
    return Prepared(
        index=index,
        bills=bill_arrays(table_or_empty(dataset, "fee_bills"), index),
        complaints=complaint_arrays(table_or_empty(dataset, "complaints"), index),
        repairs=repair_arrays(table_or_empty(dataset, "repair_orders"), index),
        disputes=dispute_arrays(table_or_empty(dataset, "disputes"), index),
        ledger=ledger_arrays(table_or_empty(dataset, "ledger"), index),
        missing=frozenset(name for name in TABLES if not dataset.has(name)),
    )
