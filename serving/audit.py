"""The audit log: who (key id and name) read which unit-level scores or recorded what, and when."""

from __future__ import annotations

import json
from collections.abc import Mapping

from sqlalchemy import Connection, insert

from serving.auth import Principal
from serving.db import audit_log, now_local

AUDIT_COLUMNS = ("at", "key_id", "key_name", "role", "action", "resource", "details")
_INSERT = insert(audit_log)  # built once; executed with a parameter list


def audit_row(
    principal: Principal, action: str, resource: str, details: Mapping[str, object] | None = None
) -> dict[str, object]:
    """One audit row: when, which key (id and holder's name), its role, what was done to what."""
    return {
        "at": now_local(), "key_id": principal.key_id, "key_name": principal.name, "role": principal.role.value,
        "action": action, "resource": resource,
        "details": json.dumps(dict(details or {}), ensure_ascii=False, default=str),
    }  # fmt: skip


def audit(
    session: Connection, principal: Principal, action: str, resource: str, details: Mapping[str, object] | None = None
) -> None:
    """Add one audit row in the session's transaction; the caller commits."""
    session.execute(_INSERT, [audit_row(principal, action, resource, details)])
