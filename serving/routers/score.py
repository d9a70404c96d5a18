"""POST /v1/score: what-if scoring of feature rows with the serving model (up to 1,000 rows a request)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from pydantic import ValidationError

from data.store.prepared import raw_connection
from serving.action_schemas import ScoreResponse
from serving.audit import audit_row
from serving.auth import Principal, Role
from serving.deps import ModelDep, StateDep, require_role
from serving.errors import ApiError, error_responses
from serving.row_schema import row_schema
from serving.score_response import score_response_json

router = APIRouter(prefix="/v1", tags=["score"])

_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ScoreRequest"}}},
    }
}


@router.post(
    "/score",
    response_model=ScoreResponse,
    responses=error_responses(401, 403, 422, 503),
    openapi_extra=_BODY,
    summary="Score feature rows",
)
async def score_rows(
    request: Request,
    state: StateDep,
    model: ModelDep,
    principal: Annotated[Principal, Depends(require_role(Role.firm, Role.admin))],
) -> Response:
    """Probability, band and reasons per row. Rows carry every model feature by name; null means unknown.
    Audited: who scored how many rows with which model (never the rows)."""
    schema = row_schema(model.pyfunc.feature_names)
    try:
        matrix = schema.parse(await request.body())
    except ValidationError as error:
        problems = [
            {"location": ["body", *(str(p) for p in e["loc"])], "message": e["msg"], "type": e["type"]}
            for e in error.errors(include_url=False, include_input=False)[:50]
        ]
        message = "The rows do not follow the model's schema."
        raise ApiError(422, "validation_error", message, {"problems": problems}) from None
    scored = await state.scorer.score(model.pyfunc, matrix)
    details = {"rows": len(scored), "model_version": model.version}  # never the feature values themselves
    with raw_connection(state.engine) as connection:
        state.audit.append(connection, [audit_row(principal, "score", "score", details)])
    return Response(score_response_json(model.version, scored), media_type="application/json")
