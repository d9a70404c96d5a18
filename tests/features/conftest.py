"""Datasets for the feature tests: a tiny hand-computed one and seeded random worlds."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import numpy as np
import pandas as pd
import pytest

from data.contract import (
    COMPLAINT_CATEGORIES,
    COMPLAINT_CHANNELS,
    DISPUTE_KINDS,
    LEDGER_ITEMS,
    OCCUPANCY,
    REPAIR_CATEGORIES,
    TABLES,
)
from data.dataset import Dataset

AS_OF = pd.Timestamp("2024-04-01")
Rows = list[tuple[object, ...]]


def typed(name: str, rows: Iterable[tuple[object, ...]]) -> pd.DataFrame:
    """A contract-typed frame from positional rows (columns in contract order)."""
    table = TABLES[name]
    frame = pd.DataFrame(list(rows), columns=list(table.column_names), dtype=object)
    return frame.astype(table.dtypes()) if len(frame) else table.empty_frame()  # type: ignore[arg-type]


def make_dataset(rows: Mapping[str, Rows], missing: Iterable[str] = ()) -> Dataset:
    """All eight tables from positional rows; tables in `missing` are empty and marked missing."""
    absent = frozenset(missing)
    tables = {name: typed(name, [] if name in absent else rows.get(name, [])) for name in TABLES}
    return Dataset(tables=tables, missing=absent)


TINY: dict[str, Rows] = {
    "firms": [("F1", "甲物业"), ("F2", "乙物业")],
    "communities": [
        ("C1", "翠竹花园", "D1", "S1", "F1", 2000, 2.0, True),
        ("C2", "东门大厦", "D1", "S1", "F1", 2010, 3.0, False),
        ("C3", "莲塘新村", "D2", "S2", "F2", 1995, 1.0, False),
    ],
    "units": [
        ("U1", "C1", "B1", 100.0, "owner_occupied", "2020-01-01"),
        ("U2", "C1", "B1", 50.0, "rented", None),
        ("U3", "C1", "B2", 80.0, "vacant", "2024-05-01"),
        ("U4", "C2", "B1", 100.0, "owner_occupied", None),
        ("U5", "C3", "B1", 60.0, "owner_occupied", None),
    ],
    "fee_bills": [
        ("b1", "U1", "2023-04", 200.0, "2023-04-15", "2023-04-20", 200.0),
        ("b2", "U1", "2024-01", 200.0, "2024-01-15", "2024-01-10", 200.0),
        ("b3", "U1", "2024-02", 200.0, "2024-02-15", "2024-03-01", 200.0),
        ("b4", "U1", "2024-03", 200.0, "2024-03-15", "2024-04-05", 200.0),
        ("b5", "U1", "2024-04", 220.0, "2024-04-15", None, None),
        ("b6", "U1", "2024-05", 220.0, "2024-05-15", None, None),
        ("b7", "U3", "2024-02", 160.0, "2024-02-15", None, None),
        ("b8", "U4", "2024-04", 300.0, "2024-04-15", None, None),
        ("b9", "U5", "2024-03", 60.0, "2024-03-15", "2024-03-15", 60.0),
    ],
    "complaints": [
        ("K1", "C1", "U1", "2024-03-20 10:00", "fee", "gov_hotline_12345", "物业费", "2024-03-25 10:00", 2),
        ("K2", "C1", "U1", "2024-03-01 00:00", "elevator", "app", None, "2024-04-10", 4),
        ("K3", "C1", None, "2024-01-15", "sanitation", "hotline", None, "2024-01-16", None),
        ("K4", "C1", "U2", "2023-06-01", "noise", "app", None, "2023-06-11", 5),
        ("K5", "C1", "U1", "2024-04-01 00:00", "other", "app", None, None, None),
        ("K6", "C1", "U1", "2024-04-02", "fee", "app", None, None, None),
        ("K7", "C2", "U4", "2022-01-01", "repair", "app", None, "2022-01-03", 1),
    ],
    "repair_orders": [
        ("R1", "C1", "U1", "elevator", "2024-03-30", "2024-04-03", 500.0, "firm"),
        ("R2", "C1", "U1", "water_leak", "2024-03-20", None, None, None),
        ("R3", "C1", None, "elevator", "2024-02-10", "2024-02-12 12:00", 800.0, "maintenance_fund"),
        ("R4", "C1", "U2", "roof", "2023-12-01", "2024-01-10", 3000.0, "maintenance_fund"),
        ("R5", "C2", "U4", "plumbing", "2024-03-29", None, None, None),
        ("R6", "C1", "U3", "facade", "2024-04-02", None, None, None),
    ],
    "disputes": [
        ("D1", "C1", "U1", "2023-10-01", "fee_arrears", "mediation", "2023-12-01", "mediated_agreement"),
        ("D2", "C1", "U2", "2024-02-01", "service_quality", "court", "2024-05-01", "judgment_for_owner"),
        ("D3", "C1", None, "2024-03-01", "maintenance_fund", "mediation", None, None),
        ("D4", "C1", "U1", "2022-01-01", "fee_arrears", "mediation", "2022-02-01", "withdrawn"),
        ("D5", "C1", "U3", "2024-04-15", "repair", "mediation", None, None),
        ("D6", "C3", "U5", "2023-09-01", "parking", "arbitration", None, None),
    ],
    "ledger": [
        ("C1", "2023-03", "maintenance_fund_income", 1000.0),
        ("C1", "2023-04", "maintenance_fund_income", 100.0),
        ("C1", "2023-04", "maintenance_fund_spent", 30.0),
        ("C1", "2024-03", "maintenance_fund_income", 100.0),
        ("C1", "2024-03", "maintenance_fund_spent", 50.0),
        ("C1", "2024-04", "maintenance_fund_income", 100.0),
        ("C1", "2024-04", "maintenance_fund_spent", 500.0),
        ("C1", "2024-01", "common_revenue", 200.0),
        ("C1", "2024-01", "common_revenue_to_owners", 50.0),
        ("C1", "2024-02", "fee_income", 1000.0),
        ("C1", "2024-02", "service_expense", 700.0),
    ],
}


@pytest.fixture
def tiny() -> Dataset:
    """Five units in three communities with hand-checked records around 2024-04-01."""
    return make_dataset(TINY)


@pytest.fixture
def tiny_rows() -> dict[str, Rows]:
    """The tiny dataset's rows, to copy and vary."""
    return {name: list(rows) for name, rows in TINY.items()}


