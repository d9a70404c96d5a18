"""GET /v1/communities/{community_id}/risk: the community rollup of its units' scores."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from serving.deps import PrincipalDep, SessionDep, StateDep
from serving.errors import error_responses, not_found
from serving.risk_reads import community_risk, community_rollup_rows, community_row
from serving.schemas import CommunityRisk
from serving.scope import may_see

router = APIRouter(prefix="/v1/communities", tags=["communities"])

CommunityId = Annotated[str, Path(min_length=1, max_length=128, examples=["C0007"])]


@router.get(
    "/{community_id}/risk",
    response_model=CommunityRisk,
    responses=error_responses(401, 404, 422),
    summary="A community's risk",
)
async def read_community_risk(
    community_id: CommunityId, session: SessionDep, state: StateDep, principal: PrincipalDep
) -> CommunityRisk:
    """Expected disputes within the horizon (Σp), P(at least one), units per band and the top drivers; audited."""
    community = community_row(session, community_id)
    rows = community_rollup_rows(session, community_id) if community is not None else []
    resource = f"community:{community_id}"
    if community is None or not rows or not may_see(principal, community):
        reason = "out_of_scope" if community is not None and rows else "unknown"  # audited alike, answered alike
        state.audit.record(session, principal, "community_risk.denied", resource, {"reason": reason})
        raise not_found("risk rollup for community", community_id)
    risk = community_risk(community, rows)
    state.audit.record(session, principal, "community_risk.read", resource, {"as_of": risk.as_of})
    return risk
