"""Every contract rule, broken once on the handmade dataset, with the exact line the report renders."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from data.contract import TABLES
from data.validation import ValidationFailed, validate_tables

HANDMADE = Path(__file__).parent / "handmade"
YEAR = date.today().year
Edits = dict[tuple[int, str], str]


@pytest.fixture
def raw() -> dict[str, pd.DataFrame]:
    """The handmade tables as CSV text: every cell a string, '' for empty."""
    return {f.stem: pd.read_csv(f, dtype=str, keep_default_na=False) for f in sorted(HANDMADE.glob("*.csv"))}


def report_lines(raw: dict[str, pd.DataFrame], table: str, edits: Edits) -> list[str]:
    """Apply cell edits (1-based data rows) to one table and return the rendered report's lines."""
    frame = raw[table].copy()
    for (row, column), value in edits.items():
        frame.loc[row - 1, column] = value
    with pytest.raises(ValidationFailed) as failure:
        validate_tables({**raw, table: frame})
    return failure.value.report.render().splitlines()


def test_handmade_dataset_is_valid(raw: dict[str, pd.DataFrame]) -> None:
    dataset = validate_tables(raw)
    assert dataset.missing == frozenset()
    assert dataset.row_counts() == {
        "firms": 2, "communities": 3, "units": 12, "fee_bills": 6,
        "complaints": 4, "repair_orders": 3, "disputes": 3, "ledger": 6,
    }  # fmt: skip
    for name, table in TABLES.items():
        assert dict(dataset[name].dtypes) == table.dtypes(), name


UNPARSABLE = [
    ("communities", {(1, "built_year"): "19x8"}, "communities row 1, column built_year: '19x8' is not an integer"),
    ("communities", {(2, "built_year"): "2003.0"}, "communities row 2, column built_year: '2003.0' is not an integer"),
    ("communities", {(2, "fee_rate_cny_m2"): "3,5"},
     "communities row 2, column fee_rate_cny_m2: '3,5' is not a decimal number"),
    ("communities", {(1, "fee_rate_cny_m2"): "nan"},
     "communities row 1, column fee_rate_cny_m2: 'nan' is not a decimal number"),
    ("communities", {(3, "has_owners_committee"): "True"},
     "communities row 3, column has_owners_committee: 'True' is not a boolean (true, false, 1 or 0)"),
    ("communities", {(3, "has_owners_committee"): "yes"},
     "communities row 3, column has_owners_committee: 'yes' is not a boolean (true, false, 1 or 0)"),
    ("units", {(1, "moved_in"): "2015/06/01"}, "units row 1, column moved_in: '2015/06/01' is not a date (YYYY-MM-DD)"),
    ("units", {(4, "moved_in"): "2019-02-29"}, "units row 4, column moved_in: '2019-02-29' is not a date (YYYY-MM-DD)"),
    ("units", {(5, "moved_in"): "2008-3-15"}, "units row 5, column moved_in: '2008-3-15' is not a date (YYYY-MM-DD)"),
    ("complaints", {(1, "created_at"): "2024-01-05 9:15"},
     "complaints row 1, column created_at: '2024-01-05 9:15' is not an ISO 8601 timestamp"),
    ("complaints", {(4, "created_at"): "昨天"},
     "complaints row 4, column created_at: '昨天' is not an ISO 8601 timestamp"),
    ("fee_bills", {(1, "period"): "2024-1"}, "fee_bills row 1, column period: '2024-1' is not a period (YYYY-MM)"),
    ("fee_bills", {(2, "period"): "2024-13"}, "fee_bills row 2, column period: '2024-13' is not a period (YYYY-MM)"),
]  # fmt: skip


@pytest.mark.parametrize(("table", "edits", "line"), UNPARSABLE)
def test_unparsable_values_name_the_kind(raw: dict[str, pd.DataFrame], table: str, edits: Edits, line: str) -> None:
    assert report_lines(raw, table, edits) == [f"{line} [type]"]


