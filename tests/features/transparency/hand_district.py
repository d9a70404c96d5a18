"""The hand-made district: three communities whose transparency figures the tests work out by hand.

As of 2024-07-01 the window holds the closed months 2023-07 … 2024-06. Community A (10 units) has figures of every
kind, B (6 units) a few, C (4 units) only small counts. All three are in 罗湖区, so each median is over three.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import pandas as pd

from data.contract import TABLES
from data.dataset import Dataset
from models.reason_text import GENERIC

AS_OF = pd.Timestamp("2024-07-01")
MODEL_VERSION = "12"
UNITS = {"A": 10, "B": 6, "C": 4}


def typed(name: str, rows: Sequence[tuple[object, ...]]) -> pd.DataFrame:
    """A contract-typed frame from positional rows (columns in contract order)."""
    table = TABLES[name]
    frame = pd.DataFrame(list(rows), columns=list(table.column_names), dtype=object)
    return frame.astype(table.dtypes()) if rows else table.empty_frame()  # type: ignore[arg-type]


def _units() -> list[tuple[object, ...]]:
    return [(f"{c}{i:02d}", c, "1栋", 80.0, "owner_occupied", None) for c, n in UNITS.items() for i in range(1, n + 1)]


def _bills() -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    # A, 2024-05: 7 of 10 paid in time; A09 paid only after the as-of date (unpaid at t), A08 and A10 never paid.
    for i in range(1, 11):
        paid = "2024-05-20" if i <= 7 else ("2024-07-05" if i == 9 else None)
        rows.append((f"A{i:02d}-2405", f"A{i:02d}", "2024-05", 100.0, "2024-05-15", paid, 100.0 if paid else None))
    # A, 2024-06: 6 paid in full, A07 paid 50 of 100, A08 paid 150 (counts 100), A09 and A10 unpaid.
    paid_06 = {1: 100.0, 2: 100.0, 3: 100.0, 4: 100.0, 5: 100.0, 6: 100.0, 7: 50.0, 8: 150.0}
    for i in range(1, 11):
        amount = paid_06.get(i)
        rows.append(
            (f"A{i:02d}-2406", f"A{i:02d}", "2024-06", 100.0, "2024-06-15", "2024-06-20" if amount else None, amount)
        )
    rows.append(("A01-2306", "A01", "2023-06", 100.0, "2023-06-15", None, None))  # before the window
    rows.append(("A01-2407", "A01", "2024-07", 100.0, "2024-07-15", None, None))  # month not closed at t
    rows += [(f"B{i:02d}-2406", f"B{i:02d}", "2024-06", 200.0, "2024-06-15", "2024-06-10", 200.0) for i in range(1, 7)]
    rows += [(f"C{i:02d}-2406", f"C{i:02d}", "2024-06", 100.0, "2024-06-15", "2024-06-10", 100.0) for i in range(1, 5)]
    return rows


def _complaint(key: str, community: str, created: str, days: float | None, category: str, score: object = None):
    made = pd.Timestamp(created)
    resolved = None if days is None else str(made + pd.Timedelta(days=days))
    return (key, community, None, created, category, "app", None, resolved, score if resolved else None)


def _complaints() -> list[tuple[object, ...]]:
    # A: 11 made in the window (repair 6, elevator 3, sanitation 2); 9 resolved by t, in 1, 1, 2, 2, 3, 3, 4, 5, 6
    # days; K10 resolved only after t, K11 open. K00 was made before the window and resolved inside it (20 days).
    resolved = [(1, 5), (1, 4), (2, 4), (2, 3), (3, 3), (3, 2), (4, 5), (5, None), (6, None)]
    categories = ["repair"] * 6 + ["elevator"] * 3 + ["sanitation"] * 2
    rows = [_complaint("K00", "A", "2023-06-20", 20, "noise")]
    for i, (days, score) in enumerate(resolved):
        rows.append(_complaint(f"K{i + 1:02d}", "A", f"2024-0{1 + i % 5}-10", days, categories[i], score))
    rows.append(_complaint("K10", "A", "2024-06-28", 5, categories[9]))  # resolved 2024-07-03, after t
    rows.append(_complaint("K11", "A", "2024-06-29", None, categories[10]))
    rows += [_complaint(f"KB{i}", "B", "2024-03-01", 2, "noise") for i in range(6)]  # none rated
    rows += [_complaint(f"KC{i}", "C", "2024-03-01", 1, "parking", 5) for i in range(2)]
    return rows


def _repairs() -> list[tuple[object, ...]]:
    def order(key: str, category: str, reported: str, completed: str | None) -> tuple[object, ...]:
        return (key, "A", None, category, reported, completed, None, None)

    return [
        order("R1", "elevator", "2024-06-01", "2024-06-02"),  # 1 day, within 2
        order("R2", "elevator", "2024-05-01", "2024-05-05"),  # 4 days, late
        order("R3", "elevator", "2024-04-01", "2024-04-02"),
        order("R4", "elevator", "2024-03-01", "2024-03-02"),
        order("R5", "elevator", "2024-02-01", "2024-02-02"),
        order("R6", "water_leak", "2024-06-25", None),  # open 6 days, past its 3: late
        order("R7", "roof", "2024-06-20", None),  # open 11 days of 14: not known yet
        order("R8", "plumbing", "2024-01-10", "2024-01-13"),  # 3 days, within 5
        order("R9", "plumbing", "2023-12-01", "2024-07-03"),  # completed after t: open and late at t
        order("R10", "facade", "2023-06-15", "2023-07-20"),  # reported before the window, completed inside (35 days)
    ]


def _disputes() -> list[tuple[object, ...]]:
    # A: 8 filed in the window; kinds fee_arrears 6, repair 2; venues mediation 5, court 3; 6 resolved inside it.
    outcomes = ["mediated_agreement"] * 4 + ["withdrawn", "judgment_for_owner"]
    rows: list[tuple[object, ...]] = []
    for i in range(8):
        kind = "fee_arrears" if i < 6 else "repair"
        venue = "mediation" if i < 5 else "court"
        resolved = "2024-06-01" if i < 6 else ("2024-07-10" if i == 6 else None)
        outcome = outcomes[i] if i < 6 else ("withdrawn" if i == 6 else None)
        rows.append((f"D{i}", "A", None, f"2024-0{1 + i % 5}-05", kind, venue, resolved, outcome))
    return rows


def _ledger() -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    months = [str(p) for p in pd.period_range("2023-06", "2024-07", freq="M")]  # one month each side of the window
    for n, period in enumerate(months):
        spent = 500.0 if period == "2024-03" else 0.0
        amounts = {
            "fee_income": 1000.0, "service_expense": 900.0, "maintenance_fund_income": 100.0,
            "maintenance_fund_spent": spent, "maintenance_fund_balance": 5000.0 + 100.0 * n,
            "common_revenue": 200.0, "common_revenue_to_owners": 50.0,
        }  # fmt: skip
        rows += [("A", period, item, amount) for item, amount in amounts.items()]
    for period in [str(p) for p in pd.period_range("2024-01", "2024-06", freq="M")]:
        rows += [("B", period, "common_revenue", 300.0), ("B", period, "common_revenue_to_owners", 150.0)]
    return rows


def hand_dataset() -> Dataset:
    """The hand-made district (every table supplied)."""
    rows: dict[str, list[tuple[object, ...]]] = {
        "firms": [("F1", "甲物业"), ("F2", "乙物业")],
        "communities": [
            ("A", "翠竹花园", "罗湖区", "翠竹街道", "F1", 2000, 2.5, True),
            ("B", "东门大厦", "罗湖区", "东门街道", "F1", 2010, 3.0, False),
            ("C", "莲塘新村", "罗湖区", "莲塘街道", "F2", 1995, 2.0, True),
        ],
        "units": _units(), "fee_bills": _bills(), "complaints": _complaints(), "repair_orders": _repairs(),
        "disputes": _disputes(), "ledger": _ledger(),
    }  # fmt: skip
    return Dataset(tables={name: typed(name, rows[name]) for name in TABLES})


def hand_rollups() -> pd.DataFrame:
    """Community rollups as a scoring run writes them: A expects most disputes per unit."""
    driver = {
        "family": "arrears",
        "units": 3,
        "contribution": 1.2,
        "zh": GENERIC["arrears"][0],
        "en": GENERIC["arrears"][1],
    }
    drivers = json.dumps([driver], ensure_ascii=False)
    return pd.DataFrame({
        "community_id": ["A", "B", "C"], "units": [10, 6, 4], "expected_disputes": [1.0, 0.06, 0.08],
        "p_at_least_one": [0.6, 0.05, 0.07], "band_low": [7, 6, 4], "band_medium": [1, 0, 0], "band_high": [1, 0, 0],
        "band_critical": [1, 0, 0], "top_drivers": [drivers, "[]", "[]"],
    })  # fmt: skip
