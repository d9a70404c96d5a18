"""The not_future rule: nothing may be dated after the time of loading plus a day, except a bill's due date."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from data.contract import LOCAL_TZ, TABLES, Kind
from data.loading import load_dataset
from data.validation import ValidationFailed, validate_tables

HANDMADE = Path(__file__).parent / "handmade"
NOW = datetime(2024, 6, 1, 12, 0)  # the handmade records all lie before this
LIMIT = "2024-06-02 12:00:00"
Edits = dict[tuple[str, int, str], str]


@pytest.fixture
def raw() -> dict[str, pd.DataFrame]:
    """The handmade tables as CSV text: every cell a string, '' for empty."""
    return {f.stem: pd.read_csv(f, dtype=str, keep_default_na=False) for f in sorted(HANDMADE.glob("*.csv"))}


def edited(raw: dict[str, pd.DataFrame], edits: Edits) -> dict[str, pd.DataFrame]:
    """The raw tables with cells replaced, keyed by (table, 1-based row, column)."""
    tables = {name: frame.copy() for name, frame in raw.items()}
    for (table, row, column), value in edits.items():
        tables[table].loc[row - 1, column] = value
    return tables


def failure_lines(tables: dict[str, pd.DataFrame], now: datetime | None = NOW) -> list[str]:
    with pytest.raises(ValidationFailed) as failure:
        validate_tables(tables, now=now)
    return failure.value.report.render().splitlines()


def test_a_complaint_dated_2099_is_rejected_by_default(raw: dict[str, pd.DataFrame]) -> None:
    tables = edited(raw, {("complaints", 4, "created_at"): "2099-01-05T09:15:00"})
    [line] = failure_lines(tables, now=None)
    assert line.startswith("complaints row 4, column created_at: 2099-01-05T09:15:00 is in the future; ")
    assert line.endswith(" (the time of loading plus 24 hours) [not_future]")


def test_the_default_now_is_the_current_time_in_shanghai(raw: dict[str, pd.DataFrame]) -> None:
    local_now = datetime.now(ZoneInfo(LOCAL_TZ)).replace(tzinfo=None)
    soon = (local_now + timedelta(hours=23)).isoformat(timespec="seconds")
    assert validate_tables(edited(raw, {("complaints", 4, "created_at"): soon})).has("complaints")
    later = (local_now + timedelta(hours=25)).isoformat(timespec="seconds")
    [line] = failure_lines(edited(raw, {("complaints", 4, "created_at"): later}), now=None)
    assert line.startswith(f"complaints row 4, column created_at: {later} is in the future")


# One row per dated column that records an event, in a row where moving it breaks no other rule:
# (table, row, column, the latest value accepted with NOW, the earliest value refused).
KNOWLEDGE_TIMES = [
    ("units", 1, "moved_in", "2024-06-02", "2024-06-03"),
    ("fee_bills", 1, "period", "2024-06", "2024-07"),
    ("fee_bills", 1, "paid_at", "2024-06-02", "2024-06-03"),
    ("complaints", 4, "created_at", "2024-06-02T12:00:00", "2024-06-02T12:00:01"),
    ("complaints", 1, "resolved_at", "2024-06-02 12:00", "2024-06-02 12:01"),
    ("repair_orders", 2, "reported_at", "2024-06-02T04:00:00Z", "2024-06-02T04:00:01Z"),
    ("repair_orders", 1, "completed_at", "2024-06-02T12:00:00+08:00", "2024-06-02T05:00:01+01:00"),
    ("disputes", 2, "filed_at", "2024-06-02", "2024-06-03"),
    ("disputes", 1, "resolved_at", "2024-06-02T12:00:00", "2024-06-03T00:00:00"),
    ("ledger", 1, "period", "2024-06", "2025-01"),
]  # fmt: skip


def test_every_dated_column_but_the_due_date_is_covered() -> None:
    kinds = (Kind.DATE, Kind.TIMESTAMP, Kind.PERIOD)
    dated = {(t.name, c.name) for t in TABLES.values() for c in t.columns if c.kind in kinds}
    assert dated - {(table, column) for table, _, column, _, _ in KNOWLEDGE_TIMES} == {("fee_bills", "due_date")}


@pytest.mark.parametrize(("table", "row", "column", "latest", "refused"), KNOWLEDGE_TIMES)
def test_a_knowledge_time_after_tomorrow_is_refused(
    raw: dict[str, pd.DataFrame], table: str, row: int, column: str, latest: str, refused: str
) -> None:
    assert validate_tables(edited(raw, {(table, row, column): latest}), now=NOW).has(table)

    [line] = failure_lines(edited(raw, {(table, row, column): refused}))

    assert line.startswith(f"{table} row {row}, column {column}: {refused} ")
    assert f"nothing may be dated after {LIMIT} (the time of loading plus 24 hours)" in line
    assert line.endswith("[not_future]")


def test_the_message_explains_periods_and_the_due_date_exception(raw: dict[str, pd.DataFrame]) -> None:
    lines = failure_lines(edited(raw, {("fee_bills", 1, "period"): "2099-01", ("ledger", 1, "period"): "2099-01"}))
    assert lines == [
        "fee_bills row 1, column period: 2099-01 begins in the future; a period counts from its first day, and "
        f"nothing may be dated after {LIMIT} (the time of loading plus 24 hours); only due_date may lie ahead "
        "[not_future]",
        "ledger row 1, column period: 2099-01 begins in the future; a period counts from its first day, and "
        f"nothing may be dated after {LIMIT} (the time of loading plus 24 hours) [not_future]",
    ]


def test_a_bill_may_fall_due_months_ahead(raw: dict[str, pd.DataFrame]) -> None:
    dataset = validate_tables(edited(raw, {("fee_bills", 2, "due_date"): "2024-09-30"}), now=NOW)
    assert dataset["fee_bills"]["due_date"].max() == pd.Timestamp("2024-09-30")


def test_typed_values_are_checked_as_text_is(raw: dict[str, pd.DataFrame]) -> None:
    tables = dict(raw)
    created = ["2024-01-05 09:15", "2024-01-08 14:30", "2024-02-01 09:00", "2099-02-10 20:05"]
    tables["complaints"] = raw["complaints"].assign(created_at=pd.to_datetime(created))
    [line] = failure_lines(tables)
    assert line.startswith("complaints row 4, column created_at: 2099-02-10 20:05:00 is in the future;")


def test_an_aware_now_is_taken_as_the_same_instant(raw: dict[str, pd.DataFrame]) -> None:
    tables = edited(raw, {("complaints", 4, "created_at"): "2024-06-02T12:00:01"})
    [line] = failure_lines(tables, now=datetime(2024, 6, 1, 4, 0, tzinfo=UTC))  # 12:00 in Shanghai
    assert f"nothing may be dated after {LIMIT}" in line


def test_load_dataset_takes_the_time_of_loading(tmp_path: Path) -> None:
    folder = Path(shutil.copytree(HANDMADE, tmp_path / "handmade"))
    assert load_dataset(folder, now=NOW).has("disputes")
    with pytest.raises(ValidationFailed, match=r"disputes row 1, column filed_at: .* \[not_future\]"):
        load_dataset(folder, now=datetime(2024, 3, 1))


@pytest.mark.parametrize("scale", ["small", "district", "luohu"])
def test_the_generators_default_worlds_end_in_the_past(scale: str) -> None:
    from data.synth.config import WorldConfig

    config = WorldConfig(scale=scale)  # type: ignore[arg-type]
    last_month = pd.Period(config.start, freq="M") + (config.n_months - 1)
    assert last_month.end_time < pd.Timestamp(datetime.now(ZoneInfo(LOCAL_TZ)).replace(tzinfo=None))
