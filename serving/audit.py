"""The audit log: who (key id and name) read or changed what, and when; append-only and hash-chained.

Each row stores `prev_hash`, the previous row's `row_hash`, and its own `row_hash` = SHA-256(prev_hash + the row's
canonical content, its id included). Editing a row breaks its own hash; deleting one breaks the next row's link;
`disputes audit verify` finds the first broken row. The database refuses UPDATE and DELETE on the table
(serving/schema_upgrade.py).

Appends are serialized so the chain never forks: one lock per process, and inside the transaction the database's
write lock (SQLite `BEGIN IMMEDIATE`, a PostgreSQL advisory lock) is taken before the last hash is read, so other
processes (the CLI, a second worker) wait their turn too. The chain and the rows commit together.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Dialect, bindparam, func, insert, select
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import PoolProxiedConnection

from data.store.prepared import execute, fetch, prepare
from serving.auth import Principal
from serving.db import audit_log, now_local

GENESIS = "0" * 64
CONTENT_COLUMNS = ("audit_id", "at", "key_id", "key_name", "role", "action", "resource", "details")
AUDIT_COLUMNS = (*CONTENT_COLUMNS, "prev_hash", "row_hash")
ANONYMOUS = "anonymous"  # the role of a failed authentication's row
_PG_AUDIT_LOCK = 0x61756469  # any constant shared by every writer of one database


def audit_row(
    principal: Principal, action: str, resource: str, details: Mapping[str, object] | None = None
) -> dict[str, object]:
    """One audit row's content: when, which key (id and holder's name), its role, what was done to what."""
    return anonymous_row(principal.key_id, action, resource, details, name=principal.name, role=principal.role.value)


def anonymous_row(
    key_id: str,
    action: str,
    resource: str,
    details: Mapping[str, object] | None = None,
    *,
    name: str = "-",
    role: str = ANONYMOUS,
) -> dict[str, object]:
    """A row for a caller without a verified key (a failed authentication), or for the operator's CLI."""
    return {
        "at": now_local(), "key_id": key_id, "key_name": name, "role": role, "action": action, "resource": resource,
        "details": json.dumps(dict(details or {}), ensure_ascii=False, default=str, sort_keys=True),
    }  # fmt: skip


def _canonical_at(value: object) -> str:
    return value.isoformat(sep=" ") if isinstance(value, datetime) else str(value)


def canonical(row: Mapping[Any, Any]) -> str:
    """The content a row's hash covers, as one JSON text: id, time, key, role, action, resource, details."""
    values = [int(row["audit_id"]), _canonical_at(row["at"]), *(str(row[c]) for c in CONTENT_COLUMNS[2:])]
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


def chain_hash(prev_hash: str, row: Mapping[Any, Any]) -> str:
    """SHA-256 of the previous row's hash and this row's canonical content."""
    return hashlib.sha256((prev_hash + canonical(row)).encode()).hexdigest()


def _driver_connection(connection: Any) -> Any:
    return getattr(connection, "dbapi_connection", connection)  # a pool's proxy or the driver's own


class AuditLog:
    """Appends hash-chained audit rows to one database, one writer at a time."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect.name
        self._lock = threading.Lock()
        # max() rather than ORDER BY … LIMIT: a LIMIT's anonymous bind does not survive prepare() on psycopg.
        newest = select(func.max(audit_log.c.audit_id)).scalar_subquery()
        self._last = prepare(
            select(audit_log.c.audit_id, audit_log.c.row_hash).where(audit_log.c.audit_id == newest), dialect
        )
        self._insert = prepare(insert(audit_log).values({n: bindparam(n) for n in AUDIT_COLUMNS}), dialect)

    def _take_write_lock(self, connection: DBAPIConnection | PoolProxiedConnection) -> None:
        """The database's write lock, before the last hash is read (released when the transaction ends)."""
        cursor = connection.cursor()
        try:
            if self.dialect == "sqlite" and not _driver_connection(connection).in_transaction:
                cursor.execute("BEGIN IMMEDIATE")
            elif self.dialect == "postgresql":
                cursor.execute(f"SELECT pg_advisory_xact_lock({_PG_AUDIT_LOCK})")
        finally:
            cursor.close()

    def append(self, connection: DBAPIConnection | PoolProxiedConnection, rows: Sequence[Mapping[str, object]]) -> None:
        """Chain the rows onto the log and commit the connection's transaction (its other writes included)."""
        with self._lock:
            self._take_write_lock(connection)
            last = fetch(connection, self._last)
            audit_id, prev = (int(last[0]["audit_id"]), str(last[0]["row_hash"])) if last else (0, GENESIS)
            for row in rows:
                audit_id += 1
                chained = {**row, "audit_id": audit_id, "prev_hash": prev}
                chained["row_hash"] = prev = chain_hash(prev, chained)
                execute(connection, self._insert, **chained)
            connection.commit()

    def record(
        self,
        session: Connection,
        principal: Principal,
        action: str,
        resource: str,
        details: Mapping[str, object] | None = None,
    ) -> None:
        """Add one row for a principal in the session's transaction, and commit that transaction."""
        self.append(session.connection, [audit_row(principal, action, resource, details)])
