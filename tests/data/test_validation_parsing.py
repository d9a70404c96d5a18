"""Parsing raw cells: strict text parsing agrees with Python's own, and typed input needs no text round trip."""

from __future__ import annotations

import time
from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data.contract import Column, Kind
from data.parsing import parse_column
from data.validation import ValidationFailed, validate_tables

DATES = st.dates(min_value=date(1700, 1, 1), max_value=date(2200, 12, 31))


def parse(cells: list[str], kind: Kind) -> tuple[list[object], list[bool]]:
    parsed = parse_column(pd.Series(cells, dtype="string[pyarrow]"), Column("c", kind, nullable=True))
    return parsed.values.tolist(), parsed.bad.tolist()


@settings(deadline=None)  # timing varies on a shared machine
@given(st.lists(DATES, min_size=1, max_size=20))
def test_real_dates_parse_to_midnight(days: list[date]) -> None:
    values, bad = parse([d.isoformat() for d in days], Kind.DATE)
    assert values == [pd.Timestamp(d) for d in days]
    assert not any(bad)


@settings(deadline=None)  # timing varies on a shared machine
@given(st.integers(1900, 2100), st.integers(1, 12), st.integers(29, 31))
def test_impossible_month_days_are_bad(year: int, month: int, day: int) -> None:
    exists = day <= pd.Period(f"{year}-{month:02d}").days_in_month
    _, bad = parse([f"{year}-{month:02d}-{day:02d}", "2024-01-01"], Kind.DATE)
    assert bad == [not exists, False]


@settings(deadline=None)  # timing varies on a shared machine
@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)), st.integers(-12, 14))
def test_timestamps_with_offsets_become_shanghai_local(moment: datetime, hours: int) -> None:
    moment = moment.replace(microsecond=0)
    offset = f"{'+' if hours >= 0 else '-'}{abs(hours):02d}:00"
    values, bad = parse([moment.isoformat(), moment.isoformat() + offset], Kind.TIMESTAMP)
    expected = pd.Timestamp(moment.isoformat() + offset).tz_convert("Asia/Shanghai").tz_localize(None)
    assert values == [pd.Timestamp(moment), expected]
    assert bad == [False, False]


@settings(deadline=None)  # timing varies on a shared machine
@given(st.lists(st.integers(-(10**15), 10**15), min_size=1), st.lists(st.floats(-1e12, 1e12), min_size=1))
def test_numbers_round_trip_through_text(integers: list[int], decimals: list[float]) -> None:
    values, bad = parse([str(i) for i in integers], Kind.INT)
    assert values == integers
    values, bad = parse([repr(x) for x in decimals], Kind.DECIMAL)
    assert values == decimals
    assert not any(bad)


@pytest.mark.parametrize(
    ("cell", "kind"),
    [("1.0", Kind.INT), ("+5", Kind.INT), (" 5", Kind.INT), ("0x10", Kind.INT), ("inf", Kind.DECIMAL),
     ("1e999", Kind.DECIMAL), ("1 000", Kind.DECIMAL), ("TRUE", Kind.BOOL), ("2024-01-01T00:00", Kind.DATE),
     ("2024-01-01 08:00:00 +08:00", Kind.TIMESTAMP), ("2024-01-01T25:00:00", Kind.TIMESTAMP),
     ("1600-01-01", Kind.DATE), ("2024-00", Kind.PERIOD), ("2024_01", Kind.PERIOD)],
)  # fmt: skip
def test_near_misses_are_bad_not_coerced(cell: str, kind: Kind) -> None:
    values, bad = parse([cell], kind)
    assert bad == [True]
    assert kind is Kind.BOOL or values[0] is pd.NA or pd.isna(pd.Series(values)).all()  # bool columns have no NA


@pytest.mark.slow
def test_a_million_bills_are_checked_with_every_fault_counted() -> None:
    n, rng = 1_000_000, np.random.default_rng(3)
    units = pd.DataFrame({"unit_id": [f"U{i}" for i in range(1000)], "community_id": "C1", "building": "1栋",
                          "floor_area_m2": 80.0, "occupancy": "rented", "moved_in": pd.NaT})  # fmt: skip
    bills = pd.DataFrame({
        "bill_id": pd.Series(np.arange(n)).astype(str).radd("B").astype("string[pyarrow]"),
        "unit_id": units["unit_id"].to_numpy()[np.arange(n) % 1000],
        "period": np.repeat(pd.period_range("1900-01", periods=n // 1000, freq="M").strftime("%Y-%m"), 1000),
        "amount_due_cny": rng.uniform(50, 500, n), "due_date": pd.Timestamp("2024-01-31"),
        "paid_at": pd.NaT, "amount_paid_cny": np.nan,
    }).reset_index(drop=True)  # fmt: skip
    negative = np.sort(rng.choice(n, 700, replace=False))
    bills.loc[negative, "amount_due_cny"] = -1.0
    bills.loc[np.arange(1, 400), "bill_id"] = "B0"
    raw = {"firms": pd.DataFrame({"firm_id": ["F1"], "name": ["物业"]}), "units": units, "fee_bills": bills,
           "communities": pd.DataFrame({"community_id": ["C1"], "name": ["小区"], "district": ["罗湖区"],
                                        "subdistrict": ["东门街道"], "firm_id": ["F1"], "built_year": [2000],
                                        "fee_rate_cny_m2": [2.0], "has_owners_committee": [True]})}  # fmt: skip
    started = time.perf_counter()
    with pytest.raises(ValidationFailed) as failure:
        validate_tables(raw)
    assert time.perf_counter() - started < 30
    assert failure.value.report.total == 700 + 399
    assert [p.row for p in failure.value.report.problems] == list(negative[:50] + 1)
    assert failure.value.report.render().endswith("… and 1049 more problems")