CELL_RULES = [
    ("units", {(3, "unit_id"): ""}, "units row 3, column unit_id: empty, but a value is required [required]"),
    ("units", {(2, "building"): "   "}, "units row 2, column building: empty, but a value is required [required]"),
    ("firms", {(2, "name"): ""}, "firms row 2, column name: empty, but a value is required [required]"),
    ("complaints", {(2, "channel"): "wechat"},
     "complaints row 2, column channel: 'wechat' is not one of app, hotline, walk_in, gov_hotline_12345 [enum]"),
    ("complaints", {(2, "category"): "Repair"},
     "complaints row 2, column category: 'Repair' is not one of repair, elevator, sanitation, security, noise, "
     "parking, fee, service_attitude, greenery, other; codes are lower-case: did you mean 'repair'? [enum]"),
    ("fee_bills", {(1, "amount_due_cny"): "-3.50"}, "fee_bills row 1, column amount_due_cny: -3.5 is below 0 [range]"),
    ("communities", {(3, "fee_rate_cny_m2"): "0"},
     "communities row 3, column fee_rate_cny_m2: 0 is not greater than 0 [range]"),
    ("units", {(6, "floor_area_m2"): "-88"}, "units row 6, column floor_area_m2: -88 is not greater than 0 [range]"),
    ("communities", {(1, "built_year"): "1949"},
     f"communities row 1, column built_year: 1949 is outside 1950..{YEAR} [range]"),
    ("communities", {(2, "built_year"): str(YEAR + 1)},
     f"communities row 2, column built_year: {YEAR + 1} is outside 1950..{YEAR} [range]"),
    ("complaints", {(1, "satisfaction"): "6"}, "complaints row 1, column satisfaction: 6 is outside 1..5 [range]"),
    ("complaints", {(3, "satisfaction"): "0"}, "complaints row 3, column satisfaction: 0 is outside 1..5 [range]"),
]  # fmt: skip


@pytest.mark.parametrize(("table", "edits", "line"), CELL_RULES)
def test_cell_rules(raw: dict[str, pd.DataFrame], table: str, edits: Edits, line: str) -> None:
    assert report_lines(raw, table, edits) == [line]


ROW_RULES = [
    ("fee_bills", {(2, "bill_id"): "B0001", (3, "bill_id"): "B0001"},
     ["fee_bills row 2, column bill_id: 'B0001' duplicates row 1 [unique]",
      "fee_bills row 3, column bill_id: 'B0001' duplicates row 1 [unique]"]),
    ("fee_bills", {(2, "period"): "2024-01"},
     ["fee_bills row 2, columns unit_id, period: ('U0001', '2024-01') duplicates row 1 [unique]"]),
    ("ledger", {(6, "community_id"): "C001", (6, "item"): "service_expense"},
     ["ledger row 6, columns community_id, period, item: ('C001', '2024-01', 'service_expense') duplicates row 2 "
      "[unique]"]),
    ("units", {(3, "community_id"): "C999"},
     ["units row 3, column community_id: 'C999' is not a community_id in communities [foreign_key]"]),
    ("fee_bills", {(6, "unit_id"): "U9999"},
     ["fee_bills row 6, column unit_id: 'U9999' is not a unit_id in units [foreign_key]"]),
    ("communities", {(1, "firm_id"): "F03"},
     ["communities row 1, column firm_id: 'F03' is not a firm_id in firms [foreign_key]"]),
    ("complaints", {(1, "unit_id"): "U0005"},
     ["complaints row 1, column unit_id: unit 'U0005' belongs to community 'C002', not 'C001' [unit_in_community]"]),
    ("repair_orders", {(3, "unit_id"): "U0001"},
     ["repair_orders row 3, column unit_id: unit 'U0001' belongs to community 'C001', not 'C003' [unit_in_community]"]),
    ("disputes", {(3, "community_id"): "C003"},
     ["disputes row 3, column unit_id: unit 'U0006' belongs to community 'C002', not 'C003' [unit_in_community]"]),
    ("complaints", {(1, "resolved_at"): "2024-01-01T00:00:00"},
     ["complaints row 1, column resolved_at: 2024-01-01 00:00:00 is before created_at 2024-01-05 09:15:00 "
      "[not_before]"]),
    ("repair_orders", {(3, "completed_at"): "2024-02-02T10:59:59"},
     ["repair_orders row 3, column completed_at: 2024-02-02 10:59:59 is before reported_at 2024-02-02 11:00:00 "
      "[not_before]"]),
    ("disputes", {(1, "resolved_at"): "2024-03-15T08:00:00+08:00"},
     ["disputes row 1, column resolved_at: 2024-03-15 08:00:00 is before filed_at 2024-03-15 09:00:00 [not_before]"]),
    ("fee_bills", {(2, "amount_paid_cny"): "100"},
     ["fee_bills row 2, column amount_paid_cny: 100 is set, but paid_at is empty [empty_together]"]),
    ("fee_bills", {(1, "amount_paid_cny"): ""},
     ["fee_bills row 1, column amount_paid_cny: empty, but paid_at is set (2024-01-20) [empty_together]"]),
    ("complaints", {(2, "satisfaction"): "3"},
     ["complaints row 2, column satisfaction: 3 is set, but resolved_at is empty [only_when_set]"]),
]  # fmt: skip


