"""GET /v1/units/{unit_id}/risk: a unit's latest score and reasons; every read is audited.

This is the read with a latency target (p99 ≤ 10 ms at 8 concurrent clients), so it runs its statements on a
raw connection (data/store/prepared.py) instead of the SQLAlchemy session the other routes use. A 404 is audited
too, the same way whether the unit is unknown or outside the caller's scope.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from data.store.prepared import fetch, raw_connection
from serving.audit import audit_row
from serving.deps import PrincipalDep, state_of
from serving.errors import error_responses, not_found
from serving.risk_reads import unit_risk
from serving.schemas import UnitRisk
from serving.scope import may_see

router = APIRouter(prefix="/v1/units", tags=["units"])

UnitId = Annotated[str, Path(min_length=1, max_length=128, examples=["U000123"])]


@router.get(
    "/{unit_id}/risk", response_model=UnitRisk, responses=error_responses(401, 404, 422), summary="A unit's risk"
)
async def read_unit_risk(unit_id: UnitId, request: Request, principal: PrincipalDep) -> Response:
    """The latest probability, band and reasons (zh-CN and English), and the change since the previous run."""
    state = state_of(request)
    resource = f"unit:{unit_id}"
    with raw_connection(state.engine) as connection:
        rows = fetch(connection, state.hot.unit_scores, unit_id=unit_id)
        if not rows or not may_see(principal, rows[0]):
            reason = "out_of_scope" if rows else "unknown"  # audited alike, answered alike
            state.audit.append(connection, [audit_row(principal, "unit_risk.denied", resource, {"reason": reason})])
            raise not_found("risk score for unit", unit_id)
        risk = unit_risk(rows)  # type: ignore[arg-type]
        details = {"as_of": risk.as_of, "band": risk.band}
        state.audit.append(connection, [audit_row(principal, "unit_risk.read", resource, details)])
    return Response(risk.model_dump_json(), media_type="application/json")  # validated once, serialised once
