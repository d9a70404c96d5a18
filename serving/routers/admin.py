"""POST /v1/admin/reload: switch to the current champion; on failure keep serving the old model."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from serving.action_schemas import ReloadResult
from serving.auth import Principal, Role
from serving.champion import ModelLoadError
from serving.deps import SessionDep, StateDep, require_role
from serving.errors import ApiError, error_responses

router = APIRouter(prefix="/v1/admin", tags=["admin"])


@router.post(
    "/reload", response_model=ReloadResult, responses=error_responses(401, 403, 503), summary="Load the champion"
)
async def reload_model(
    request: Request,
    state: StateDep,
    session: SessionDep,
    principal: Annotated[Principal, Depends(require_role(Role.admin))],
) -> ReloadResult:
    """Load `models:/<name>@champion` again. If it fails, the old model keeps serving and the answer says why."""
    previous = state.models.current
    previous_version = previous.version if previous else None
    try:
        loaded = await run_in_threadpool(state.models.load)
    except ModelLoadError as error:
        state.audit.record(session, principal, "model.reload_failed", "model", {"reason": str(error)})
        details = {"serving_version": previous_version}
        raise ApiError(503, "reload_failed", f"{error}; still serving the previous model.", details) from None
    request.app.openapi_schema = None  # the /v1/score schema follows the new model's features
    state.audit.record(
        session, principal, "model.reload", "model", {"version": loaded.version, "previous": previous_version}
    )
    return ReloadResult(
        model_version=loaded.version, previous_version=previous_version, changed=loaded.version != previous_version
    )
