"""Fixtures for the store's tests: a small typed dataset and an empty SQLite store."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest

from data.contract import TABLES, Kind
from data.dataset import Dataset
from data.store import Store


def typed_frame(name: str, columns: dict[str, list[object]]) -> pd.DataFrame:
    """A frame with the contract's dtypes, built from plain Python values (None for empty)."""
    table = TABLES[name]
    data = {}
    for column in table.columns:
        values = pd.Series(columns[column.name], dtype=object)
        if column.kind in (Kind.DATE, Kind.TIMESTAMP):
            values = pd.to_datetime(values)
        data[column.name] = values.astype(column.dtype())  # type: ignore[call-overload]
    return pd.DataFrame(data)


def small_tables() -> dict[str, pd.DataFrame]:
    """2 firms, 2 communities, 4 units and a few rows in every other table, Chinese text included."""
    return {
        "firms": typed_frame("firms", {"firm_id": ["F1", "F2"], "name": ["深业物业", "万科物业"]}),
        "communities": typed_frame(
            "communities",
            {
                "community_id": ["C1", "C2"],
                "name": ["翠竹苑", "东湖花园"],
                "district": ["罗湖区", "罗湖区"],
                "subdistrict": ["翠竹街道", "东湖街道"],
                "firm_id": ["F1", "F2"],
                "built_year": [1998, 2005],
                "fee_rate_cny_m2": [2.35, 3.1],
                "has_owners_committee": [True, False],
            },
        ),
        "units": typed_frame(
            "units",
            {
                "unit_id": ["U1", "U2", "U3", "U4"],
                "community_id": ["C1", "C1", "C2", "C2"],
                "building": ["1栋", "1栋", "A座", "B座"],
                "floor_area_m2": [88.5, 120.25, 65.0, 143.75],
                "occupancy": ["owner_occupied", "rented", "vacant", "owner_occupied"],
                "moved_in": ["2015-03-01", None, "2010-07-15", "2021-12-31"],
            },
        ),
        "fee_bills": typed_frame(
            "fee_bills",
            {
                "bill_id": ["B1", "B2", "B3", "B4", "B5"],
                "unit_id": ["U1", "U1", "U2", "U3", "U4"],
                "period": ["2024-01", "2024-02", "2024-01", "2024-01", "2024-01"],
                "amount_due_cny": [207.98, 207.98, 282.59, 201.5, 0.0],
                "due_date": ["2024-01-31", "2024-02-29", "2024-01-31", "2024-01-31", "2024-01-31"],
                "paid_at": ["2024-01-20", None, "2024-03-02", None, "2024-01-05"],
                "amount_paid_cny": [207.98, None, 282.59, None, 0.0],
            },
        ),
        "complaints": typed_frame(
            "complaints",
            {
                "complaint_id": ["Q1", "Q2", "Q3"],
                "community_id": ["C1", "C1", "C2"],
                "unit_id": ["U1", None, "U3"],
                "created_at": ["2024-01-03 08:15:42", "2024-02-10 21:03:07", "2024-02-11 00:00:01"],
                "category": ["elevator", "sanitation", "fee"],
                "channel": ["app", "gov_hotline_12345", "hotline"],
                "text": ["电梯又坏了，三天没人修", None, "物业费上涨没有公示"],
                "resolved_at": ["2024-01-05 17:30:59", None, "2024-02-12 09:00:00"],
                "satisfaction": [2, None, None],
            },
        ),
        "repair_orders": typed_frame(
            "repair_orders",
            {
                "order_id": ["R1", "R2"],
                "community_id": ["C1", "C2"],
                "unit_id": [None, "U4"],
                "category": ["elevator", "water_leak"],
                "reported_at": ["2024-01-03 09:00:00", "2024-02-01 12:34:56"],
                "completed_at": ["2024-01-06 16:20:11", None],
                "cost_cny": [1800.0, None],
                "funded_by": ["maintenance_fund", None],
            },
        ),
        "disputes": typed_frame(
            "disputes",
            {
                "dispute_id": ["D1", "D2"],
                "community_id": ["C1", "C2"],
                "unit_id": ["U1", None],
                "filed_at": ["2024-03-01 10:11:12", "2024-03-15 14:00:00"],
                "kind": ["repair", "fee_increase"],
                "venue": ["mediation", "gov_hotline_12345"],
                "resolved_at": ["2024-03-20 11:00:00", None],
                "outcome": ["mediated_agreement", None],
            },
        ),
        "ledger": typed_frame(
            "ledger",
            {
                "community_id": ["C1", "C1", "C2"],
                "period": ["2024-01", "2024-01", "2024-01"],
                "item": ["fee_income", "maintenance_fund_balance", "fee_income"],
                "amount_cny": [12345.67, 1_000_000.0, 9876.5],
            },
        ),
    }


@pytest.fixture
def tables() -> dict[str, pd.DataFrame]:
    """Fresh typed frames for every contract table (safe to modify)."""
    return small_tables()


@pytest.fixture
def dataset() -> Dataset:
    return Dataset(tables=small_tables())


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    store = Store(f"sqlite:///{store_path}")
    store.create_schema()
    yield store
    store.dispose()


@pytest.fixture
def dump_store(store_path: Path) -> Callable[[], list[str]]:
    """Every statement needed to rebuild the SQLite file: equal dumps mean equal schema and contents."""

    def dump() -> list[str]:
        with sqlite3.connect(store_path) as connection:
            return list(connection.iterdump())

    return dump
