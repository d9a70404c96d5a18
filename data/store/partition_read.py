"""Reading the store a few communities at a time, each partition in its own task and connection, as of one cut.

The Dask engine reads a store this way (features.distributed.read_store), so no process holds the whole store.
The client takes a `StoreCut` in one snapshot: the supplied tables, the units of every community (to group the
communities into partitions) and, per dated table, the latest knowledge time stored (`Table.known_at`). Every
partition then reads its communities' rows with that point-in-time filter, so a record ingested after the cut
with a later knowledge time is left out of every partition alike.

On PostgreSQL the client also exports its snapshot (`pg_export_snapshot()`) and holds it while the partitions
read; each partition's transaction imports it (`SET TRANSACTION SNAPSHOT`), so every part sees exactly the rows
the client saw, updated rows included. SQLite cannot share a snapshot between connections: there each partition
reads in one transaction of its own and the point-in-time filter is the guarantee, so an ingest that changes
existing rows (a complaint resolved, a bill paid) while the partitions read may reach some parts and not others.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, Connection, Integer, MetaData, String, false, func, select, type_coerce

from data.contract import DATED_TABLES, Kind, Table

MAX_IDS = 10_000
"""Community ids per statement: bound parameters per statement are limited (SQLite 32,766; psycopg 65,535)."""

_SNAPSHOT_ID = re.compile(r"[0-9A-F]+-[0-9A-F]+(-[0-9]+)?")  # what pg_export_snapshot() returns


@dataclass(frozen=True)
class StoreCut:
    """What every partition reads: the tables supplied at the cut, the latest knowledge time stored per dated
    table (None when it was empty) and, on PostgreSQL, the exported snapshot to read in."""

    supplied: frozenset[str]
    latest: Mapping[str, Any]
    snapshot: str | None = None

    def __post_init__(self) -> None:
        if self.snapshot is not None and not _SNAPSHOT_ID.fullmatch(self.snapshot):
            raise ValueError(f"not a PostgreSQL snapshot id: {self.snapshot!r}")


def take_cut(connection: Connection, metadata: MetaData, supplied: set[str]) -> StoreCut:
    """The cut at this connection's snapshot; on PostgreSQL the snapshot is exported for the partitions."""
    latest = {}
    for name, column in DATED_TABLES.items():
        if name in supplied:
            latest[name] = connection.execute(select(func.max(metadata.tables[name].c[column]))).scalar_one()
    snapshot = None
    if connection.dialect.name == "postgresql":
        snapshot = connection.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
    return StoreCut(frozenset(supplied), latest, snapshot)


def community_units(connection: Connection, metadata: MetaData) -> pd.Series:
    """Units per community id, communities without units included (their disputes still count for their firm)."""
    communities, units = metadata.tables["communities"], metadata.tables["units"]
    statement = (
        select(communities.c.community_id, func.count(units.c.unit_id))
        .select_from(communities.outerjoin(units, units.c.community_id == communities.c.community_id))
        .group_by(communities.c.community_id)
    )
    rows = connection.execute(statement).all()
    return pd.Series([n for _, n in rows], index=pd.Index([c for c, _ in rows], dtype=object), dtype="int64")


def import_snapshot(connection: Connection, cut: StoreCut) -> None:
    """Read inside the cut's exported snapshot (PostgreSQL); the first statement of the transaction."""
    if cut.snapshot is not None:  # checked against _SNAPSHOT_ID; SET accepts no bound parameter
        connection.exec_driver_sql(f"SET TRANSACTION SNAPSHOT '{cut.snapshot}'")


def id_chunks(community_ids: Sequence[str]) -> list[list[str]]:
    """The ids in runs of at most MAX_IDS (one empty run for none)."""
    ids = list(community_ids)
    return [ids[i : i + MAX_IDS] for i in range(0, len(ids), MAX_IDS)] or [[]]


def part_filter(metadata: MetaData, name: str, community_ids: list[str], cut: StoreCut) -> list[ColumnElement[bool]]:
    """The rows of `name` that belong to the communities (bills through their units) and were known at the cut."""
    sql_table = metadata.tables[name]
    if name == "fee_bills":
        units = metadata.tables["units"]
        of_units = select(units.c.unit_id).where(units.c.community_id.in_(community_ids))
        where: list[ColumnElement[bool]] = [sql_table.c.unit_id.in_(of_units)]
    else:
        where = [sql_table.c.community_id.in_(community_ids)]
    if name in DATED_TABLES:
        latest = cut.latest.get(name)
        where.append(sql_table.c[DATED_TABLES[name]] <= latest if latest is not None else false())
    return where


def sqlite_stored_columns(metadata: MetaData, table: Table) -> list[ColumnElement[Any]]:
    """The table's columns as SQLite stores them (dates as ISO text, booleans as 0 and 1): no value is converted
    one by one on the way out; data.store.frames.stored_frame converts whole columns."""
    sql_table = metadata.tables[table.name]
    columns: list[ColumnElement[Any]] = []
    for column in table.columns:
        sql_column = sql_table.c[column.name]
        if column.kind in (Kind.DATE, Kind.TIMESTAMP):
            columns.append(type_coerce(sql_column, String).label(column.name))
        elif column.kind is Kind.BOOL:
            columns.append(type_coerce(sql_column, Integer).label(column.name))
        else:
            columns.append(sql_column)
    return columns
