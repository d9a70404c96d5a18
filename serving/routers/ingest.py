"""POST /v1/ingest/{table}: one contract table as CSV or JSON, validated like files, written atomically."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import pandas as pd
from fastapi import APIRouter, Depends, Request
from sqlalchemy import Connection
from starlette.concurrency import run_in_threadpool

from data.contract import TABLES
from data.dataset import Dataset
from data.problems import ValidationFailed
from serving.action_schemas import IngestResult
from serving.auth import Principal, Role
from serving.deps import SessionDep, StateDep, require_role
from serving.errors import ApiError, error_responses
from serving.reference_changes import ReferenceChange, reference_changes
from serving.state import ServingState
from serving.upload_scope import REPORTED_ROWS, first_rows, foreign_rows
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


def _read(request: Request, body: bytes, name: str) -> pd.DataFrame:
    try:
        return read_upload(body, request.headers.get("content-type", ""), name)
    except UnsupportedUploadError as error:
        raise ApiError(415, "unsupported_media_type", str(error)) from None
    except ValidationFailed as failure:
        raise ApiError(422, "invalid_upload", "The upload could not be read.", failure.report.to_dict()) from None


async def _check_scope(session: Connection, firm_id: str, name: str, frame: pd.DataFrame) -> None:
    foreign = await run_in_threadpool(foreign_rows, session, firm_id, name, frame)
    if foreign:
        message = (
            f"{len(foreign)} row(s) are not for communities of firm {firm_id}; nothing was written. Rows of other "
            "communities, or moving a community to another firm, are for that firm or an admin to send."
        )
        raise ApiError(403, "forbidden", message, {"rows": first_rows(foreign), "count": len(foreign)})


async def _validate(state: ServingState, name: str, frame: pd.DataFrame, firm_id: str | None) -> Dataset:
    try:
        return await run_in_threadpool(validate_upload, state.store, name, frame, firm_id)
    except ValidationFailed as failure:
        raise ApiError(422, "invalid_upload", "The upload breaks the data contract; nothing was written.",
                       failure.report.to_dict()) from None  # fmt: skip


def _refuse_reference_changes(changes: list[ReferenceChange]) -> None:
    """Moving a community to another subdistrict, district or firm, or a unit to another community, is an admin's."""
    if changes:
        first = changes[0]
        message = (
            f"{len(changes)} change(s) to reference fields need an admin key, e.g. {first.table}.{first.column} of "
            f"{first.id!r} from {first.before!r} to {first.after!r}; ask an admin to make them. Nothing was written."
        )
        details = {"changes": [change.as_dict() for change in changes[:REPORTED_ROWS]], "count": len(changes)}
        raise ApiError(403, "forbidden", message, details)


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
    only (403, nothing written), and may not change reference fields (a community's subdistrict, district or
    firm, a unit's community: 403); all rows are written in one transaction or none."""
    name = str(table.value)
    frame = _read(request, await _body(request), name)
    firm_id = principal.firm_id if principal.role is Role.firm else None
    if firm_id is not None:
        await _check_scope(session, firm_id, name, frame)
    dataset = await _validate(state, name, frame, firm_id)
    changes = await run_in_threadpool(reference_changes, session, name, dataset[name])
    if firm_id is not None:
        _refuse_reference_changes(changes)
    try:
        written = await run_in_threadpool(state.store.ingest, dataset, [name])
    except ValidationFailed as failure:  # a StoreConflict: a unique key the store already holds
        raise ApiError(422, "invalid_upload", "The upload conflicts with rows already in the store; nothing was "
                       "written.", failure.report.to_dict()) from None  # fmt: skip
    details: dict[str, object] = {"rows": written[name]}
    if changes:
        details["reference_changes"] = [change.as_dict() for change in changes]
    state.audit.record(session, principal, "ingest", f"table:{name}", details)
    return IngestResult(table=name, rows=written[name], notes=list(dataset.notes))