@pytest.mark.parametrize(("table", "edits", "lines"), ROW_RULES)
def test_row_rules(raw: dict[str, pd.DataFrame], table: str, edits: Edits, lines: list[str]) -> None:
    assert report_lines(raw, table, edits) == lines


def test_a_bad_cell_is_reported_once_not_again_by_later_rules(raw: dict[str, pd.DataFrame]) -> None:
    lines = report_lines(raw, "complaints", {(1, "resolved_at"): "soon", (1, "unit_id"): ""})
    assert lines == ["complaints row 1, column resolved_at: 'soon' is not an ISO 8601 timestamp [type]"]


def test_rows_are_counted_by_position_whatever_the_index(raw: dict[str, pd.DataFrame]) -> None:
    bills = raw["fee_bills"].set_axis([70, 60, 50, 40, 30, 20])
    bills.loc[40, "amount_due_cny"] = "-1"
    with pytest.raises(ValidationFailed) as failure:
        validate_tables({**raw, "fee_bills": bills})
    assert failure.value.report.render() == "fee_bills row 4, column amount_due_cny: -1 is below 0 [range]"


def test_missing_column_skips_that_tables_rows(raw: dict[str, pd.DataFrame]) -> None:
    units = raw["units"].drop(columns=["floor_area_m2"]).assign(building="")
    with pytest.raises(ValidationFailed) as failure:
        validate_tables({**raw, "units": units})
    assert failure.value.report.render() == "units, column floor_area_m2: the column is missing [missing_column]"


def test_repeated_column_is_a_problem(raw: dict[str, pd.DataFrame]) -> None:
    firms = pd.concat([raw["firms"], raw["firms"][["name"]]], axis=1)
    with pytest.raises(ValidationFailed) as failure:
        validate_tables({**raw, "firms": firms})
    assert failure.value.report.render() == "firms, column name: the column appears more than once [duplicate_column]"


def test_missing_required_table(raw: dict[str, pd.DataFrame]) -> None:
    del raw["firms"]
    with pytest.raises(ValidationFailed) as failure:
        validate_tables(raw)
    assert failure.value.report.render() == "firms: required table is missing [required_table]"
    assert failure.value.report.to_dict()["problems"] == [
        {"table": "firms", "row": None, "column": None, "value": None, "rule": "required_table",
         "message": "required table is missing"}
    ]  # fmt: skip


def test_missing_optional_table_is_an_empty_typed_frame(raw: dict[str, pd.DataFrame]) -> None:
    del raw["complaints"]
    dataset = validate_tables(raw, missing=["ledger"])
    assert dataset.missing == {"complaints", "ledger"}
    assert not dataset.has("complaints")
    assert dataset.has("disputes")
    pd.testing.assert_frame_equal(dataset["complaints"], TABLES["complaints"].empty_frame())


def test_unknown_table_in_missing_is_a_programming_error(raw: dict[str, pd.DataFrame]) -> None:
    with pytest.raises(KeyError, match="complaint"):
        validate_tables(raw, missing=["complaint"])


def test_header_only_table_is_valid_and_supplied(raw: dict[str, pd.DataFrame]) -> None:
    dataset = validate_tables({**raw, "disputes": raw["disputes"].iloc[:0]})
    assert dataset.has("disputes")
    assert len(dataset["disputes"]) == 0
    assert dict(dataset["disputes"].dtypes) == TABLES["disputes"].dtypes()


def test_extra_columns_and_tables_are_dropped_and_noted(raw: dict[str, pd.DataFrame]) -> None:
    dataset = validate_tables({**raw, "units": raw["units"].assign(备注="x", foo=""), "owners": raw["firms"]})
    assert list(dataset["units"].columns) == list(TABLES["units"].column_names)
    assert dataset.notes == ("ignored table 'owners'", "units: ignored column '备注'", "units: ignored column 'foo'")


def test_timestamps_with_a_zone_become_naive_local_time(raw: dict[str, pd.DataFrame]) -> None:
    created = validate_tables(raw)["complaints"]["created_at"]
    assert created.tolist() == [
        pd.Timestamp("2024-01-05 09:15"), pd.Timestamp("2024-01-08 14:30"),  # +08:00 is already local
        pd.Timestamp("2024-02-01 09:00"), pd.Timestamp("2024-02-10 20:05"),  # 01:00Z is 09:00 in Shanghai
    ]  # fmt: skip


