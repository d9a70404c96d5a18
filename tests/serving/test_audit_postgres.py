"""The audit log on a real PostgreSQL server: append-only triggers and one hash chain under concurrent writers.

Skipped when the server binaries or the psycopg driver are not installed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, delete, text, update
from sqlalchemy.exc import DatabaseError

from serving.audit import AuditLog, anonymous_row
from serving.audit_reading import verify_chain
from serving.db import audit_log, create_serving_schema, open_engine

pytestmark = pytest.mark.slow


@pytest.fixture
def pg_engine(postgres_url: str) -> Iterator[Engine]:
    """A fresh database on the session's throwaway server (tests/conftest.py), with the serving tables."""
    engine = open_engine(postgres_url)
    create_serving_schema(engine)
    create_serving_schema(engine)  # idempotent
    yield engine
    engine.dispose()


def test_concurrent_writers_keep_one_chain_and_rows_cannot_change(pg_engine):
    writers = [AuditLog(pg_engine.dialect), AuditLog(pg_engine.dialect)]  # two locks, as two processes

    def append(n: int) -> None:
        for i in range(25):
            connection = pg_engine.raw_connection()
            try:
                writers[n % 2].append(connection, [anonymous_row("-", "test.append", f"writer:{n}:{i}")])
            finally:
                connection.close()

    threads = [threading.Thread(target=append, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with pg_engine.connect() as connection:
        check = verify_chain(connection)
    assert (check.intact, check.rows) == (True, 100)
    for statement in (update(audit_log).values(key_name="x"), delete(audit_log), text("TRUNCATE audit_log")):
        with pg_engine.begin() as connection, pytest.raises(DatabaseError, match="append-only"):
            connection.execute(statement)
