"""An ingest the store's constraints refuse: nothing is written, and the report names the ingested rows to blame."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from data.dataset import Dataset
from data.store import Store, StoreConflict, writing
from data.validation import ValidationFailed

CLASH = "fee_bills row 1, columns unit_id, period: ('U1', '2024-01') already has a row in the store with another"


def renumbered(tables: dict[str, pd.DataFrame], changes: dict[str, dict[str, object]]) -> Dataset:
    """The dataset with some bills given a new bill_id (and other cells), as an export that renumbers bills sends."""
    bills = tables["fee_bills"]
    for bill_id, cells in changes.items():
        row = bills.index[bills["bill_id"] == bill_id][0]
        for name, value in cells.items():
            bills.loc[row, name] = value
    return Dataset(tables=tables)


def refusal(store: Store, dataset: Dataset, tables: list[str] | None = None) -> StoreConflict:
    with pytest.raises(StoreConflict) as failure:
        store.ingest(dataset, tables)
    return failure.value


def test_a_new_bill_id_for_a_billed_unit_month_is_located_and_nothing_is_written(
    store: Store, dataset: Dataset, tables: dict[str, pd.DataFrame], dump_store: Callable[[], list[str]]
) -> None:
    store.ingest(dataset)
    before = dump_store()
    tables["firms"]["name"] = "改名物业"  # written before fee_bills, so it must be rolled back too
    clashing = renumbered(tables, {"B1": {"bill_id": "B-dup", "amount_due_cny": 999.0}})

    failure = refusal(store, clashing)

    [problem] = failure.report.problems
    where = (problem.table, problem.row, problem.column, problem.value)
    assert where == ("fee_bills", 1, "unit_id, period", "U1, 2024-01")
    assert problem.rule == "unique_in_store"
    assert failure.report.render().startswith(CLASH)
    assert isinstance(failure, ValidationFailed)  # callers that catch ValidationFailed answer 422 / exit 2
    assert dump_store() == before


def test_the_refusal_shows_no_stored_row_and_no_driver_error(
    store: Store, dataset: Dataset, tables: dict[str, pd.DataFrame]
) -> None:
    store.ingest(dataset)

    failure = refusal(store, renumbered(tables, {"B1": {"bill_id": "B-dup", "amount_due_cny": 999.0}}))

    text = str(failure)
    assert "'B1'" not in text  # the stored bill that holds (U1, 2024-01)
    assert "207.98" not in text  # and its amount
    assert "INSERT" not in text
    assert "parameters" not in text
    assert failure.__cause__ is None
    assert failure.__suppress_context__  # no IntegrityError, with its batch of rows, in the traceback


def test_a_table_uploaded_on_its_own_gets_the_same_report(
    store: Store, dataset: Dataset, tables: dict[str, pd.DataFrame], dump_store: Callable[[], list[str]]
) -> None:
    store.ingest(dataset)
    before = dump_store()

    failure = refusal(store, renumbered(tables, {"B1": {"bill_id": "B-dup"}}), ["fee_bills"])

    assert failure.report.render().startswith(CLASH)
    assert dump_store() == before


def test_every_clash_is_counted_and_updates_of_the_same_bill_are_not_clashes(
    store_path: Path, dataset: Dataset, tables: dict[str, pd.DataFrame]
) -> None:
    store = Store(f"sqlite:///{store_path}", batch_rows=2)  # the clashes lie in different batches
    store.create_schema()
    store.ingest(dataset)
    tables["fee_bills"]["amount_due_cny"] = 1.0  # B3 and B5 are updated in place: no clash
    new = {"B1": {"bill_id": "X1"}, "B2": {"bill_id": "X2", "period": "2024-09"}, "B4": {"bill_id": "X4"}}

    failure = refusal(store, renumbered(tables, new))

    store.dispose()
    assert [(p.row, p.value) for p in failure.report.problems] == [(1, "U1, 2024-01"), (4, "U3, 2024-01")]
    assert failure.report.total == 2


def test_a_missing_parent_is_located_as_a_foreign_key(store: Store, dataset: Dataset) -> None:
    failure = refusal(store, dataset, ["complaints"])  # an empty store has none of its communities and units

    lines = failure.report.render().splitlines()
    assert lines[0] == "complaints row 1, column community_id: 'C1' is not a community_id in communities [foreign_key]"
    assert {p.rule for p in failure.report.problems} == {"foreign_key"}
    assert failure.report.total == 5  # 3 communities and 2 units
    assert store.read_table("complaints").empty


def test_an_unlocated_refusal_names_the_constraint_but_no_values(
    store: Store, dataset: Dataset, monkeypatch: pytest.MonkeyPatch, dump_store: Callable[[], list[str]]
) -> None:
    """A clash with a row that another ingest wrote and then changed again is refused, but cannot be located."""
    before = dump_store()

    def raced(connection: Connection, upsert: writing.PreparedUpsert, parameters: writing.Parameters) -> None:
        orig = Exception("UNIQUE constraint failed: fee_bills.unit_id, fee_bills.period")
        raise IntegrityError("INSERT INTO fee_bills …", [("B7", "U1", "2024-01", 123.45)], orig)

    monkeypatch.setattr(writing, "write_batch", raced)
    failure = refusal(store, dataset)

    assert failure.report.render() == (
        "the store refused the ingest (UNIQUE constraint failed: fee_bills.unit_id, fee_bills.period); "
        "nothing was written [store_conflict]"
    )
    assert "123.45" not in str(failure)
    assert dump_store() == before


def test_a_row_that_skipped_validation_is_refused_without_its_values(
    store: Store, tables: dict[str, pd.DataFrame]
) -> None:
    firms = pd.DataFrame({"firm_id": ["F-secret"], "name": [None]}).astype("string[pyarrow]")

    failure = refusal(store, Dataset(tables={**tables, "firms": firms}), ["firms"])

    assert failure.report.render() == (
        "the store refused the ingest (NOT NULL constraint failed: firms.name); nothing was written [store_conflict]"
    )
