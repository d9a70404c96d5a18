"""A unit's page (score, history, reasons, levers, what a visit needs, outreach) and the outreach form.

Scoped exactly as GET /v1/units/{id}/risk: outside the user's scope answers as an unknown unit does (404). Only
mediators and admins record outreach (a firm is a party to the dispute): a firm gets no form, and 403 on POST.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import Connection

from scoring.levers import UnitLever, lowering, unit_levers
from serving.action_schemas import OutreachIn
from serving.auth import Role
from serving.champion import LoadedModel
from serving.console.actions import audit_read, record_outreach
from serving.console.community_levers import NO_MODEL, STALE_FEATURES
from serving.console.csrf import FIELD, tokens_match
from serving.console.deps import ConsoleError, Staff, page_context, render, require_role
from serving.console.rendering import lang_of
from serving.console.routes_auth import EXPIRED_FORM
from serving.console.sessions import Session
from serving.console.sparkline import sparkline
from serving.console.unit_view import outreach_history, score_history, visit_facts
from serving.db import now_local
from serving.deps import SessionDep, state_of
from serving.errors import ApiError
from serving.lever_reads import FeaturesUnavailableError, in_model_order, unit_row
from serving.risk_reads import community_row, unit_risk, unit_scores
from serving.scope import may_see
from serving.transparency.labels import N_

router = APIRouter(prefix="/console", include_in_schema=False)
NO_UNIT = N_("There is no unit %(id)s.")
BAD_STATUS = N_("Choose what happened: contacted, mediating, resolved or declined.")
BAD_DATE = N_("Give the date as YYYY-MM-DD, today or earlier.")
LONG_NOTE = N_("The note can hold at most 4,000 characters.")
NOT_RECORDED = N_("The outreach was not recorded: %(reason)s")
TOP_LEVERS = 3
OUTREACH_ROLES = (Role.mediator, Role.admin)


def _levers(
    session: Connection, model: LoadedModel | None, unit_id: str
) -> tuple[list[UnitLever], list[UnitLever], str | None]:
    """The unit's top levers under the serving model, those that apply but would not lower its risk, or why there
    are none to show."""
    if model is None:
        return [], [], NO_MODEL
    row = unit_row(session, unit_id)
    if row is None:
        return [], [], None
    try:
        matrix = in_model_order([row["features"]], json.loads(row["names"]), model.pyfunc.feature_names)
    except FeaturesUnavailableError:
        return [], [], STALE_FEATURES
    lowers, idle = lowering(*unit_levers(model.pyfunc, matrix[0]))
    return lowers[:TOP_LEVERS], idle, None


def _unit_context(request: Request, staff: Session, session: Connection, unit_id: str) -> dict[str, Any]:
    """Everything the unit page shows; 404 (as unknown) outside the user's scope."""
    rows = unit_scores(session, unit_id)
    if not rows or not may_see(staff.user.principal, rows[0]):
        reason = "out_of_scope" if rows else "unknown"  # audited alike, answered alike
        audit_read(request, session, staff.user.principal, "console.unit.denied", f"unit:{unit_id}", {"reason": reason})
        raise ConsoleError(404, NO_UNIT, {"id": unit_id})
    risk = unit_risk(rows)
    model = state_of(request).models.current
    history = score_history(session, unit_id)
    levers, idle_levers, lever_problem = _levers(session, model, unit_id)
    levels = model.pyfunc.feature_config.repair_service_level_days if model is not None else None
    return page_context(
        staff, risk=risk, history=history, trend_line=sparkline([h["probability"] for h in history]), levers=levers,
        idle_levers=idle_levers, lever_problem=lever_problem, facts=visit_facts(session, unit_id, risk.as_of, levels),
        outreach=outreach_history(session, unit_id), can_record=staff.user.role in OUTREACH_ROLES,
        community=community_row(session, risk.community_id), form_error=None, form={},
        today=now_local().date().isoformat(),
        recorded=request.query_params.get("recorded") == "1",
    )  # fmt: skip


@router.get("/units/{unit_id}")
async def unit_page(request: Request, unit_id: str, staff: Staff, session: SessionDep) -> Response:
    """The unit's page; every view is audited."""
    context = _unit_context(request, staff, session, unit_id)
    audit_read(request, session, staff.user.principal, "console.unit.read", f"unit:{unit_id}",
               {"as_of": context["risk"].as_of, "band": context["risk"].band})  # fmt: skip
    return render(request, "unit.html", **context)


def _outreach_body(form: Any) -> tuple[OutreachIn | None, str | None]:
    """The form as the API's outreach body, or the message that says what to fix."""
    raw_date = str(form.get("date") or "").strip()
    at = None
    if raw_date:
        try:
            day = date.fromisoformat(raw_date)
        except ValueError:
            return None, BAD_DATE
        today = now_local().date()
        if day > today:
            return None, BAD_DATE
        at = None if day == today else datetime.combine(day, datetime.min.time())
    note = str(form.get("note") or "")
    if len(note) > 4000:
        return None, LONG_NOTE
    try:
        return OutreachIn.model_validate({"status": str(form.get("status") or ""), "note": note, "at": at}), None
    except ValidationError:
        return None, BAD_STATUS


@router.post("/units/{unit_id}/outreach")
async def post_outreach(request: Request, unit_id: str, staff: Staff, session: SessionDep) -> Response:
    """Record an outreach through the API's own function; back to the unit page (303) when it is kept."""
    require_role(request, staff, *OUTREACH_ROLES)
    form = await request.form()
    if not tokens_match(staff.csrf_token, form.get(FIELD)):
        raise ConsoleError(403, EXPIRED_FORM)
    lang = lang_of(form.get("lang"))
    body, problem = _outreach_body(form)
    if body is None:
        context = _unit_context(request, staff, session, unit_id)
        context.update(form_error=problem, form={k: str(v) for k, v in form.items() if k != FIELD})
        return render(request, "unit.html", 400, lang, **context)
    try:
        await record_outreach(state_of(request), session, staff.user.principal, unit_id, body)
    except ApiError as error:
        if error.status == 404:
            raise ConsoleError(404, NO_UNIT, {"id": unit_id}) from None
        raise ConsoleError(error.status, NOT_RECORDED, {"reason": error.message}) from None
    query = "recorded=1" + ("&lang=en" if lang == "en" else "")
    return RedirectResponse(f"/console/units/{quote(unit_id, safe='')}?{query}#outreach", status_code=303)
