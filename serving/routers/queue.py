"""The outreach queue (JSON or CSV) and outreach records; both are audited."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from serving.action_schemas import OutreachIn, OutreachOut
from serving.auth import Principal, Role
from serving.deps import PrincipalDep, SessionDep, StateDep, require_role, single_valued_query
from serving.errors import error_responses, not_found
from serving.outreach_log import record_outreach
from serving.queue_reads import QueueFilter, queue_csv, queue_unit_ids, read_queue
from serving.risk_reads import unit_community
from serving.schemas import Band, Queue
from serving.scope import may_see

router = APIRouter(prefix="/v1/queue", tags=["queue"])
_FIRM_IS_A_PARTY = "A firm is a party to the dispute, so only mediators and admins record or change outreach status."


class QueueParams(BaseModel):
    """The queue's query parameters; a misspelt one is an error rather than a silently wider list."""

    model_config = ConfigDict(extra="forbid")

    limit: int = Field(50, ge=1, le=1000)
    offset: int = Field(0, ge=0, le=10_000_000)
    subdistrict: str | None = Field(None, max_length=128)
    community_id: str | None = Field(None, max_length=128)
    band: Band | None = None
    capacity: int | None = Field(
        None, ge=1, le=10_000, description="K visits: the page becomes the top K, with the share of Σp they hold."
    )
    format: Literal["json", "csv"] = "json"


_CSV = {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "The queue (JSON or CSV)"}


@router.get(
    "",
    response_model=Queue,
    responses={200: _CSV, **error_responses(401, 422)},
    dependencies=[Depends(single_valued_query)],
    summary="Units to reach first",
)
async def read_outreach_queue(
    session: SessionDep, state: StateDep, principal: PrincipalDep, params: Annotated[QueueParams, Query()]
) -> Queue | Response:
    """Units of the latest run in the caller's scope, riskiest first; units marked resolved or declined since
    that run drop out. `format=csv` gives the same page as a spreadsheet. Unknown parameters are refused."""
    wanted = QueueFilter(
        params.limit, params.offset, params.subdistrict, params.community_id, params.band, params.capacity
    )
    queue = await run_in_threadpool(read_queue, session, principal, wanted)
    filters = {k: v for k, v in vars(wanted).items() if v is not None}
    action = "queue.export" if params.format == "csv" else "queue.read"
    state.audit.record(session, principal, action, "queue", {**filters, "units": queue_unit_ids(queue)})
    if params.format == "csv":
        headers = {"Content-Disposition": 'attachment; filename="dispute-radar-queue.csv"'}
        return Response(queue_csv(queue), media_type="text/csv; charset=utf-8", headers=headers)
    return queue


@router.post(
    "/{unit_id}/outreach",
    response_model=OutreachOut,
    status_code=201,
    responses=error_responses(400, 401, 403, 404, 422),
    summary="Record an outreach",
)
async def post_outreach(
    unit_id: Annotated[str, Path(min_length=1, max_length=128)],
    body: OutreachIn,
    session: SessionDep,
    state: StateDep,
    principal: Annotated[Principal, Depends(require_role(Role.mediator, Role.admin, why=_FIRM_IS_A_PARTY))],
) -> OutreachOut:
    """Record contact, mediation, resolution or refusal for a unit in scope (mediators and admins only: a firm is
    a party to the dispute); kept as history and audited."""
    unit = unit_community(session, unit_id)
    if unit is None or not may_see(principal, unit):
        reason = "unknown" if unit is None else "out_of_scope"  # audited alike, answered alike
        state.audit.record(session, principal, "outreach.denied", f"unit:{unit_id}", {"reason": reason})
        raise not_found("unit", unit_id)
    return record_outreach(session, state.audit, principal, unit, body)
