"""Bringing serving tables of an older home up to date, and keeping the audit log append-only in the database.

`create_all` makes missing tables but never adds columns, so an existing store gets them here: key expiry and the
audit hash chain (older audit rows are chained once, in id order, when the columns arrive). Triggers then refuse
every UPDATE and DELETE of audit rows; the hash chain catches whoever drops the triggers first.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, inspect, select, text, update

from serving.audit import GENESIS, chain_hash
from serving.db import api_keys, audit_log

# Columns added after the first release: table → names (all nullable, so adding them keeps every old row valid).
ADDED_COLUMNS = {"api_keys": ("expires_at",), "audit_log": ("prev_hash", "row_hash")}

_SQLITE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be changed'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be deleted'); END",
]
_PG_TRIGGERS = [
    "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only: rows cannot be changed or deleted'; END $$",
    "CREATE OR REPLACE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    "CREATE OR REPLACE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
]
_TABLES = {"api_keys": api_keys, "audit_log": audit_log}


def _add_missing_columns(connection: Connection) -> set[str]:
    """Add the columns an older home lacks; returns the tables that got any."""
    inspector, changed = inspect(connection), set()
    for name, columns in ADDED_COLUMNS.items():
        present = {column["name"] for column in inspector.get_columns(name)}
        for column in (c for c in columns if c not in present):
            kind = _TABLES[name].c[column].type.compile(connection.dialect)
            connection.execute(text(f"ALTER TABLE {name} ADD COLUMN {column} {kind}"))
            changed.add(name)
    return changed


def _chain_existing_rows(connection: Connection) -> None:
    """Give rows written before the chain existed their hashes, in id order (only while no trigger forbids it)."""
    prev = GENESIS
    for row in connection.execute(select(audit_log).order_by(audit_log.c.audit_id)).mappings().all():
        row_hash = chain_hash(prev, row)
        connection.execute(
            update(audit_log).where(audit_log.c.audit_id == row["audit_id"]).values(prev_hash=prev, row_hash=row_hash)
        )
        prev = row_hash


def _install_triggers(connection: Connection) -> None:
    statements = {"sqlite": _SQLITE_TRIGGERS, "postgresql": _PG_TRIGGERS}.get(connection.dialect.name, [])
    for statement in statements:
        connection.execute(text(statement))


def upgrade_serving_schema(engine: Engine) -> None:
    """Add missing columns, chain old audit rows, and make the audit log append-only (idempotent)."""
    with engine.begin() as connection:
        if "audit_log" in _add_missing_columns(connection):
            _chain_existing_rows(connection)
        _install_triggers(connection)
