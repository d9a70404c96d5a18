"""Engines for the tables that live beside the store: SQLite gets WAL and a busy timeout."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event


def open_engine(url: str) -> Engine:
    """An engine for the scoring and serving tables; on SQLite, readers and the scorer coexist."""
    engine = create_engine(url, pool_size=16, max_overflow=16) if url.startswith("sqlite") else create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
    return engine


def _configure_sqlite(dbapi_connection: Any, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL never corrupts the database; a power cut may lose only the last commits.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()
