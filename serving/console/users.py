"""Console accounts: created, listed, disabled and given new passwords; each maps to an API-style Principal.

A console user carries the same role and scope as an API key, so the console reads through the same scope rules
(serving.scope) as the API. Disabling a user or resetting a password ends the user's sessions at once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, delete, insert, select, update

from serving.auth import KeyRequestError, Principal, Role, check_scope
from serving.console.passwords import hash_password
from serving.console.tables import sessions, users
from serving.db import communities, now_local, store_table

USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{1,63}")


class UserRequestError(ValueError):
    """A user was asked for with a name, role or scope that cannot be accepted."""


@dataclass(frozen=True)
class ConsoleUser:
    """A console account as the pages and commands see it (never its password hash)."""

    user_id: int
    username: str
    role: Role
    firm_id: str | None
    subdistricts: tuple[str, ...]
    created_at: datetime
    disabled_at: datetime | None

    @property
    def principal(self) -> Principal:
        """The principal the API's reads and audit rows take: same role, firm and subdistricts."""
        return Principal(f"console:{self.username}", self.username, self.role, self.firm_id, self.subdistricts)

    def as_dict(self) -> dict[str, Any]:
        return {
            "username": self.username, "role": self.role.value, "firm_id": self.firm_id,
            "subdistricts": list(self.subdistricts), "created_at": self.created_at, "disabled_at": self.disabled_at,
        }  # fmt: skip


def user_of(row: RowMapping) -> ConsoleUser:
    """The user of a `console_users` row."""
    return ConsoleUser(
        int(row["user_id"]), row["username"], Role(row["role"]), row["firm_id"], tuple(json.loads(row["subdistricts"])),
        row["created_at"], row["disabled_at"],
    )  # fmt: skip


def _check_known(connection: Connection, firm_id: str | None, subdistricts: Sequence[str]) -> None:
    """Refuse a firm or subdistrict the store does not know (a typo would otherwise give an empty console)."""
    if firm_id is not None:
        firms = store_table("firms")
        if connection.execute(select(firms.c.firm_id).where(firms.c.firm_id == firm_id)).first() is None:
            raise UserRequestError(f"the store has no firm {firm_id!r}; check `--firm-id` (ingest the data first)")
    known = set(connection.execute(select(communities.c.subdistrict).distinct()).scalars())
    unknown = sorted(set(subdistricts) - known)
    if unknown:
        listed = "、".join(sorted(known)) or "none (ingest the data first)"
        raise UserRequestError(f"the store has no subdistrict {', '.join(unknown)}; known: {listed}")


def check_user_request(
    connection: Connection, username: str, role: Role, firm_id: str | None, subdistricts: Sequence[str], district: bool
) -> None:
    """Refuse a malformed username, a scope that does not fit the role, or ids the store does not know."""
    if not USERNAME.fullmatch(username):
        raise UserRequestError(
            f"the username {username!r} must be 2-64 letters, digits or . _ @ - and start with a letter or digit"
        )
    try:
        check_scope(role, firm_id, subdistricts)
    except KeyRequestError as error:
        raise UserRequestError(str(error).replace("key", "user")) from None
    if district and (role is not Role.mediator or subdistricts):
        raise UserRequestError("--district is only for a mediator without --subdistrict")
    if role is Role.mediator and not subdistricts and not district:
        raise UserRequestError(
            "a mediator needs --subdistrict S (repeat for more), or --district for the whole district"
        )
    _check_known(connection, firm_id, subdistricts)


def create_user(
    connection: Connection,
    username: str,
    password: str,
    role: Role,
    *,
    firm_id: str | None = None,
    subdistricts: Sequence[str] = (),
    district: bool = False,
) -> ConsoleUser:
    """Store a new account with its argon2 hash; the caller commits."""
    check_user_request(connection, username, role, firm_id, subdistricts, district)
    if find_user(connection, username) is not None:
        raise UserRequestError(f"the user {username!r} already exists; use `disputes users reset-password`")
    now = now_local()
    values = {
        "username": username, "password_hash": hash_password(password), "role": role.value, "firm_id": firm_id,
        "subdistricts": json.dumps(list(subdistricts), ensure_ascii=False), "created_at": now,
        "password_changed_at": now,
    }  # fmt: skip
    connection.execute(insert(users).values(**values))
    found = find_user(connection, username)
    assert found is not None
    return user_of(found)


def find_user(connection: Connection, username: str) -> RowMapping | None:
    """The account row (with its hash) of a username, or None."""
    return connection.execute(select(users).where(users.c.username == username)).mappings().first()


def list_users(connection: Connection) -> list[ConsoleUser]:
    """Every account, by username."""
    return [user_of(row) for row in connection.execute(select(users).order_by(users.c.username)).mappings()]


def _existing(connection: Connection, username: str) -> RowMapping:
    row = find_user(connection, username)
    if row is None:
        raise UserRequestError(f"there is no user {username!r}; `disputes users list` shows them")
    return row


def end_sessions(connection: Connection, user_id: int) -> int:
    """Delete every session of a user; returns how many there were."""
    return int(connection.execute(delete(sessions).where(sessions.c.user_id == user_id)).rowcount)


def disable_user(connection: Connection, username: str) -> int:
    """Disable an account and end its sessions at once; returns how many sessions ended. The caller commits."""
    row = _existing(connection, username)
    if row["disabled_at"] is None:
        connection.execute(update(users).where(users.c.user_id == row["user_id"]).values(disabled_at=now_local()))
    return end_sessions(connection, int(row["user_id"]))


def reset_password(connection: Connection, username: str, password: str) -> int:
    """Give an account a new password and end its sessions; returns how many ended. The caller commits."""
    row = _existing(connection, username)
    new_hash = hash_password(password)
    connection.execute(
        update(users).where(users.c.user_id == row["user_id"]).values(
            password_hash=new_hash, password_changed_at=now_local()
        )
    )  # fmt: skip
    return end_sessions(connection, int(row["user_id"]))


def store_password_hash(connection: Connection, user_id: int, new_hash: str) -> None:
    """Replace a hash after a login with the same password (parameters upgraded); the caller commits."""
    connection.execute(update(users).where(users.c.user_id == user_id).values(password_hash=new_hash))
