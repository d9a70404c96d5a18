"""The console's writes and audited reads, each through the same function the API uses.

So a rule added to the API's path (who may record outreach, what a firm may upload, how the audit log is kept)
holds in the console too. Role checks that the API makes in its dependencies the console makes itself, before
calling these. Audit rows go to the app's own hash-chained log (`ServingState.audit`), the one the API appends to.
"""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import Request
from sqlalchemy import Connection

from serving.action_schemas import IngestResult, OutreachIn, OutreachOut, ReloadResult
from serving.audit import anonymous_row
from serving.auth import Principal
from serving.authentication import client_of
from serving.deps import state_of
from serving.routers import admin, ingest, queue
from serving.state import ServingState


def audit_read(
    request: Request, session: Connection, principal: Principal, action: str, resource: str,
    details: Mapping[str, object] | None = None,
) -> None:  # fmt: skip
    """One audit row for a console view or action of a signed-in user (actions named `console.*`), committed."""
    state_of(request).audit.record(session, principal, action, resource, details)


def audit_login_attempt(
    request: Request, session: Connection, username: str, action: str, details: Mapping[str, object]
) -> None:
    """One audit row for a login that signed no one in: the username tried (never the password) and the client.

    The row's key id is `console:<username>`, as a signed-in user's rows have it, so one account's attempts and
    sessions read together; its role is `anonymous`, because nobody was authenticated."""
    row = anonymous_row(
        f"console:{username}", action, f"user:{username}", {**details, "client": client_of(request)}
    )  # fmt: skip
    state_of(request).audit.append(session.connection, [row])


async def record_outreach(
    state: ServingState, session: Connection, principal: Principal, unit_id: str, body: OutreachIn
) -> OutreachOut:
    """The API's POST /v1/queue/{unit_id}/outreach: scope check (404 as unknown), history row and audit row."""
    return await queue.post_outreach(unit_id=unit_id, body=body, session=session, state=state, principal=principal)


def _request_with_body(content: bytes, content_type: str) -> Request:
    """A request whose body is one uploaded file, for the API's upload route to read as if it had been sent."""
    headers = [(b"content-type", content_type.encode("latin-1")), (b"content-length", str(len(content)).encode())]
    sent = False

    async def receive() -> dict[str, object]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": content, "more_body": False}

    return Request({"type": "http", "method": "POST", "headers": headers, "path": "/", "query_string": b""}, receive)


async def upload_table(
    state: ServingState, session: Connection, principal: Principal, table: str, content: bytes
) -> IngestResult:
    """The API's POST /v1/ingest/{table} on one CSV file: firm scope, the contract's validation, atomic write."""
    request = _request_with_body(content, "text/csv")
    contract_table = ingest.ContractTable(table)
    return await ingest.ingest_table(
        table=contract_table, request=request, state=state, session=session, principal=principal
    )  # fmt: skip


async def reload_model(
    request: Request, state: ServingState, session: Connection, principal: Principal
) -> ReloadResult:
    """The API's POST /v1/admin/reload: switch to the current champion, or keep the old model and say why."""
    return await admin.reload_model(request=request, state=state, session=session, principal=principal)
