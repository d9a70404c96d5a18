"""A failed ingest leaves the store exactly as it was: one transaction across all tables."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Connection

from data.contract import TABLES
from data.dataset import Dataset
from data.store import Store, StoreConflict, writing


class InterruptedLoadError(RuntimeError):
    """Stands for a crash, a lost connection or a full disk half-way through a load."""


def fail_on_batch(monkeypatch: pytest.MonkeyPatch, table: str, batch: int) -> list[str]:
    """Make the batch writer raise on the given batch (1-based) of one table; returns the table of every batch tried."""
    real = writing.write_batch
    seen: list[str] = []

    def flaky(connection: Connection, upsert: writing.PreparedUpsert, parameters: writing.Parameters) -> None:
        seen.append(upsert.table)
        if upsert.table == table and seen.count(table) == batch:
            raise InterruptedLoadError(f"{table} batch {batch}")
        real(connection, upsert, parameters)

    monkeypatch.setattr(writing, "write_batch", flaky)
    return seen


@pytest.fixture
def small_batches(store_path: Path) -> Iterator[Store]:
    """A store writing 2 rows per batch, so each table takes several batches."""
    store = Store(f"sqlite:///{store_path}", batch_rows=2)
    store.create_schema()
    yield store
    store.dispose()


def changed_dataset(tables: dict[str, pd.DataFrame]) -> Dataset:
    """Every table touched: renamed firms, bigger units, one more bill."""
    tables["firms"]["name"] = tables["firms"]["name"] + "（新）"
    tables["units"]["floor_area_m2"] = tables["units"]["floor_area_m2"] + 1.0
    extra = tables["fee_bills"].iloc[[1]].assign(bill_id="B9", period="2024-03")
    tables["fee_bills"] = pd.concat([tables["fee_bills"], extra], ignore_index=True)
    return Dataset(tables=tables)


def test_an_interrupted_load_leaves_every_table_unchanged(
    small_batches: Store,
    dataset: Dataset,
    tables: dict[str, pd.DataFrame],
    dump_store: Callable[[], list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    small_batches.ingest(dataset)
    before = dump_store()
    seen = fail_on_batch(monkeypatch, "units", batch=2)  # units is the third table, in batches of 2 rows

    with pytest.raises(InterruptedLoadError):
        small_batches.ingest(changed_dataset(tables))

    assert seen == ["firms", "communities", "units", "units"]
    assert dump_store() == before
    assert small_batches.read_table("firms")["name"].tolist() == ["深业物业", "万科物业"]


def test_an_interrupted_first_load_leaves_an_empty_store(
    small_batches: Store, dataset: Dataset, dump_store: Callable[[], list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = dump_store()
    fail_on_batch(monkeypatch, "ledger", batch=1)

    with pytest.raises(InterruptedLoadError):
        small_batches.ingest(dataset)

    assert dump_store() == empty
    assert all(small_batches.read_table(name).empty for name in TABLES)


def test_a_failing_row_in_the_last_table_rolls_back_the_earlier_ones(
    store: Store, dataset: Dataset, tables: dict[str, pd.DataFrame], dump_store: Callable[[], list[str]]
) -> None:
    store.ingest(dataset)
    before = dump_store()
    broken = changed_dataset(tables)
    broken["ledger"].loc[0, "community_id"] = "C404"  # no such community

    with pytest.raises(StoreConflict, match=r"ledger row 1, column community_id: 'C404' .* \[foreign_key\]"):
        store.ingest(broken)

    assert dump_store() == before


def test_a_key_clash_on_a_unique_pair_rolls_back(
    store: Store, dataset: Dataset, tables: dict[str, pd.DataFrame], dump_store: Callable[[], list[str]]
) -> None:
    store.ingest(dataset)
    before = dump_store()
    clashing = changed_dataset(tables)
    # A new bill_id for a (unit, period) that already has a bill: the upsert on bill_id cannot absorb it.
    clash = tables["fee_bills"].iloc[[0]].assign(bill_id="B-dup")
    clashing.tables["fee_bills"] = pd.concat([tables["fee_bills"], clash], ignore_index=True)  # type: ignore[index]

    with pytest.raises(StoreConflict, match=r"fee_bills row 7, columns unit_id, period: .* \[unique_in_store\]"):
        store.ingest(clashing)

    assert dump_store() == before
