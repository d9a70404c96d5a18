"""Managing API keys from the command line: create (scope checked against the store), list, revoke, rotate.

Every change is written to the audit log in the same transaction, as done by the operator's CLI account. A
revocation or expiry takes effect on the next request: the server re-reads both on every request.
"""

from __future__ import annotations

import getpass
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, select, update

from serving.audit import AuditLog, anonymous_row
from serving.auth import KeyRequestError, Principal, Role, create_key, moment, split_key
from serving.db import api_keys, communities, now_local, store_table

_SPAN = re.compile(r"^(\d+)([dwh])$")
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}
_SHOWN = 10


@dataclass(frozen=True)
class KeyRequest:
    """What `keys create` was asked for."""

    role: Role
    firm_id: str | None = None
    subdistricts: tuple[str, ...] = ()
    whole_district: bool = False
    name: str | None = None
    expires_at: datetime | None = None


def parse_expiry(text: str, now: datetime) -> datetime:
    """`90d`, `12w` or `24h` from now, an ISO date (the key works through that day) or an ISO date and time."""
    span = _SPAN.match(text.strip())
    if span:
        moment_ = now + timedelta(**{_UNITS[span[2]]: int(span[1])})
    else:
        try:
            moment_ = datetime.fromisoformat(text.strip())
        except ValueError:
            message = f"--expires must be like 90d, 12w, 24h, 2026-12-31 or 2026-12-31T18:00, not {text!r}"
            raise KeyRequestError(message) from None
        if len(text.strip()) == 10:  # a date alone: valid through that day
            moment_ = datetime.combine(date.fromisoformat(text.strip()) + timedelta(days=1), datetime.min.time())
    if moment_.tzinfo is not None or moment_ <= now:
        raise KeyRequestError(f"--expires {text!r} is not a local time in the future (now is {now:%Y-%m-%d %H:%M})")
    return moment_


def _known(values: Sequence[str], known: set[str], what: str) -> None:
    missing = [value for value in values if value not in known]
    if missing:
        shown = ", ".join(sorted(known)[:_SHOWN]) + (" …" if len(known) > _SHOWN else "")
        listed = ", ".join(repr(value) for value in missing)
        raise KeyRequestError(f"{what} {listed} not in the store (known: {shown or 'none: run `disputes ingest`'})")


def check_request(connection: Connection, request: KeyRequest) -> None:
    """The scope must name firms and subdistricts that the store holds; a whole-district mediator says so."""
    if request.whole_district and request.role is not Role.mediator:
        raise KeyRequestError(f"--district is only for mediator keys, not {request.role.value}")
    if request.role is Role.mediator and request.whole_district == bool(request.subdistricts):
        raise KeyRequestError("a mediator key needs --subdistrict S (repeatable) or --district for the whole district")
    if request.firm_id is not None:
        firms = store_table("firms")
        _known([request.firm_id], set(connection.execute(select(firms.c.firm_id)).scalars()), "firm")
    if request.subdistricts:
        known = set(connection.execute(select(communities.c.subdistrict).distinct()).scalars())
        _known(request.subdistricts, known, "subdistrict")


def _operator_row(action: str, key_id: str, details: Mapping[str, object]) -> dict[str, object]:
    return anonymous_row(key_id, action, f"key:{key_id}", details, name=f"cli:{getpass.getuser()}", role="operator")


def _audited(engine: Engine, connection: Connection, rows: list[dict[str, object]]) -> None:
    """Append the rows and commit them with the key change itself."""
    AuditLog(engine.dialect).append(connection.connection, rows)


def create(engine: Engine, request: KeyRequest) -> tuple[str, Principal]:
    """A new key for a checked scope; returns the key (shown once) and its principal."""
    holder = request.name or "-".join([request.role.value, *filter(None, [request.firm_id]), *request.subdistricts])
    with engine.connect() as connection:
        check_request(connection, request)
        key, principal = create_key(
            connection, request.role, name=holder, firm_id=request.firm_id, subdistricts=request.subdistricts,
            expires_at=request.expires_at,
        )  # fmt: skip
        details = {"role": request.role.value, "firm_id": request.firm_id, "subdistricts": list(request.subdistricts),
                   "expires_at": request.expires_at}  # fmt: skip
        _audited(engine, connection, [_operator_row("keys.create", principal.key_id, details)])
    return key, principal


def status(row: Any, now: datetime) -> str:
    """active, revoked or expired."""
    if row["revoked_at"] is not None:
        return "revoked"
    expires_at = moment(row["expires_at"])
    return "expired" if expires_at is not None and expires_at <= now else "active"


def list_keys(engine: Engine) -> list[dict[str, Any]]:
    """Every key's id, holder, role, scope, times and status (never its hash or salt)."""
    columns = [c for c in api_keys.c if c.name not in ("salt", "key_hash")]
    now = now_local()
    with engine.connect() as connection:
        rows = connection.execute(select(*columns).order_by(api_keys.c.created_at)).mappings().all()
    return [{**row, "subdistricts": json.loads(row["subdistricts"]), "status": status(row, now)} for row in rows]


def _find(connection: Connection, key_or_id: str) -> Any:
    parts = split_key(key_or_id)
    key_id = parts[0] if parts else key_or_id
    row = connection.execute(select(api_keys).where(api_keys.c.key_id == key_id)).mappings().first()
    if row is None:
        raise KeyRequestError(f"no key {key_id!r}: `disputes keys list` shows every key id")
    return row


def revoke(engine: Engine, key_or_id: str) -> tuple[str, datetime, bool]:
    """Revoke a key at once; returns its id, when it was revoked and whether it was revoked just now."""
    with engine.connect() as connection:
        row = _find(connection, key_or_id)
        if row["revoked_at"] is not None:
            return row["key_id"], row["revoked_at"], False
        now = now_local()
        connection.execute(update(api_keys).where(api_keys.c.key_id == row["key_id"]).values(revoked_at=now))
        _audited(engine, connection, [_operator_row("keys.revoke", row["key_id"], {"name": row["name"]})])
    return row["key_id"], now, True


def rotate(engine: Engine, key_or_id: str, expires_at: datetime | None) -> tuple[str, Principal, str]:
    """A new key with the old one's holder, role and scope (and expiry unless given); the old one is revoked at
    once. Returns the new key, its principal and the old key's id."""
    now = now_local()
    with engine.connect() as connection:
        old = _find(connection, key_or_id)
        if old["revoked_at"] is not None:
            raise KeyRequestError(f"key {old['key_id']} was revoked on {old['revoked_at']:%Y-%m-%d}; create a new one")
        expiry = expires_at or moment(old["expires_at"])
        if expiry is not None and expiry <= now:
            raise KeyRequestError(f"key {old['key_id']} expired on {expiry:%Y-%m-%d}; give --expires for the new key")
        connection.execute(update(api_keys).where(api_keys.c.key_id == old["key_id"]).values(revoked_at=now))
        key, principal = create_key(
            connection, Role(old["role"]), name=old["name"], firm_id=old["firm_id"],
            subdistricts=json.loads(old["subdistricts"]), expires_at=expiry,
        )  # fmt: skip
        revoked = {"name": old["name"], "rotated_to": principal.key_id}
        created = {"rotated_from": old["key_id"], "expires_at": expiry}
        rows = [
            _operator_row("keys.revoke", old["key_id"], revoked),
            _operator_row("keys.create", principal.key_id, created),
        ]
        _audited(engine, connection, rows)
    return key, principal, old["key_id"]
