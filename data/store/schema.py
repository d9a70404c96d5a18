"""SQL tables generated from the data contract: one definition, no hand-kept column lists.

Decimal columns are stored as double precision (`Float`). Typed frames already hold them as float64, so the store
round-trips them exactly; money is CNY to the cent and areas are m², far inside float64's 15 significant digits, and
every consumer aggregates in float64 anyway. `Numeric` would hand back `Decimal` objects that must be converted
one by one on every read. Enums are plain strings, not database enum types: the codes are checked by validation on
the way in and on the way out, and a new code then needs no schema migration.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import Table as SqlTable
from sqlalchemy.types import TypeEngine

from data.contract import TABLES, Kind, Table
from data.contract import Column as ContractColumn

DATASET_META = "dataset_meta"
"""Which contract tables have been supplied, so an optional table that was loaded empty is not 'missing'."""

_NAMING = {
    "pk": "pk_%(table_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
}

_KIND_TYPES: dict[Kind, TypeEngine[Any]] = {
    Kind.ID: String(),
    Kind.TEXT: Text(),
    Kind.PERIOD: String(7),
    Kind.ENUM: String(),
    Kind.INT: Integer(),
    Kind.DECIMAL: Float(),
    Kind.BOOL: Boolean(),
    Kind.DATE: Date(),
    Kind.TIMESTAMP: DateTime(timezone=False),  # naive local time, Asia/Shanghai
}


def build_metadata() -> MetaData:
    """Every contract table plus `dataset_meta`, as SQLAlchemy Core tables in one MetaData."""
    metadata = MetaData(naming_convention=_NAMING)
    for table in TABLES.values():
        _sql_table(table, metadata)
    SqlTable(
        DATASET_META,
        metadata,
        Column("table_name", String(), primary_key=True),
        Column("rows_ingested", Integer(), nullable=False),
        Column("ingested_at", DateTime(timezone=False), nullable=False),
    )
    return metadata


def _sql_table(table: Table, metadata: MetaData) -> SqlTable:
    columns = [_sql_column(column) for column in table.columns]
    uniques = [UniqueConstraint(*names) for names in table.unique]
    indexes = [Index(f"ix_{table.name}_community_id", "community_id")] if _read_by_community(table) else []
    return SqlTable(table.name, metadata, *columns, PrimaryKeyConstraint(*table.primary_key), *uniques, *indexes)


def _read_by_community(table: Table) -> bool:
    """The Dask engine reads a store a few communities at a time (Store.read_communities): a table with a
    community_id that its key does not lead needs its own index, or every partition's read scans the table."""
    return "community_id" in table.column_names and table.primary_key[0] != "community_id"


def _sql_column(column: ContractColumn) -> Column[Any]:
    foreign_keys = [ForeignKey(column.references)] if column.references else []
    return Column(column.name, _KIND_TYPES[column.kind], *foreign_keys, nullable=column.nullable)
