"""GET /v1/units/{id}/levers and /v1/communities/{id}/levers: what would lower the risk, and by how much.

Scoped exactly like the risk reads (out of scope answers 404, as an unknown id does) and audited. The stored
feature rows of the latest scoring run are edited lever by lever and re-scored by the serving model: the
probabilities after are the model's predictions under the change, not causal guarantees. The unit read runs on
the event loop, as the risk read does: one indexed row and about half a millisecond of re-scoring cost less than a
thread hop. A community's levers re-score all its units, so that read keeps its worker thread.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Path, Response

from scoring.levers import community_levers, unit_levers
from serving.deps import ModelDep, PrincipalDep, SessionDep, StateDep
from serving.errors import ApiError, error_responses, not_found
from serving.lever_reads import FeaturesUnavailableError, community_rows, in_model_order, unit_row
from serving.lever_schemas import CommunityLever, CommunityLevers, UnitLever, UnitLevers
from serving.risk_reads import community_row
from serving.scope import may_see

router = APIRouter(prefix="/v1", tags=["levers"])

UnitId = Annotated[str, Path(min_length=1, max_length=128, examples=["C0002-B01-0101"])]
CommunityId = Annotated[str, Path(min_length=1, max_length=128, examples=["C0002"])]
_RESPONSES = error_responses(401, 404, 422, 429, 503)


def _unavailable(error: FeaturesUnavailableError) -> ApiError:
    return ApiError(503, "levers_unavailable", f"Levers cannot be computed: {error}.")


@router.get("/units/{unit_id}/levers", response_model=UnitLevers, responses=_RESPONSES, summary="A unit's levers")
async def read_unit_levers(
    unit_id: UnitId, session: SessionDep, state: StateDep, principal: PrincipalDep, model: ModelDep
) -> Response:
    """Each action that applies to the unit, with the features it changes and the probability after it."""
    row = unit_row(session, unit_id)
    if row is None or not may_see(principal, row):
        reason = "out_of_scope" if row is not None else "unknown"  # audited alike, answered alike
        state.audit.record(session, principal, "unit_levers.denied", f"unit:{unit_id}", {"reason": reason})
        raise not_found("levers for unit", unit_id)
    try:
        matrix = in_model_order([row["features"]], json.loads(row["names"]), model.pyfunc.feature_names)
    except FeaturesUnavailableError as error:
        raise _unavailable(error) from None
    probability, levers = unit_levers(model.pyfunc, matrix[0])
    details = {"as_of": row["as_of"], "levers": len(levers)}
    state.audit.record(session, principal, "unit_levers.read", f"unit:{unit_id}", details)
    answer = UnitLevers(
        unit_id=unit_id, community_id=row["community_id"], as_of=row["as_of"], model_version=model.version,
        probability=probability,
        levers=[UnitLever.model_validate(asdict(lever)) for lever in levers],
    )  # fmt: skip
    return Response(answer.model_dump_json(), media_type="application/json")  # validated once, serialised once


@router.get(
    "/communities/{community_id}/levers",
    response_model=CommunityLevers,
    responses=_RESPONSES,
    summary="A community's levers",
)
def read_community_levers(
    community_id: CommunityId, session: SessionDep, state: StateDep, principal: PrincipalDep, model: ModelDep
) -> CommunityLevers:
    """Each action applied across the community: expected disputes (Σp) after it and the units it changes."""
    community = community_row(session, community_id)
    if community is None or not may_see(principal, community):
        reason = "out_of_scope" if community is not None else "unknown"
        state.audit.record(
            session, principal, "community_levers.denied", f"community:{community_id}", {"reason": reason}
        )
        raise not_found("levers for community", community_id)
    try:
        stored = community_rows(session, community_id, model.pyfunc.feature_names)
    except FeaturesUnavailableError as error:
        raise _unavailable(error) from None
    if stored is None:
        raise not_found("levers for community", community_id)
    expected, levers = community_levers(model.pyfunc, stored.matrix)
    state.audit.record(
        session, principal, "community_levers.read", f"community:{community_id}", {"as_of": stored.run["as_of"]}
    )
    return CommunityLevers(
        community_id=community_id, as_of=stored.run["as_of"], model_version=model.version, expected_disputes=expected,
        levers=[CommunityLever.model_validate(asdict(lever)) for lever in levers],
    )  # fmt: skip
