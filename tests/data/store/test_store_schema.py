"""The SQL schema comes from the contract, and the SQL it needs is valid for PostgreSQL as well as SQLite."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Boolean, Date, DateTime, Float, Integer, String, Text, UniqueConstraint
from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import CreateTable

from data.contract import TABLES, Kind
from data.store import Store
from data.store.schema import DATASET_META, build_metadata
from data.store.writing import upsert_statement

EXPECTED_TYPES = {
    Kind.ID: String,
    Kind.TEXT: Text,
    Kind.PERIOD: String,
    Kind.ENUM: String,
    Kind.INT: Integer,
    Kind.DECIMAL: Float,
    Kind.BOOL: Boolean,
    Kind.DATE: Date,
    Kind.TIMESTAMP: DateTime,
}


@pytest.mark.parametrize("name", list(TABLES))
def test_each_sql_table_mirrors_its_contract_table(name: str) -> None:
    table = TABLES[name]
    sql_table = build_metadata().tables[name]

    assert tuple(sql_table.c.keys()) == table.column_names
    assert tuple(c.name for c in sql_table.primary_key.columns) == table.primary_key
    for column in table.columns:
        sql_column = sql_table.c[column.name]
        assert type(sql_column.type) is EXPECTED_TYPES[column.kind]
        assert sql_column.nullable == column.nullable
        targets = [fk.target_fullname for fk in sql_column.foreign_keys]
        assert targets == ([column.references] if column.references else [])
    uniques = {tuple(c.columns.keys()) for c in sql_table.constraints if isinstance(c, UniqueConstraint)}
    assert uniques == set(table.unique)


def test_timestamps_are_naive_and_the_meta_table_exists() -> None:
    metadata = build_metadata()

    assert metadata.tables["complaints"].c.created_at.type.timezone is False  # type: ignore[attr-defined]
    assert set(metadata.tables) == set(TABLES) | {DATASET_META}


def test_create_schema_is_idempotent_and_sqlite_runs_in_wal_mode(store_path: Path) -> None:
    store = Store(f"sqlite:///{store_path}")
    store.create_schema()
    store.create_schema()
    store.dispose()

    with sqlite3.connect(store_path) as connection:
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        (mode,) = connection.execute("PRAGMA journal_mode").fetchone()
    assert names == set(TABLES) | {DATASET_META}
    assert mode == "wal"


def test_display_url_masks_the_password() -> None:
    store = Store("postgresql+psycopg://radar:s3cret@db.internal:5432/disputes")

    assert store.display_url == "postgresql+psycopg://radar:***@db.internal:5432/disputes"


@pytest.mark.parametrize("name", list(TABLES))
def test_postgresql_ddl_compiles(name: str) -> None:
    ddl = str(CreateTable(build_metadata().tables[name]).compile(dialect=postgresql.dialect()))

    assert f"CONSTRAINT pk_{name} PRIMARY KEY" in ddl
    if name == "complaints":
        assert "created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL" in ddl
        assert "FOREIGN KEY(unit_id) REFERENCES units (unit_id)" in ddl


def test_upsert_compiles_for_postgresql_with_a_changed_rows_guard() -> None:
    bills = build_metadata().tables["fee_bills"]

    sql = str(upsert_statement(bills, "postgresql").compile(dialect=postgresql.dialect()))

    assert "ON CONFLICT (bill_id) DO UPDATE SET unit_id = excluded.unit_id" in sql
    assert "fee_bills.paid_at IS DISTINCT FROM excluded.paid_at" in sql


def test_other_databases_are_refused() -> None:
    with pytest.raises(NotImplementedError, match="not mysql"):
        upsert_statement(build_metadata().tables["firms"], "mysql")
