"""Serving state in SQL (SQLAlchemy Core): scores with history, rollups, API keys, outreach and the audit log.

The tables live in the store's database, next to the contract tables they refer to. Times are naive local time
(Asia/Shanghai), as in the store.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
)

from data.contract import LOCAL_TZ
from data.store.schema import build_metadata

metadata = MetaData()

score_runs = Table(
    "score_runs",
    metadata,
    Column("run_id", Integer, primary_key=True, autoincrement=True),
    Column("as_of", Date, nullable=False),
    Column("model_name", String, nullable=False),
    Column("model_version", String, nullable=False),
    Column("horizon_days", Integer, nullable=False),
    Column("units", Integer, nullable=False),
    Column("scored_at", DateTime, nullable=False),
)

scores = Table(
    "scores",
    metadata,
    Column("run_id", Integer, ForeignKey("score_runs.run_id"), primary_key=True),
    Column("unit_id", String, primary_key=True),
    Column("community_id", String, nullable=False),
    Column("as_of", Date, nullable=False),
    Column("probability", Float, nullable=False),
    Column("band", String, nullable=False),
    Column("reasons", Text, nullable=False),  # JSON list of {family, contribution, zh, en}
    Column("model_version", String, nullable=False),
    Column("scored_at", DateTime, nullable=False),
    Index("ix_scores_unit_run", "unit_id", "run_id"),
    Index("ix_scores_run_probability", "run_id", "probability"),
)

community_rollups = Table(
    "community_rollups",
    metadata,
    Column("run_id", Integer, ForeignKey("score_runs.run_id"), primary_key=True),
    Column("community_id", String, primary_key=True),
    Column("as_of", Date, nullable=False),
    Column("units", Integer, nullable=False),
    Column("expected_disputes", Float, nullable=False),
    Column("p_at_least_one", Float, nullable=False),
    Column("band_low", Integer, nullable=False),
    Column("band_medium", Integer, nullable=False),
    Column("band_high", Integer, nullable=False),
    Column("band_critical", Integer, nullable=False),
    Column("top_drivers", Text, nullable=False),  # JSON list of {family, units, contribution, zh, en}
    Column("model_version", String, nullable=False),
    Column("scored_at", DateTime, nullable=False),
    Index("ix_community_rollups_community_run", "community_id", "run_id"),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("key_id", String, primary_key=True),
    Column("name", String, nullable=False),
    Column("role", String, nullable=False),
    Column("firm_id", String, nullable=True),
    Column("subdistricts", Text, nullable=False),  # JSON list; empty for the whole district
    Column("salt", String, nullable=False),
    Column("key_hash", String, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("revoked_at", DateTime, nullable=True),
)

outreach = Table(
    "outreach",
    metadata,
    Column("outreach_id", Integer, primary_key=True, autoincrement=True),
    Column("unit_id", String, nullable=False),
    Column("community_id", String, nullable=False),
    Column("status", String, nullable=False),
    Column("note", Text, nullable=False),
    Column("occurred_at", DateTime, nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Column("key_id", String, nullable=False),
    Column("key_name", String, nullable=False),
    Index("ix_outreach_unit_recorded", "unit_id", "recorded_at"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("audit_id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("key_id", String, nullable=False),
    Column("key_name", String, nullable=False),
    Column("role", String, nullable=False),
    Column("action", String, nullable=False),
    Column("resource", String, nullable=False),
    Column("details", Text, nullable=False),  # JSON
    Index("ix_audit_log_at", "at"),
)

_store_tables = build_metadata().tables
communities = _store_tables["communities"]
units = _store_tables["units"]


def store_table(name: str) -> Table:
    """A contract table of the store, for reads in the same database."""
    return _store_tables[name]


def now_local() -> datetime:
    """The current time, naive, in the service's zone."""
    return datetime.now(ZoneInfo(LOCAL_TZ)).replace(tzinfo=None)


def open_engine(url: str) -> Engine:
    """An engine for the serving tables; SQLite gets WAL and a busy timeout so readers and the scorer coexist."""
    engine = create_engine(url, pool_size=16, max_overflow=16) if url.startswith("sqlite") else create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
    return engine


def create_serving_schema(engine: Engine) -> None:
    """Create the serving tables that do not exist yet."""
    metadata.create_all(engine)


def _configure_sqlite(dbapi_connection: Any, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL never corrupts the database; a power cut may lose only the last commits.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()
