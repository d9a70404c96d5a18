"""Console accounts and their sessions, on the shared MetaData (created with the serving tables).

A session row keeps only the SHA-256 of the session token, never the token: whoever reads the database cannot
log in with what it finds. Times are naive local time (Asia/Shanghai), as everywhere in the store.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, String, Table, Text

from scoring.tables import metadata

users = Table(
    "console_users",
    metadata,
    Column("user_id", Integer, primary_key=True, autoincrement=True),
    Column("username", String, nullable=False, unique=True),
    Column("password_hash", String, nullable=False),  # argon2id, PHC string format
    Column("role", String, nullable=False),
    Column("firm_id", String, nullable=True),
    Column("subdistricts", Text, nullable=False),  # JSON list; empty for the whole district
    Column("created_at", DateTime, nullable=False),
    Column("password_changed_at", DateTime, nullable=False),
    Column("disabled_at", DateTime, nullable=True),
)

sessions = Table(
    "console_sessions",
    metadata,
    Column("token_hash", String, primary_key=True),  # SHA-256 hex of the cookie's token
    Column("user_id", Integer, ForeignKey("console_users.user_id"), nullable=False),
    Column("csrf_token", String, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("last_seen_at", DateTime, nullable=False),
    Index("ix_console_sessions_user", "user_id"),
)
