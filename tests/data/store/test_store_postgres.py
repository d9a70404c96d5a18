"""The same store against a real PostgreSQL server, started once per session in a temporary folder.

Skipped when the server binaries or the psycopg driver are not installed.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest
from sqlalchemy import Connection

from data.contract import TABLES
from data.dataset import Dataset
from data.store import Store, StoreConflict, writing

pytestmark = pytest.mark.slow


@pytest.fixture
def pg_store(postgres_url: str) -> Iterator[Store]:
    """A store in a fresh database of the session's server (tests/conftest.py)."""
    store = Store(postgres_url, batch_rows=2)
    store.create_schema()
    yield store
    store.dispose()


def sorted_by_key(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    return frame.sort_values(list(TABLES[name].primary_key)).reset_index(drop=True)


def test_round_trip_and_reingest_on_postgresql(pg_store: Store, dataset: Dataset) -> None:
    assert pg_store.ingest(dataset) == dataset.row_counts()
    assert pg_store.ingest(dataset) == dataset.row_counts()

    back = pg_store.read_dataset()

    assert back.missing == frozenset()
    for name in TABLES:
        pd.testing.assert_frame_equal(sorted_by_key(back[name], name), sorted_by_key(dataset[name], name))


def test_updates_missing_tables_and_rollback_on_postgresql(
    pg_store: Store, dataset: Dataset, tables: dict[str, pd.DataFrame], monkeypatch: pytest.MonkeyPatch
) -> None:
    pg_store.ingest(Dataset(tables=dataset.tables, missing=frozenset({"ledger"})))
    before = {name: pg_store.read_table(name) for name in TABLES}
    tables["firms"]["name"] = "改名物业"

    real, written = writing.write_batch, []

    def lost_at_units(connection: Connection, upsert: writing.PreparedUpsert, parameters: writing.Parameters) -> None:
        if upsert.table == "units":  # firms and communities are already written in this transaction
            raise RuntimeError("connection lost")
        written.append(upsert.table)
        real(connection, upsert, parameters)

    with monkeypatch.context() as patch:
        patch.setattr(writing, "write_batch", lost_at_units)
        with pytest.raises(RuntimeError):
            pg_store.ingest(Dataset(tables=tables))
    assert written == ["firms", "communities"]
    for name in TABLES:
        pd.testing.assert_frame_equal(pg_store.read_table(name), before[name])
    assert pg_store.read_dataset().missing == frozenset({"ledger"})

    pg_store.ingest(Dataset(tables=tables), tables=["firms"])
    assert set(pg_store.read_table("firms")["name"]) == {"改名物业"}


def test_a_unique_key_clash_is_located_and_rolled_back_on_postgresql(
    pg_store: Store, dataset: Dataset, tables: dict[str, pd.DataFrame]
) -> None:
    pg_store.ingest(dataset)
    before = {name: pg_store.read_table(name) for name in TABLES}
    tables["firms"]["name"] = "改名物业"
    tables["fee_bills"].loc[0, "bill_id"] = "B-dup"  # a renumbered export: (U1, 2024-01) is stored as B1

    with pytest.raises(StoreConflict) as failure:
        pg_store.ingest(Dataset(tables=tables))

    assert failure.value.report.render().splitlines() == [
        "fee_bills row 1, columns unit_id, period: ('U1', '2024-01') already has a row in the store with another "
        "bill_id; send that row's bill_id to change it, not a new one [unique_in_store]"
    ]
    for name in TABLES:
        pd.testing.assert_frame_equal(pg_store.read_table(name), before[name])


def test_a_missing_parent_is_located_on_postgresql(pg_store: Store, dataset: Dataset) -> None:
    with pytest.raises(StoreConflict) as failure:
        pg_store.ingest(dataset, tables=["disputes"])

    assert failure.value.report.render().splitlines()[0] == (
        "disputes row 1, column community_id: 'C1' is not a community_id in communities [foreign_key]"
    )
    assert pg_store.read_table("disputes").empty


def test_an_unlocated_refusal_shows_no_row_on_postgresql(pg_store: Store, tables: dict[str, pd.DataFrame]) -> None:
    firms = pd.DataFrame({"firm_id": ["F-secret"], "name": [None]}).astype("string[pyarrow]")  # skipped validation

    with pytest.raises(StoreConflict) as failure:
        pg_store.ingest(Dataset(tables={**tables, "firms": firms}), tables=["firms"])

    assert failure.value.report.render() == (
        'the store refused the ingest (null value in column "name" of relation "firms" violates not-null constraint);'
        " nothing was written [store_conflict]"
    )
