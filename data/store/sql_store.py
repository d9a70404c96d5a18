"""The SQL store: contract tables in a SQLite file (default) or PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, Connection, Engine, create_engine, event, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from data.contract import OPTIONAL_TABLES, TABLES, Table
from data.dataset import Dataset
from data.store.conflicts import StoreConflict, locate_conflicts, refusal
from data.store.frames import stored_frame
from data.store.partition_read import (
    StoreCut,
    community_units,
    id_chunks,
    import_snapshot,
    part_filter,
    sqlite_stored_columns,
    take_cut,
)
from data.store.schema import DATASET_META, build_metadata
from data.store.writing import BATCH_ROWS, record_supplied, write_table

# A read sees one snapshot of all tables. SQLite gives that to any transaction; PostgreSQL needs it asked for.
_SNAPSHOT_ISOLATION = {"postgresql": "REPEATABLE READ"}


class Store:
    """Validated datasets kept in SQL: one transaction per ingest, upserts on primary keys."""

    def __init__(self, url: str, *, batch_rows: int = BATCH_ROWS) -> None:
        self._url = url  # may hold a password: show display_url instead
        self.display_url: str = make_url(url).render_as_string(hide_password=True)
        self.batch_rows = batch_rows
        self._metadata = build_metadata()

    @cached_property
    def _engine(self) -> Engine:
        # Created on first use, so a Store can be built (and its URL shown) before the driver is needed.
        engine = create_engine(self._url)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _configure_sqlite)
            event.listen(engine, "begin", _begin_sqlite)
        return engine

    def create_schema(self) -> None:
        """Create every missing table, and the indexes of tables made by an earlier version; safe to call again."""
        self._metadata.create_all(self._engine)
        for table in self._metadata.tables.values():
            for index in table.indexes:
                index.create(self._engine, checkfirst=True)

    def ingest(self, dataset: Dataset, tables: Iterable[str] | None = None) -> dict[str, int]:
        """Upsert the dataset's supplied tables (or the named ones) in one transaction; rows sent per table.

        Raises StoreConflict (a ValidationFailed) when the store's keys refuse a row, after writing nothing.
        """
        names = self._tables_to_write(dataset, tables)
        try:
            return self._write_all(dataset, names)
        except IntegrityError as error:  # the driver's message lists whole batches of rows: never pass it on
            raise self._refusal(dataset, names, error) from None

    def _write_all(self, dataset: Dataset, names: list[str]) -> dict[str, int]:
        meta = self._metadata.tables[DATASET_META]
        with self._engine.begin() as connection:
            written = {name: self._write(connection, dataset[name], name) for name in names}
            record_supplied(connection, meta, written)
        return written

    def _refusal(self, dataset: Dataset, names: list[str], error: IntegrityError) -> StoreConflict:
        """The refused rows located against the store, which the rollback left as it was before the ingest."""
        with self._snapshot() as connection, connection.begin():
            return refusal(error, locate_conflicts(connection, self._metadata, dataset, names, self.batch_rows))

    def read_table(self, name: str) -> pd.DataFrame:
        """One contract table as stored, with a pandas dtype per column kind and enum codes left as text."""
        with self._snapshot() as connection, connection.begin():
            return self._read(connection, name)

    def read_dataset(self) -> Dataset:
        """Every supplied table, read in one snapshot and checked by the same validation as files."""
        from data.validation import validate_tables

        with self._snapshot() as connection, connection.begin():
            supplied = self._supplied(connection)
            raw = {name: self._read(connection, name) for name in TABLES if name in supplied}
        return validate_tables(raw, missing=[name for name in OPTIONAL_TABLES if name not in supplied])

    @contextmanager
    def cut(self) -> Iterator[tuple[StoreCut, pd.Series]]:
        """The store now, for partitioned readers (see data.store.partition_read), with the units per community.

        On PostgreSQL the snapshot stays exported, for Store.read_communities to read in, until the block ends."""
        with self._snapshot() as connection, connection.begin():
            supplied = self._supplied(connection)
            units = community_units(connection, self._metadata) if "communities" in supplied else pd.Series()
            yield take_cut(connection, self._metadata, supplied), units

    def read_communities(self, community_ids: Sequence[str], cut: StoreCut) -> Dataset:
        """The communities' rows of every table supplied at `cut`, as of the cut, checked like files.

        Every firm is kept, as features.partitions.restrict_to_communities keeps them."""
        from data.validation import validate_tables

        with self._snapshot() as connection, connection.begin():
            import_snapshot(connection, cut)
            raw = {
                name: self._read_part(connection, name, community_ids, cut) for name in TABLES if name in cut.supplied
            }
        return validate_tables(raw, missing=[name for name in OPTIONAL_TABLES if name not in cut.supplied])

    def _read_part(
        self, connection: Connection, name: str, community_ids: Sequence[str], cut: StoreCut
    ) -> pd.DataFrame:
        if name == "firms":
            return self._read(connection, name)
        chunks = id_chunks(community_ids)
        frames = [self._read(connection, name, part_filter(self._metadata, name, ids, cut)) for ids in chunks]
        return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]

    def dispose(self) -> None:
        """Close every pooled connection."""
        if "_engine" in self.__dict__:
            self._engine.dispose()

    def _tables_to_write(self, dataset: Dataset, tables: Iterable[str] | None) -> list[str]:
        if tables is None:
            return [name for name in TABLES if dataset.has(name)]
        wanted = set(tables)
        if unknown := wanted - set(TABLES):
            raise ValueError(f"not contract tables: {', '.join(sorted(unknown))}")
        if absent := {name for name in wanted if not dataset.has(name)}:
            raise ValueError(f"the dataset does not supply: {', '.join(sorted(absent))}")
        return [name for name in TABLES if name in wanted]  # TABLES order: referenced tables first

    def _write(self, connection: Connection, frame: pd.DataFrame, name: str) -> int:
        return write_table(connection, self._metadata.tables[name], frame, TABLES[name], self.batch_rows)

    def _read(self, connection: Connection, name: str, where: Sequence[ColumnElement[bool]] = ()) -> pd.DataFrame:
        table, sql_table = TABLES[name], self._metadata.tables[name]
        sqlite = connection.dialect.name == "sqlite"
        if sqlite and not where:
            return self._read_sqlite_raw(connection, table)
        # Bound parameters need SQLAlchemy's execution; on SQLite the columns are read as stored, so dates are
        # still parsed a whole column at a time (see _read_sqlite_raw).
        columns = (
            sqlite_stored_columns(self._metadata, table) if sqlite else [sql_table.c[c] for c in table.column_names]
        )
        result = connection.execution_options(yield_per=self.batch_rows).execute(select(*columns).where(*where))
        return stored_frame(result.partitions(), table)

    def _read_sqlite_raw(self, connection: Connection, table: Table) -> pd.DataFrame:
        # sqlite3 streams rows by itself. SQLAlchemy's per-value result processing (each date parsed on its own)
        # is most of the cost of reading a large table there, so read the driver's rows directly; stored_frame
        # parses dates a whole column at a time.
        sql_table = self._metadata.tables[table.name]
        statement = select(*(sql_table.c[column] for column in table.column_names))
        cursor = connection.connection.cursor()
        try:
            cursor.execute(str(statement.compile(dialect=connection.dialect)))
            return stored_frame(iter(lambda: cursor.fetchmany(self.batch_rows), []), table)
        finally:
            cursor.close()

    def _supplied(self, connection: Connection) -> set[str]:
        if not inspect(connection).has_table(DATASET_META):
            return set()
        meta = self._metadata.tables[DATASET_META]
        return set(connection.execute(select(meta.c.table_name)).scalars())

    def _snapshot(self) -> Connection:
        isolation = _SNAPSHOT_ISOLATION.get(self._engine.dialect.name)
        connection = self._engine.connect()
        return connection.execution_options(isolation_level=isolation) if isolation else connection


def _configure_sqlite(dbapi_connection: Any, _record: object) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin (so one BEGIN covers a whole ingest).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers keep reading while an ingest writes
    cursor.execute("PRAGMA foreign_keys=ON")
    # With foreign keys on, every upserted row opens a statement journal; on disk that halves ingest speed.
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def _begin_sqlite(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")