def _stamp(rng: np.random.Generator, start: pd.Timestamp, end: pd.Timestamp, n: int) -> pd.Series:
    """Random instants in [start, end); a fifth fall exactly on a month start, the as-of boundary."""
    seconds = rng.integers(0, int((end - start).total_seconds()), n)
    stamps = pd.Series(start + pd.to_timedelta(seconds, unit="s"))
    on_boundary = rng.random(n) < 0.2
    stamps[on_boundary] = stamps[on_boundary].dt.to_period("M").dt.start_time
    return stamps


def _later(rng: np.random.Generator, start: pd.Series, max_days: float, open_share: float) -> pd.Series:
    later = start + pd.to_timedelta(rng.uniform(0, max_days, len(start)) * 86400, unit="s")
    return later.where(rng.random(len(start)) >= open_share)


def _bills(rng: np.random.Generator, units: pd.DataFrame, months: pd.DatetimeIndex) -> pd.DataFrame:
    unit = np.repeat(units["unit_id"].to_numpy(), len(months))
    start = np.tile(months, len(units))
    rate = 2.0 * np.where(start >= months[len(months) // 2], 1.15, 1.0)
    amount = np.round(rate * np.repeat(units["floor_area_m2"].to_numpy(), len(months)), 2)
    due = pd.Series(start) + pd.Timedelta(days=14)
    delay = rng.choice([-5, 0, 3, 20, 45, 120], size=len(unit))
    paid = (due + pd.to_timedelta(delay, unit="D")).where(rng.random(len(unit)) > 0.1)
    return pd.DataFrame({
        "bill_id": [f"b{i}" for i in range(len(unit))], "unit_id": unit,
        "period": pd.Series(start).dt.strftime("%Y-%m"), "amount_due_cny": amount, "due_date": due,
        "paid_at": paid, "amount_paid_cny": amount.astype(float),
    }).assign(amount_paid_cny=lambda f: f["amount_paid_cny"].where(f["paid_at"].notna()))  # fmt: skip


def _located(rng: np.random.Generator, units: pd.DataFrame, n: int, unit_share: float) -> pd.DataFrame:
    pick = units.iloc[rng.integers(0, len(units), n)].reset_index(drop=True)
    return pd.DataFrame({
        "community_id": pick["community_id"].to_numpy(),
        "unit_id": pick["unit_id"].where(rng.random(n) < unit_share).to_numpy(),
    })  # fmt: skip


def random_world(seed: int, communities: int = 6, units_per: int = 8, months: int = 18) -> Dataset:
    """A seeded world whose records straddle every month start: late payments, late resolutions and more."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2023-01-01")
    month_starts = pd.date_range(start, periods=months, freq="MS")
    end = start + pd.DateOffset(months=months)
    firms = pd.DataFrame({"firm_id": ["F1", "F2", "F3"], "name": ["甲", "乙", "丙"]})
    comm_ids = [f"C{i}" for i in range(communities)]
    comms = pd.DataFrame({
        "community_id": comm_ids, "name": comm_ids, "district": [f"D{i % 2}" for i in range(communities)],
        "subdistrict": "S", "firm_id": [f"F{1 + i % 3}" for i in range(communities)],
        "built_year": rng.integers(1985, 2020, communities), "fee_rate_cny_m2": 2.3,
        "has_owners_committee": rng.random(communities) < 0.5,
    })  # fmt: skip
    n_units = communities * units_per
    moved = pd.Series(start + pd.to_timedelta(rng.integers(-3000, 500, n_units), unit="D"))
    units = pd.DataFrame({
        "unit_id": [f"U{i:03d}" for i in range(n_units)], "community_id": np.repeat(comm_ids, units_per),
        "building": [f"B{i % 3}" for i in range(n_units)],
        "floor_area_m2": rng.uniform(40, 180, n_units).round(1),
        "occupancy": rng.choice(OCCUPANCY, n_units), "moved_in": moved.where(rng.random(n_units) < 0.8),
    })  # fmt: skip
    n_c, n_r, n_d = 25 * communities, 20 * communities, 8 * communities
    complaints = _located(rng, units, n_c, 0.8).assign(
        complaint_id=[f"K{i}" for i in range(n_c)], created_at=_stamp(rng, start, end, n_c),
        category=rng.choice(COMPLAINT_CATEGORIES, n_c), channel=rng.choice(COMPLAINT_CHANNELS, n_c),
        text="投诉",
    )  # fmt: skip
    complaints["resolved_at"] = _later(rng, complaints["created_at"], 60, 0.2)
    complaints["satisfaction"] = pd.Series(rng.integers(1, 6, n_c)).where(complaints["resolved_at"].notna())
    repairs = _located(rng, units, n_r, 0.6).assign(
        order_id=[f"R{i}" for i in range(n_r)], category=rng.choice(REPAIR_CATEGORIES, n_r),
        reported_at=_stamp(rng, start, end, n_r), cost_cny=rng.uniform(50, 5000, n_r), funded_by="firm",
    )  # fmt: skip
    repairs["completed_at"] = _later(rng, repairs["reported_at"], 40, 0.15)
    disputes = _located(rng, units, n_d, 0.75).assign(
        dispute_id=[f"D{i}" for i in range(n_d)], filed_at=_stamp(rng, start, end, n_d),
        kind=rng.choice(DISPUTE_KINDS, n_d), venue="mediation",
    )  # fmt: skip
    disputes["resolved_at"] = _later(rng, disputes["filed_at"], 120, 0.3)
    disputes["outcome"] = pd.Series("withdrawn", index=disputes.index).where(disputes["resolved_at"].notna())
    ledger = pd.MultiIndex.from_product(
        [comm_ids, month_starts.strftime("%Y-%m"), LEDGER_ITEMS], names=["community_id", "period", "item"]
    ).to_frame(index=False)
    ledger["amount_cny"] = rng.uniform(0, 1000, len(ledger)).round(2)
    frames = {
        "firms": firms, "communities": comms, "units": units, "fee_bills": _bills(rng, units, month_starts),
        "complaints": complaints, "repair_orders": repairs, "disputes": disputes, "ledger": ledger,
    }  # fmt: skip
    tables = {name: frames[name].loc[:, list(TABLES[name].column_names)] for name in TABLES}
    tables = {name: frame.astype(TABLES[name].dtypes()) for name, frame in tables.items()}  # type: ignore[arg-type]
    return Dataset(tables=tables)


@pytest.fixture(scope="session")
def world() -> Dataset:
    """A seeded random world of six communities over 18 months."""
    return random_world(11)


@pytest.fixture(scope="session")
def world_factory() -> Callable[..., Dataset]:
    """random_world(seed, communities, units_per, months) for tests that need other sizes."""
    return random_world


@pytest.fixture
def tiny_features(tiny: Dataset) -> pd.DataFrame:
    """Features of the tiny dataset at 2024-04-01, indexed by unit_id."""
    from features import build_unit_features

    return build_unit_features(tiny, AS_OF).set_index("unit_id")


@pytest.fixture
def dataset_from() -> Callable[..., Dataset]:
    """make_dataset(rows, missing=()) for tests that vary the tiny rows."""
    return make_dataset