def test_typed_frames_validate_to_themselves(raw: dict[str, pd.DataFrame]) -> None:
    dataset = validate_tables(raw)
    again = validate_tables(dict(dataset.tables))
    for name in TABLES:
        pd.testing.assert_frame_equal(again[name], dataset[name])


def test_python_objects_from_a_database_driver_validate_like_typed_frames(raw: dict[str, pd.DataFrame]) -> None:
    dataset = validate_tables(raw)
    boxed = {name: frame.astype(object) for name, frame in dataset.tables.items()}
    boxed["units"]["moved_in"] = [None if pd.isna(day) else day.date() for day in dataset["units"]["moved_in"]]
    boxed["complaints"]["created_at"] = [moment.to_pydatetime() for moment in dataset["complaints"]["created_at"]]
    boxed["communities"]["fee_rate_cny_m2"] = pd.Series(
        [Decimal("2.10"), Decimal("3.50"), Decimal("1.20")], dtype=object
    )
    again = validate_tables(boxed)
    for name in TABLES:
        pd.testing.assert_frame_equal(again[name], dataset[name])


def test_typed_values_are_checked_too(raw: dict[str, pd.DataFrame]) -> None:
    typed = dict(validate_tables(raw).tables)
    communities = typed["communities"].astype({"built_year": "float64"})
    communities.loc[0, "built_year"] = 1998.5
    units = typed["units"].copy()
    units.loc[1, "moved_in"] = pd.Timestamp("2020-01-01 12:00")
    complaints = typed["complaints"].copy()
    complaints["created_at"] = complaints["created_at"].dt.tz_localize("UTC")
    complaints.loc[0, "resolved_at"] = pd.Timestamp("2024-01-05 09:15")  # before 17:15 local once converted
    with pytest.raises(ValidationFailed) as failure:
        validate_tables({**typed, "communities": communities, "units": units, "complaints": complaints})
    assert failure.value.report.render().splitlines() == [
        "communities row 1, column built_year: '1998.5' is not an integer [type]",
        "units row 2, column moved_in: '2020-01-01 12:00:00' is not a date (YYYY-MM-DD) [type]",
        "complaints row 1, column resolved_at: 2024-01-05 09:15:00 is before created_at 2024-01-05 17:15:00 "
        "[not_before]",
    ]


def test_a_table_uploaded_alone_is_checked_against_the_context(raw: dict[str, pd.DataFrame]) -> None:
    store = validate_tables(raw)
    upload = raw["complaints"].copy()
    dataset = validate_tables({"complaints": upload}, context=store)
    assert dataset.missing == set(TABLES) - {"complaints"}
    pd.testing.assert_frame_equal(dataset["complaints"], store["complaints"])
    upload.loc[3, "unit_id"] = "U0404"
    upload.loc[0, "unit_id"] = "U0012"
    with pytest.raises(ValidationFailed) as failure:
        validate_tables({"complaints": upload}, context=store)
    assert failure.value.report.render().splitlines() == [
        "complaints row 4, column unit_id: 'U0404' is not a unit_id in units [foreign_key]",
        "complaints row 1, column unit_id: unit 'U0012' belongs to community 'C003', not 'C001' [unit_in_community]",
    ]


def test_a_table_uploaded_alone_without_context_lacks_the_required_tables(raw: dict[str, pd.DataFrame]) -> None:
    with pytest.raises(ValidationFailed) as failure:
        validate_tables({"complaints": raw["complaints"]})
    assert [p.render() for p in failure.value.report.problems] == [
        "firms: required table is missing [required_table]",
        "communities: required table is missing [required_table]",
        "units: required table is missing [required_table]",
    ]


def test_supplied_tables_replace_the_context(raw: dict[str, pd.DataFrame]) -> None:
    store = validate_tables(raw)
    units = raw["units"][raw["units"]["unit_id"] != "U0009"]
    with pytest.raises(ValidationFailed) as failure:
        validate_tables({"units": units, "fee_bills": raw["fee_bills"]}, context=store)
    assert [(p.table, p.row, p.rule) for p in failure.value.report.problems] == [
        ("fee_bills", 5, "foreign_key"),
        ("fee_bills", 6, "foreign_key"),
    ]
