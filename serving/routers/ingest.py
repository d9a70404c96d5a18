"""POST /v1/ingest/{table}: one contract table as CSV or JSON, validated like files, written atomically."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from data.contract import TABLES
from data.problems import ValidationFailed
from serving.action_schemas import IngestResult
from serving.audit import audit
from serving.auth import Principal, Role
from serving.deps import SessionDep, StateDep, require_role
from serving.errors import ApiError, error_responses
from serving.upload_scope import first_rows, foreign_rows
from serving.uploads import (
    MAX_UPLOAD_BYTES,
    UnsupportedUploadError,
    UploadTooLargeError,
    read_limited,
    read_upload,
    validate_upload,
)

router = APIRouter(prefix="/v1/ingest", tags=["ingest"])

ContractTable = StrEnum("ContractTable", {name: name for name in TABLES})  # type: ignore[misc]

_CELL = {"type": ["string", "number", "boolean", "null"]}
_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "text/csv": {"schema": {"type": "string"}, "example": "unit_id,community_id,building,floor_area_m2,"
                         "occupancy,moved_in\nU000123,C0007,1栋,88.5,owner_occupied,2015-03-01\n"},
            "application/json": {
                "schema": {"type": "array", "items": {"type": "object", "additionalProperties": _CELL}}
            },
        },
    }
}  # fmt: skip


async def _body(request: Request) -> bytes:
    """The body, read as it streams in and refused (413) as soon as it passes the limit, chunked or not."""
    try:
        return await read_limited(request.stream(), request.headers.get("content-length", ""), MAX_UPLOAD_BYTES)
    except UploadTooLargeError as error:
        raise ApiError(413, "payload_too_large", str(error)) from None


@router.post(
    "/{table}",
    response_model=IngestResult,
    responses=error_responses(401, 403, 413, 415, 422),
    openapi_extra=_BODY,
    summary="Upload one table",
)
async def ingest_table(
    table: ContractTable,
    request: Request,
    state: StateDep,
    session: SessionDep,
    principal: Annotated[Principal, Depends(require_role(Role.firm, Role.admin))],
) -> IngestResult:
    """The same validation as dataset files (422 with the report); a firm may send rows of its own communities
    only (403, nothing written); all rows are written in one transaction or none."""
    name = str(table.value)
    try:
        frame = read_upload(await _body(request), request.headers.get("content-type", ""), name)
    except UnsupportedUploadError as error:
        raise ApiError(415, "unsupported_media_type", str(error)) from None
    except ValidationFailed as failure:
        raise ApiError(422, "invalid_upload", "The upload could not be read.", failure.report.to_dict()) from None
    if principal.role is Role.firm and principal.firm_id is not None:
        foreign = await run_in_threadpool(foreign_rows, session, principal.firm_id, name, frame)
        if foreign:
            message = f"{len(foreign)} row(s) are not for communities of firm {principal.firm_id}; nothing was written."
            raise ApiError(403, "forbidden", message, {"rows": first_rows(foreign), "count": len(foreign)})
    try:
        dataset = await run_in_threadpool(validate_upload, state.store, name, frame)
    except ValidationFailed as failure:
        raise ApiError(422, "invalid_upload", "The upload breaks the data contract; nothing was written.",
                       failure.report.to_dict()) from None  # fmt: skip
    written = await run_in_threadpool(state.store.ingest, dataset, [name])
    audit(session, principal, "ingest", f"table:{name}", {"rows": written[name]})
    session.commit()
    return IngestResult(table=name, rows=written[name], notes=list(dataset.notes))
