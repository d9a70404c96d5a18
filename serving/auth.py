"""API keys: created once, shown once, stored only as a salted HMAC-SHA256; a request's key becomes a Principal.

A key looks like `drk_<key_id>_<secret>`. The key id is public and finds the row; the secret is checked against
HMAC-SHA256(salt, secret) with a constant-time comparison. A key stops working once revoked or past its expiry;
only a caller who holds the right secret is told which of the two it is.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select

from serving.db import api_keys, now_local

KEY_PREFIX = "drk"
KEY_ROW = select(api_keys).where(api_keys.c.key_id == bindparam("key_id"))
KEY_STATUS = select(api_keys.c.revoked_at, api_keys.c.expires_at).where(api_keys.c.key_id == bindparam("key_id"))


class Role(StrEnum):
    mediator = "mediator"
    firm = "firm"
    admin = "admin"


@dataclass(frozen=True)
class Principal:
    """Who is calling: the key's id and name, its role and its scope."""

    key_id: str
    name: str
    role: Role
    firm_id: str | None = None
    subdistricts: tuple[str, ...] = ()


class KeyRequestError(ValueError):
    """A key was asked for with a role and scope that do not fit together."""


def check_scope(role: Role, firm_id: str | None, subdistricts: Sequence[str]) -> None:
    """Firms need a firm id; only mediators have subdistricts; admins have no scope limits."""
    if role is Role.firm and not firm_id:
        raise KeyRequestError("a firm key needs --firm-id")
    if role is not Role.firm and firm_id:
        raise KeyRequestError(f"--firm-id is only for firm keys, not {role.value}")
    if role is not Role.mediator and subdistricts:
        raise KeyRequestError(f"--subdistrict is only for mediator keys, not {role.value}")


def _digest(salt: str, secret: str) -> str:
    return hmac.new(bytes.fromhex(salt), secret.encode(), hashlib.sha256).hexdigest()


def create_key(
    connection: Connection,
    role: Role,
    *,
    name: str,
    firm_id: str | None = None,
    subdistricts: Sequence[str] = (),
    expires_at: datetime | None = None,
) -> tuple[str, Principal]:
    """Store a new key's hash and return the key itself (the only time it exists in clear) with its principal."""
    check_scope(role, firm_id, subdistricts)
    key_id, secret, salt = secrets.token_hex(6), secrets.token_urlsafe(32), secrets.token_hex(16)
    connection.execute(
        insert(api_keys).values(
            key_id=key_id, name=name, role=role.value, firm_id=firm_id, subdistricts=json.dumps(list(subdistricts)),
            salt=salt, key_hash=_digest(salt, secret), created_at=now_local(), expires_at=expires_at,
        )
    )  # fmt: skip
    principal = Principal(key_id, name, role, firm_id, tuple(subdistricts))
    return f"{KEY_PREFIX}_{key_id}_{secret}", principal


def split_key(key: str) -> tuple[str, str] | None:
    """The (key_id, secret) of a well-formed key, else None."""
    prefix, _, rest = key.partition("_")
    key_id, _, secret = rest.partition("_")
    if prefix != KEY_PREFIX or not key_id or not secret:
        return None
    return key_id, secret


@dataclass(frozen=True)
class KeyCheck:
    """What a presented key turned out to be: a principal, or why not (malformed, unknown, wrong_secret,
    revoked, expired) and since when."""

    principal: Principal | None
    reason: str = "ok"
    since: datetime | None = None


def moment(value: object) -> datetime | None:
    """A stored time as a datetime (a raw SQLite read gives its text)."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def refusal(row: Mapping[Any, Any], now: datetime) -> KeyCheck | None:
    """Why a key's stored row no longer admits it (revoked, or past its expiry), or None while it does."""
    revoked_at, expires_at = moment(row["revoked_at"]), moment(row["expires_at"])
    if revoked_at is not None:
        return KeyCheck(None, "revoked", revoked_at)
    if expires_at is not None and expires_at <= now:
        return KeyCheck(None, "expired", expires_at)
    return None


def check_key(row: Mapping[Any, Any] | None, secret: str, now: datetime) -> KeyCheck:
    """Check a secret against its key's row: the secret first, so revocation and expiry are told only to holders."""
    if row is None:
        return KeyCheck(None, "unknown")
    if not hmac.compare_digest(_digest(row["salt"], secret), row["key_hash"]):
        return KeyCheck(None, "wrong_secret")
    refused = refusal(row, now)
    if refused is not None:
        return refused
    subdistricts = tuple(json.loads(row["subdistricts"]))
    return KeyCheck(Principal(row["key_id"], row["name"], Role(row["role"]), row["firm_id"], subdistricts))


def authenticate(connection: Connection, key: str) -> Principal | None:
    """The principal of a valid, unrevoked, unexpired key; None for anything else."""
    parts = split_key(key)
    if parts is None:
        return None
    row = connection.execute(KEY_ROW, {"key_id": parts[0]}).mappings().first()
    return check_key(row, parts[1], now_local()).principal
