"""Reading the store a few communities at a time, as of one cut: equal to the whole read restricted to those
communities, and blind to what is ingested after the cut (on PostgreSQL, updated rows too)."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest
from sqlalchemy import inspect

from data.contract import TABLES
from data.dataset import Dataset
from data.store import Store, partition_read
from features.partitions import restrict_to_communities


def assert_same_dataset(got: Dataset, expected: Dataset) -> None:
    assert got.missing == expected.missing
    for name in TABLES:
        key = list(TABLES[name].primary_key)
        pd.testing.assert_frame_equal(
            got[name].sort_values(key).reset_index(drop=True), expected[name].sort_values(key).reset_index(drop=True)
        )


def later_complaint(tables: dict[str, pd.DataFrame], complaint_id: str, created_at: str) -> Dataset:
    """One more complaint in C1 (a copy of Q1 with a new id and creation time), to ingest on its own."""
    complaint = tables["complaints"].iloc[[0]].copy()
    complaint["complaint_id"] = pd.Series([complaint_id], dtype=complaint["complaint_id"].dtype, index=complaint.index)
    complaint["created_at"] = pd.Timestamp(created_at)
    complaint["resolved_at"] = pd.NaT
    complaint["satisfaction"] = pd.Series([pd.NA], dtype="Int64", index=complaint.index)
    return Dataset(tables={"complaints": complaint})


def test_a_community_read_equals_the_whole_read_restricted(store: Store, dataset: Dataset) -> None:
    store.ingest(dataset)
    whole = store.read_dataset()
    with store.cut() as (cut, units):
        assert units.sort_index().to_dict() == {"C1": 2, "C2": 2}
        assert cut.snapshot is None  # SQLite shares no snapshot
        assert cut.latest["complaints"] == pd.Timestamp("2024-02-11 00:00:01")
        parts = [store.read_communities(ids, cut) for ids in (["C1"], ["C2"], ["C1", "C2"])]
    assert_same_dataset(parts[0], restrict_to_communities(whole, ["C1"]))
    assert_same_dataset(parts[1], restrict_to_communities(whole, ["C2"]))
    assert_same_dataset(parts[2], whole)
    assert len(parts[0]["fee_bills"]) == 3  # bills come through their units: U1 has two, U2 one
    assert len(parts[0]["firms"]) == 2  # every firm, as restrict_to_communities keeps them


def test_long_id_lists_are_read_in_runs(store: Store, dataset: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    store.ingest(dataset)
    monkeypatch.setattr(partition_read, "MAX_IDS", 1)
    with store.cut() as (cut, _):
        assert_same_dataset(store.read_communities(["C1", "C2"], cut), store.read_dataset())


def test_a_record_known_after_the_cut_is_left_out(
    store: Store, dataset: Dataset, tables: dict[str, pd.DataFrame]
) -> None:
    store.ingest(dataset)
    before = store.read_dataset()
    with store.cut() as (cut, _):
        store.ingest(later_complaint(tables, "Q9", "2024-03-05 10:00:00"), tables=["complaints"])
        part = store.read_communities(["C1"], cut)
    assert "Q9" in set(store.read_table("complaints")["complaint_id"])
    assert_same_dataset(part, restrict_to_communities(before, ["C1"]))


def test_older_stores_gain_the_community_indexes(store: Store) -> None:
    store.create_schema()
    with store._engine.begin() as connection:
        connection.exec_driver_sql("DROP INDEX ix_complaints_community_id")
    store.create_schema()
    found = inspect(store._engine)
    for name in ("units", "complaints", "repair_orders", "disputes"):
        assert [ix["column_names"] for ix in found.get_indexes(name) if ix["name"] == f"ix_{name}_community_id"] == [
            ["community_id"]
        ]


@pytest.fixture
def pg_store(postgres_url: str) -> Iterator[Store]:
    store = Store(postgres_url)
    store.create_schema()
    yield store
    store.dispose()


@pytest.mark.slow
def test_on_postgresql_every_part_reads_in_the_cuts_snapshot(
    pg_store: Store, dataset: Dataset, tables: dict[str, pd.DataFrame]
) -> None:
    """Inside the exported snapshot, not even a late record dated before the cut or an updated row gets in."""
    pg_store.ingest(dataset)
    before = pg_store.read_dataset()
    with pg_store.cut() as (cut, _):
        assert cut.snapshot is not None
        pg_store.ingest(later_complaint(tables, "Q8", "2024-01-10 09:00:00"), tables=["complaints"])  # late export
        renamed = tables["communities"].assign(name=pd.Series(["新名", "东湖花园"], dtype="string[pyarrow]"))
        pg_store.ingest(Dataset(tables={"communities": renamed}), tables=["communities"])
        parts = [pg_store.read_communities(ids, cut) for ids in (["C1"], ["C2"])]
    assert "Q8" in set(pg_store.read_table("complaints")["complaint_id"])
    assert_same_dataset(parts[0], restrict_to_communities(before, ["C1"]))
    assert_same_dataset(parts[1], restrict_to_communities(before, ["C2"]))


def test_a_snapshot_id_is_checked_before_it_reaches_sql() -> None:
    with pytest.raises(ValueError, match="not a PostgreSQL snapshot id"):
        partition_read.StoreCut(frozenset(), {}, snapshot="1'; DROP TABLE units; --")
