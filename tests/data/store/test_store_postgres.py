"""The same store against a real PostgreSQL server, started for this module in a temporary folder.

Skipped when the server binaries or the psycopg driver are not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Connection

from data.contract import TABLES
from data.dataset import Dataset
from data.store import Store, StoreConflict, writing

pytestmark = pytest.mark.slow


def _server_binary(name: str) -> str | None:
    found = shutil.which(name)
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    return found or (str(candidates[0]) if candidates else None)


@pytest.fixture(scope="module")
def server() -> Iterator[Path]:
    """A throwaway PostgreSQL cluster listening only on a Unix socket in its own folder."""
    psycopg = pytest.importorskip("psycopg")
    initdb, pg_ctl = _server_binary("initdb"), _server_binary("pg_ctl")
    if initdb is None or pg_ctl is None:
        pytest.skip("PostgreSQL server binaries are not installed")
    root = Path(tempfile.mkdtemp(prefix="store-pg-"))
    as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []  # the server refuses to run as root
    if as_owner:
        shutil.chown(root, "postgres")
    data, options = root / "data", f"-k {root} -c listen_addresses='' -c fsync=off"
    subprocess.run([*as_owner, initdb, "-D", data, "-U", "radar", "-A", "trust", "-E", "UTF8", "--no-sync"],
                   check=True, capture_output=True)  # fmt: skip
    subprocess.run([*as_owner, pg_ctl, "-D", data, "-o", options, "-l", root / "log", "-w", "start"],
                   check=True, capture_output=True)  # fmt: skip
    try:
        with psycopg.connect(host=str(root), user="radar", dbname="postgres") as connection:
            connection.execute("SELECT 1")
        yield root
    finally:
        subprocess.run([*as_owner, pg_ctl, "-D", data, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg_store(server: Path) -> Iterator[Store]:
    """A store in a fresh database of the module's server."""
    import psycopg

    name = f"radar_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(host=str(server), user="radar", dbname="postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    store = Store(f"postgresql+psycopg://radar@/{name}?host={server}", batch_rows=2)
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
