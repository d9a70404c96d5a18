"""Server-side console sessions: the cookie holds a random token, the table only its SHA-256.

A session ends when its user logs out, when it has been idle longer than the configured minutes, or at once when
its user is disabled or given a new password (the row is deleted, and a disabled user's rows are never honoured).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from serving.console.tables import sessions, users
from serving.console.users import ConsoleUser, user_of
from serving.db import now_local

COOKIE = "dr_console"
TOUCH_EVERY = timedelta(seconds=60)  # last_seen_at is written at most once a minute per session
_LOOKUP = (
    select(users, sessions.c.csrf_token, sessions.c.last_seen_at)
    .join(users, users.c.user_id == sessions.c.user_id)
    .where(sessions.c.token_hash == bindparam("token_hash"))
)


@dataclass(frozen=True)
class Session:
    """A live session: whose it is and the CSRF token its forms carry."""

    user: ConsoleUser
    csrf_token: str
    token_hash: str


def token_hash(token: str) -> str:
    """What the table stores for a token."""
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(connection: Connection, user_id: int, idle: timedelta) -> tuple[str, Session]:
    """A new session for the user (the token only goes into the cookie); expired sessions are swept. Commits."""
    now = now_local()
    connection.execute(delete(sessions).where(sessions.c.last_seen_at < now - idle))
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    digest = token_hash(token)
    connection.execute(
        insert(sessions).values(token_hash=digest, user_id=user_id, csrf_token=csrf, created_at=now, last_seen_at=now)
    )
    connection.commit()
    user = connection.execute(select(users).where(users.c.user_id == user_id)).mappings().one()
    return token, Session(user_of(user), csrf, digest)


def find_session(connection: Connection, token: str, idle: timedelta, now: datetime | None = None) -> Session | None:
    """The live session of a cookie token, or None (unknown, idle too long, or its user disabled)."""
    digest, now = token_hash(token), now or now_local()
    row = connection.execute(_LOOKUP, {"token_hash": digest}).mappings().first()
    if row is None:
        return None
    if row["disabled_at"] is not None or row["last_seen_at"] + idle < now:
        connection.execute(delete(sessions).where(sessions.c.token_hash == digest))
        connection.commit()
        return None
    if now - row["last_seen_at"] >= TOUCH_EVERY:
        connection.execute(update(sessions).where(sessions.c.token_hash == digest).values(last_seen_at=now))
        connection.commit()
    return Session(user_of(row), row["csrf_token"], digest)


def end_session(connection: Connection, digest: str) -> None:
    """Delete one session (logout). Commits."""
    connection.execute(delete(sessions).where(sessions.c.token_hash == digest))
    connection.commit()
