"""Serving state in SQL (SQLAlchemy Core): API keys, outreach and the audit log.

They share one MetaData with the scoring tables (scoring/tables.py) and live in the store's database, next to the
contract tables they refer to. Times are naive local time (Asia/Shanghai), as in the store.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Engine, Index, Integer, String, Table, Text

from data.local_time import now_local
from data.store.engine import open_engine
from data.store.schema import build_metadata
from scoring.tables import community_rollups, feature_sets, metadata, score_runs, scores, unit_features, unit_levers

__all__ = [
    "api_keys", "audit_log", "communities", "community_rollups", "create_serving_schema", "feature_sets",
    "now_local", "open_engine", "outreach", "score_runs", "scores", "store_table", "unit_features", "unit_levers",
    "units",
]  # fmt: skip


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
    Column("expires_at", DateTime, nullable=True),  # none: the key lives until it is revoked
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
    # The hash chain (serving/audit.py): SHA-256 of the previous row's hash and this row's canonical content.
    Column("prev_hash", String(64), nullable=True),
    Column("row_hash", String(64), nullable=True),
    Index("ix_audit_log_at", "at"),
)

_store_tables = build_metadata().tables
communities = _store_tables["communities"]
units = _store_tables["units"]


def store_table(name: str) -> Table:
    """A contract table of the store, for reads in the same database."""
    return _store_tables[name]


def create_serving_schema(engine: Engine) -> None:
    """Create the scoring and serving tables that do not exist yet, and bring older ones up to date."""
    from serving.schema_upgrade import upgrade_serving_schema

    metadata.create_all(engine)
    upgrade_serving_schema(engine)
