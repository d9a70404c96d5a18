"""GET /v1/monitoring/latest and /v1/monitoring/latest/report: the newest `disputes monitor` result, admin only."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse

from monitoring.latest import latest_report
from serving.auth import Principal, Role
from serving.deps import StateDep, require_role
from serving.errors import ApiError, error_responses

router = APIRouter(prefix="/v1/monitoring", tags=["monitoring"])
_HTML = {"content": {"text/html": {"schema": {"type": "string"}}}, "description": "The drift report (HTML)"}
AdminDep = Annotated[Principal, Depends(require_role(Role.admin))]


def _latest(state: StateDep) -> tuple[dict[str, Any], Any]:
    found = latest_report(state.settings.reports_dir)
    if found is None:
        raise ApiError(404, "not_found", "No monitoring report yet: run `disputes monitor`.")
    return found


@router.get("/latest", responses=error_responses(401, 403, 404), summary="Latest monitoring summary")
def latest_summary(state: StateDep, principal: AdminDep) -> dict[str, Any]:
    """Verdict, drift share, drifted features, prediction drift, quality issues and performance by month."""
    summary, _ = _latest(state)
    return summary


@router.get(
    "/latest/report",
    # Errors stay JSON (the shared body); only the report itself is HTML.
    responses={200: _HTML, **error_responses(401, 403, 404)},
    summary="Latest drift report (HTML)",
)
def latest_html(state: StateDep, principal: AdminDep) -> HTMLResponse:
    """The Evidently drift report of the newest run, self-contained so it opens offline."""
    _, html = _latest(state)
    return HTMLResponse(html.read_text(encoding="utf-8"))
