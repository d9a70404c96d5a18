"""The audit log on a real PostgreSQL server: append-only triggers and one hash chain under concurrent writers.

Skipped when the server binaries or the psycopg driver are not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, text, update
from sqlalchemy.exc import DatabaseError

from serving.audit import AuditLog, anonymous_row
from serving.audit_reading import verify_chain
from serving.db import audit_log, create_serving_schema, open_engine

pytestmark = pytest.mark.slow


def _binary(name: str) -> str | None:
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    return shutil.which(name) or (str(candidates[0]) if candidates else None)


@pytest.fixture(scope="module")
def pg_engine() -> Iterator[Engine]:
    """A fresh database on a throwaway cluster listening only on a Unix socket in its own folder."""
    psycopg = pytest.importorskip("psycopg")
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    if initdb is None or pg_ctl is None:
        pytest.skip("PostgreSQL server binaries are not installed")
    root = Path(tempfile.mkdtemp(prefix="audit-pg-"))
    as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []  # the server refuses root
    if as_owner:
        shutil.chown(root, "postgres")
    data, options = root / "data", f"-k {root} -c listen_addresses='' -c fsync=off"
    subprocess.run([*as_owner, initdb, "-D", data, "-U", "radar", "-A", "trust", "-E", "UTF8", "--no-sync"],
                   check=True, capture_output=True)  # fmt: skip
    subprocess.run([*as_owner, pg_ctl, "-D", data, "-o", options, "-l", root / "log", "-w", "start"],
                   check=True, capture_output=True)  # fmt: skip
    name = f"radar_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(host=str(root), user="radar", dbname="postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        engine = open_engine(f"postgresql+psycopg://radar@/{name}?host={root}")
        create_serving_schema(engine)
        create_serving_schema(engine)  # idempotent
        yield engine
        engine.dispose()
    finally:
        subprocess.run([*as_owner, pg_ctl, "-D", data, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


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
