"""Why the store refused an ingest: its constraints traced back to the ingested rows that broke them.

The database enforces the keys inside the ingest's one transaction, so no read-then-write race can let a clash
through, and a clean ingest pays nothing extra. When the database refuses a row (a unique key other than the
primary key that a stored row already holds, or a foreign key naming a row that is not stored), the whole
transaction is rolled back and the ingested rows to blame are found afterwards, against what the store holds.
Reports show the ingested row's own values only, never a stored row: that may be another household's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Column as SqlColumn
from sqlalchemy import Connection, Integer, MetaData, and_, delete, or_, select
from sqlalchemy import Table as SqlTable
from sqlalchemy.exc import IntegrityError

from data.checks import Describe, check_keys, log_rows
from data.contract import TABLES, Table
from data.dataset import Dataset
from data.parsing import shown
from data.problems import Problem, ProblemLog, Report, ValidationFailed
from data.relations import check_references
from data.store.frames import column_batches
from data.store.writing import BATCH_ROWS, prepare_upsert, write_batch

_SAFE_MESSAGE = re.compile(r"(UNIQUE|FOREIGN KEY|NOT NULL|CHECK) constraint failed(: [\w., ]+)?")
"""SQLite's refusals, which name constraints and columns but never values."""


class StoreConflict(ValidationFailed):
    """The store's keys refused an ingest; nothing was written, and `.report` says which rows and why."""


def locate_conflicts(
    connection: Connection, metadata: MetaData, dataset: Dataset, names: Sequence[str], batch_rows: int = BATCH_ROWS
) -> Report:
    """Problems that made the store refuse `names` of `dataset`, found against the store as it stands."""
    log = ProblemLog()
    for name in names:
        table, frame = TABLES[name], dataset[name]
        check_keys(table, frame, log)  # a dataset that skipped validation may repeat its own keys
        for key in table.unique:
            held = held_in_store(connection, metadata.tables[name], table, frame, key, batch_rows)
            log_rows(log, name, held, ", ".join(key), "unique_in_store", _describe_held(table, frame, key))
        targets = _reference_targets(connection, metadata, dataset, names[: names.index(name)], table)
        check_references(table, frame, targets, log)
    return log.report()


def held_in_store(
    connection: Connection,
    sql_table: SqlTable,
    table: Table,
    frame: pd.DataFrame,
    key: tuple[str, ...],
    batch_rows: int = BATCH_ROWS,
) -> np.ndarray:
    """True where the store holds the row's `key` under another primary key.

    The ingested keys go, a batch at a time, into a temporary table joined to the stored one on its unique index:
    one bulk write and one query per batch on either dialect, and the stored rows are compared inside SQL only.
    """
    keyed = replace(table, columns=tuple(table.column(name) for name in dict.fromkeys((*table.primary_key, *key))))
    ingested = _ingested_keys(sql_table, keyed)
    upsert = prepare_upsert(ingested, connection.dialect)
    query = select(ingested.c.position).join(sql_table, _same_key_other_row(sql_table, ingested, keyed, key))
    held = np.zeros(len(frame), dtype=bool)
    ingested.create(connection)
    try:
        for first, batch in zip(
            range(0, len(frame), batch_rows), column_batches(frame, keyed, batch_rows), strict=True
        ):
            connection.execute(delete(ingested))
            positions = list(range(first, min(first + batch_rows, len(frame))))
            write_batch(connection, upsert, upsert.parameters({"position": positions, **batch}))
            held[np.asarray(connection.execute(query).scalars().all(), dtype=np.int64)] = True
    finally:
        ingested.drop(connection)
    return held


def _ingested_keys(sql_table: SqlTable, keyed: Table) -> SqlTable:
    """A temporary table of row positions and the key columns of ingested rows."""
    columns = [SqlColumn(name, sql_table.c[name].type.copy()) for name in keyed.column_names]
    return SqlTable(
        "ingested_keys", MetaData(), SqlColumn("position", Integer, primary_key=True), *columns, prefixes=["TEMPORARY"]
    )


def _same_key_other_row(sql_table: SqlTable, ingested: SqlTable, keyed: Table, key: tuple[str, ...]) -> Any:
    same_key = [sql_table.c[name] == ingested.c[name] for name in key]
    return and_(*same_key, or_(*(sql_table.c[name] != ingested.c[name] for name in keyed.primary_key)))


def _describe_held(table: Table, frame: pd.DataFrame, key: tuple[str, ...]) -> Describe:
    primary = ", ".join(table.primary_key)

    def describe(row: int) -> tuple[str, str]:
        parts = [shown(frame[name].iloc[row]) for name in key]
        shown_key = repr(parts[0]) if len(parts) == 1 else "(" + ", ".join(map(repr, parts)) + ")"
        message = (
            f"{shown_key} already has a row in the store with another {primary}; "
            f"send that row's {primary} to change it, not a new one"
        )
        return ", ".join(parts), message

    return describe


def _reference_targets(
    connection: Connection, metadata: MetaData, dataset: Dataset, written: Sequence[str], table: Table
) -> dict[str, pd.DataFrame]:
    """For each table `table` references: the keys stored, plus those this ingest writes before `table`."""
    targets: dict[str, pd.DataFrame] = {}
    for col in table.columns:
        if col.references is None:
            continue
        target, target_column = col.references.split(".")
        stored = connection.execute(select(metadata.tables[target].c[target_column])).scalars().all()
        keys = pd.Series(stored, dtype="string[pyarrow]")
        if target in written:
            keys = pd.concat([keys, dataset[target][target_column].astype("string[pyarrow]")], ignore_index=True)
        targets[target] = pd.DataFrame({target_column: keys})
    return targets


def refusal(error: IntegrityError, located: Report) -> StoreConflict:
    """The located report when there is one; else one that names the broken constraint, never a value."""
    if located.total:
        return StoreConflict(located)
    message = f"the store refused the ingest ({_constraint(error)}); nothing was written"
    return StoreConflict(Report((Problem("", None, None, None, "store_conflict", message),), 1))


def _constraint(error: IntegrityError) -> str:
    """The broken constraint as the driver names it, leaving out any values (PostgreSQL keeps those in its detail)."""
    primary = getattr(getattr(error.orig, "diag", None), "message_primary", None)  # psycopg
    if primary:
        return str(primary)
    found = _SAFE_MESSAGE.fullmatch(str(error.orig).strip())
    return found.group(0) if found else "an integrity constraint"
