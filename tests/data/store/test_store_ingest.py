"""Ingest and read back: round trip, idempotence, updates, subsets, missing versus empty tables."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from data.contract import OPTIONAL_TABLES, TABLES
from data.dataset import Dataset
from data.store import Store, StoreConflict
from data.validation import ValidationFailed


def sorted_by_key(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    return frame.sort_values(list(TABLES[name].primary_key)).reset_index(drop=True)


def assert_same_tables(actual: Dataset, expected: Dataset) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(sorted_by_key(actual[name], name), sorted_by_key(expected[name], name))


def test_round_trip_returns_the_typed_frames_that_went_in(store: Store, dataset: Dataset) -> None:
    written = store.ingest(dataset)

    assert written == dataset.row_counts()
    back = store.read_dataset()
    assert back.missing == frozenset()
    assert_same_tables(back, dataset)
    assert back["complaints"]["text"].iloc[0] == "电梯又坏了，三天没人修"
    assert back["complaints"]["created_at"].iloc[1] == pd.Timestamp("2024-02-10 21:03:07")


def test_read_table_gives_stored_values_with_enum_codes_as_text(store: Store, dataset: Dataset) -> None:
    store.ingest(dataset)

    units = sorted_by_key(store.read_table("units"), "units")

    assert list(units.columns) == list(TABLES["units"].column_names)
    assert units["occupancy"].tolist() == ["owner_occupied", "rented", "vacant", "owner_occupied"]
    assert pd.isna(units["moved_in"].iloc[1])
    assert units["floor_area_m2"].tolist() == [88.5, 120.25, 65.0, 143.75]


def test_ingesting_the_same_rows_twice_changes_nothing(store: Store, dataset: Dataset) -> None:
    store.ingest(dataset)
    first = {name: store.read_table(name) for name in TABLES}

    assert store.ingest(dataset) == dataset.row_counts()

    for name in TABLES:
        pd.testing.assert_frame_equal(store.read_table(name), first[name])


def test_changed_rows_with_the_same_key_are_updated(
    store: Store, dataset: Dataset, tables: dict[str, pd.DataFrame]
) -> None:
    store.ingest(dataset)
    tables["firms"].loc[tables["firms"]["firm_id"] == "F2", "name"] = "新名字物业"
    bills = tables["fee_bills"]
    unpaid = bills["bill_id"] == "B2"
    bills.loc[unpaid, "paid_at"] = pd.Timestamp("2024-03-09")
    bills.loc[unpaid, "amount_paid_cny"] = 207.98
    changed = Dataset(tables=tables)

    store.ingest(changed, tables=["firms", "fee_bills"])

    back = store.read_dataset()
    assert back.row_counts() == dataset.row_counts()
    assert_same_tables(back, changed)


def test_batches_smaller_than_a_table_load_every_row(store_path: Path, dataset: Dataset) -> None:
    store = Store(f"sqlite:///{store_path}", batch_rows=2)
    store.create_schema()

    store.ingest(dataset)

    assert_same_tables(store.read_dataset(), dataset)
    store.dispose()


def test_a_table_left_out_is_missing_and_an_empty_one_is_not(store: Store, dataset: Dataset) -> None:
    tables = dict(dataset.tables)
    tables["complaints"] = TABLES["complaints"].empty_frame()
    supplied = Dataset(tables=tables, missing=frozenset({"repair_orders", "ledger"}))

    written = store.ingest(supplied)

    assert set(written) == set(TABLES) - {"repair_orders", "ledger"}
    back = store.read_dataset()
    assert back.missing == frozenset({"repair_orders", "ledger"})
    assert back.has("complaints")
    assert len(back["complaints"]) == 0
    assert len(back["repair_orders"]) == 0


def test_tables_can_be_ingested_one_call_at_a_time(store: Store, dataset: Dataset) -> None:
    store.ingest(dataset, tables=["units", "firms", "communities"])
    assert store.read_dataset().missing == frozenset(OPTIONAL_TABLES)

    written = store.ingest(dataset, tables=["complaints"])

    assert written == {"complaints": 3}
    back = store.read_dataset()
    assert back.missing == frozenset(OPTIONAL_TABLES) - {"complaints"}
    pd.testing.assert_frame_equal(
        sorted_by_key(back["complaints"], "complaints"), sorted_by_key(dataset["complaints"], "complaints")
    )


def test_asking_for_an_unknown_or_unsupplied_table_is_an_error(store: Store, dataset: Dataset) -> None:
    with pytest.raises(ValueError, match="not contract tables: owners"):
        store.ingest(dataset, tables=["firms", "owners"])
    partial = Dataset(tables=dataset.tables, missing=frozenset({"ledger"}))
    with pytest.raises(ValueError, match="does not supply: ledger"):
        store.ingest(partial, tables=["ledger"])


def test_foreign_keys_are_enforced_by_the_database(store: Store, dataset: Dataset) -> None:
    with pytest.raises(StoreConflict, match=r"complaints row 1, column community_id: 'C1' .* \[foreign_key\]"):
        store.ingest(dataset, tables=["complaints"])

    assert all(store.read_table(name).empty for name in TABLES)


def test_a_store_with_nothing_ingested_fails_validation(store: Store) -> None:
    with pytest.raises(ValidationFailed):
        store.read_dataset()


def test_create_schema_twice_keeps_the_data(store: Store, dataset: Dataset) -> None:
    store.ingest(dataset)

    store.create_schema()

    assert store.read_dataset().row_counts() == dataset.row_counts()


def test_ingest_leaves_the_input_frames_untouched(store: Store, dataset: Dataset) -> None:
    copies = {name: frame.copy(deep=True) for name, frame in dataset.tables.items()}

    store.ingest(dataset)

    for name, frame in dataset.tables.items():
        pd.testing.assert_frame_equal(frame, copies[name])


def test_rows_edited_in_the_database_pass_the_same_validation_as_files(
    store: Store, dataset: Dataset, store_path: Path
) -> None:
    store.ingest(dataset)
    with sqlite3.connect(store_path) as connection:
        connection.execute("UPDATE complaints SET category = 'Repair' WHERE complaint_id = 'Q2'")

    with pytest.raises(ValidationFailed) as failure:
        store.read_dataset()

    (problem,) = failure.value.report.problems
    assert (problem.table, problem.column, problem.value, problem.rule) == ("complaints", "category", "Repair", "enum")
