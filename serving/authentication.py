"""Who is calling: the bearer key, checked against the store on every request; failures throttled and audited.

Reads run on a raw pooled connection with statements compiled once (data/store/prepared.py): this is on the path
of every authenticated request, the audited unit read among them.
"""

from __future__ import annotations

from fastapi import Request

from data.store.prepared import fetch, raw_connection
from serving.audit import anonymous_row
from serving.auth import KeyCheck, Principal, check_key, refusal, split_key
from serving.db import now_local
from serving.errors import ApiError
from serving.state import ServingState

CHALLENGE = {"WWW-Authenticate": "Bearer"}
_ASK = "ask an admin for a new one (`disputes keys create`, or `disputes keys rotate` for the same scope)"
_SHOWN_CHARS = 200  # of attacker-chosen text (a key id, a path) in an audit row


def client_of(request: Request) -> str:
    """The client's address as this server sees it."""
    return request.client.host if request.client else "unknown"


def _check(state: ServingState, key: str, cached: Principal | None) -> KeyCheck:
    """A cached key has its revocation and expiry re-read from the store; any other key is checked in full."""
    now = now_local()
    with raw_connection(state.engine) as connection:
        if cached is not None:
            status = fetch(connection, state.hot.key_status, key_id=cached.key_id)
            if not status:
                return KeyCheck(None, "unknown")
            return refusal(status[0], now) or KeyCheck(cached)
        parts = split_key(key)
        if parts is None:
            return KeyCheck(None, "malformed")
        rows = fetch(connection, state.hot.key_row, key_id=parts[0])
        return check_key(rows[0] if rows else None, parts[1], now)


def _message(check: KeyCheck) -> str:
    if check.reason == "missing":
        return "Send an API key: 'Authorization: Bearer <key>'."
    if check.reason in ("revoked", "expired") and check.since is not None:
        return f"This API key was {check.reason} on {check.since:%Y-%m-%d %H:%M}; {_ASK}."
    return f"The API key is not valid; check that it was copied whole, or {_ASK}."


def _refuse(state: ServingState, request: Request, key: str | None, check: KeyCheck) -> ApiError:
    """Count and audit a failed authentication, and the 401 that answers it."""
    client = client_of(request)
    state.throttle.failed(client)
    parts = split_key(key) if key else None
    key_id = parts[0][:_SHOWN_CHARS] if parts else "-"
    resource = f"{request.method} {request.url.path}"[:_SHOWN_CHARS]
    row = anonymous_row(key_id, "auth.failed", resource, {"reason": check.reason, "client": client})
    with raw_connection(state.engine) as connection:
        state.audit.append(connection, [row])
    return ApiError(401, "unauthorized", _message(check), headers=CHALLENGE)


def _throttled(state: ServingState, request: Request) -> None:
    wait = state.throttle.retry_after(client_of(request))
    if wait is not None:
        message = f"Too many failed authentications from this address; try again in {wait} s."
        raise ApiError(429, "too_many_requests", message, headers={"Retry-After": str(wait)})


def authenticated(state: ServingState, request: Request, key: str | None) -> Principal:
    """The principal of a valid key; 429 while the client is throttled (unless the key is known good), else 401."""
    cached = state.keys.get(key) if key else None
    if cached is None:
        _throttled(state, request)
    check = KeyCheck(None, "missing") if not key else _check(state, key, cached)
    if check.principal is None:
        if key:
            state.keys.forget(key)
        raise _refuse(state, request, key, check)
    if cached is None and key:
        state.keys.put(key, check.principal)
    return check.principal
