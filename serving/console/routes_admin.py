"""Admin pages: users (disable) and API keys (revoke), the serving model and the metrics its promotion gate read,
the latest monitoring verdict with its report, and reload. Every form posts with the session's CSRF token."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Connection, select
from starlette.concurrency import run_in_threadpool

from monitoring.latest import latest_report
from serving.auth import KeyRequestError, Role
from serving.console.actions import audit_read, reload_model
from serving.console.csrf import FIELD, tokens_match
from serving.console.deps import ConsoleError, Staff, page_context, render, require_role
from serving.console.rendering import lang_of
from serving.console.routes_auth import EXPIRED_FORM
from serving.console.sessions import Session
from serving.console.users import UserRequestError, disable_user, list_users
from serving.db import api_keys
from serving.deps import SessionDep, state_of
from serving.errors import ApiError
from serving.key_admin import revoke
from serving.routers.model import model_info
from serving.transparency.labels import N_

router = APIRouter(prefix="/console/admin", include_in_schema=False)
NO_REPORT = N_("No monitoring report yet: run `disputes monitor`.")
NOT_YOURSELF = N_("You cannot disable your own account.")
GATE_METRICS = ("pr_auc", "ece", "slice_max_ece", "roc_auc", "champion_pr_auc", "champion_compared_version")
# The drift report is Evidently's self-contained HTML with its own inline scripts: it runs sandboxed, in an
# origin of its own, so nothing in it can reach the console's pages or cookies, and it may load nothing.
REPORT_HEADERS = {
    "Content-Security-Policy": "sandbox allow-scripts; default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'unsafe-inline'; img-src data: blob:; font-src data:",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


def _keys(session: Connection) -> list[Any]:
    columns = [api_keys.c[name] for name in ("key_id", "name", "role", "firm_id", "subdistricts", "created_at",
                                             "expires_at", "revoked_at")]  # fmt: skip
    rows = session.execute(select(*columns).order_by(api_keys.c.created_at)).mappings()
    return [{**row, "subdistricts": "、".join(json.loads(row["subdistricts"]))} for row in rows]


async def _model(request: Request, session: Connection, staff: Session) -> Any:
    model = state_of(request).models.current
    if model is None:
        return None
    return await model_info(model=model, session=session, _principal=staff.user.principal)


@router.get("")
async def admin_page(request: Request, staff: Staff, session: SessionDep) -> Response:
    """Users, keys, the serving model, the latest monitoring verdict and the reload form; audited."""
    require_role(request, staff, Role.admin)
    found = latest_report(state_of(request).settings.reports_dir)
    audit_read(request, session, staff.user.principal, "console.admin.read", "admin")
    query = request.query_params
    context = page_context(
        staff, users=list_users(session), keys=_keys(session), model=await _model(request, session, staff),
        model_error=state_of(request).models.last_error, gate_metrics=GATE_METRICS,
        monitoring=found[0] if found else None, done=query.get("done"), done_value=query.get("value", ""),
        problem=None, params={},
    )  # fmt: skip
    return render(request, "admin.html", **context)


async def _checked_form(request: Request, staff: Session) -> Any:
    require_role(request, staff, Role.admin)
    form = await request.form()
    if not tokens_match(staff.csrf_token, form.get(FIELD)):
        raise ConsoleError(403, EXPIRED_FORM)
    return form


def _back(form: Any, **done: str) -> RedirectResponse:
    query = {**done, **({"lang": "en"} if lang_of(form.get("lang")) == "en" else {})}
    return RedirectResponse(f"/console/admin?{urlencode(query)}", status_code=303)


@router.post("/users/{username}/disable")
async def disable(request: Request, username: str, staff: Staff, session: SessionDep) -> Response:
    """Disable a user; their sessions end at once."""
    form = await _checked_form(request, staff)
    if username == staff.user.username:
        raise ConsoleError(400, NOT_YOURSELF)
    try:
        ended = disable_user(session, username)
    except UserRequestError:
        raise ConsoleError(404, N_("There is no user %(id)s."), {"id": username}) from None
    audit_read(
        request, session, staff.user.principal, "console.user.disable", f"user:{username}", {"sessions_ended": ended}
    )
    return _back(form, done="disabled", value=username)


@router.post("/keys/{key_id}/revoke")
async def revoke_key(request: Request, key_id: str, staff: Staff, session: SessionDep) -> Response:
    """Revoke an API key through `disputes keys revoke`'s own function; the next request with it is refused."""
    form = await _checked_form(request, staff)
    try:
        revoked, _, now = await run_in_threadpool(revoke, state_of(request).engine, key_id)
    except KeyRequestError:
        raise ConsoleError(404, N_("There is no API key %(id)s."), {"id": key_id}) from None
    audit_read(
        request, session, staff.user.principal, "console.key.revoke", f"key:{revoked}", {"already_revoked": not now}
    )
    return _back(form, done="revoked", value=revoked)


@router.post("/reload")
async def reload(request: Request, staff: Staff, session: SessionDep) -> Response:
    """Switch to the current champion through the API's reload; a failure keeps the old model serving."""
    form = await _checked_form(request, staff)
    try:
        result = await reload_model(request, state_of(request), session, staff.user.principal)
    except ApiError as error:
        raise ConsoleError(503, N_("The reload failed: %(reason)s"), {"reason": error.message}) from None
    return _back(form, done="reloaded", value=result.model_version)


@router.get("/monitoring/report")
async def monitoring_report(request: Request, staff: Staff, session: SessionDep) -> Response:
    """The newest drift report (Evidently's HTML), sandboxed."""
    require_role(request, staff, Role.admin)
    found = latest_report(state_of(request).settings.reports_dir)
    if found is None:
        raise ConsoleError(404, NO_REPORT)
    audit_read(request, session, staff.user.principal, "console.monitoring.report", "monitoring")
    return HTMLResponse(found[1].read_text(encoding="utf-8"), headers=REPORT_HEADERS)
