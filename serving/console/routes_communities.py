"""Communities: the ranking in the user's scope (firms see only their own) and a community's page.

Scoped exactly as GET /v1/communities/{id}/risk: outside the user's scope answers as unknown (404). The ranking
shows each community's best lever; its page shows them all, with the drivers, the band counts and the trend.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from serving.console.actions import audit_read
from serving.console.community_view import community_trend, ranked_communities
from serving.console.deps import ConsoleError, Staff, console_of, page_context, render
from serving.console.sparkline import sparkline
from serving.deps import SessionDep, state_of
from serving.risk_reads import community_risk, community_rollup_rows, community_row
from serving.scope import may_see
from serving.transparency.labels import N_

router = APIRouter(prefix="/console", include_in_schema=False)
NO_COMMUNITY = N_("There is no community %(id)s.")


@router.get("/communities")
async def communities_page(request: Request, staff: Staff, session: SessionDep) -> Response:
    """The communities in scope, most expected disputes first, with drivers, best lever and trend; audited."""
    principal, console = staff.user.principal, console_of(request)
    lines = await run_in_threadpool(ranked_communities, session, principal)
    model = state_of(request).models.current
    levers = {}
    for line in lines:
        community_id = line.rollup["community_id"]
        levers[community_id] = await run_in_threadpool(console.levers.get, session, model, community_id)
    audit_read(request, session, principal, "console.communities.read", "communities",
               {"communities": [line.rollup["community_id"] for line in lines]})  # fmt: skip
    sparks = {line.rollup["community_id"]: sparkline(line.trend) for line in lines}
    context = page_context(staff, lines=lines, levers=levers, sparks=sparks)
    return render(request, "communities.html", **context)


@router.get("/communities/{community_id}")
async def community_page(request: Request, community_id: str, staff: Staff, session: SessionDep) -> Response:
    """A community's expected disputes, bands, drivers, levers and trend, with a link to its public page."""
    principal, console = staff.user.principal, console_of(request)
    community = community_row(session, community_id)
    rows = community_rollup_rows(session, community_id) if community is not None else []
    if community is None or not rows or not may_see(principal, community):
        reason = "out_of_scope" if community is not None and rows else "unknown"  # audited alike, answered alike
        audit_read(request, session, principal, "console.community.denied", f"community:{community_id}",
                   {"reason": reason})  # fmt: skip
        raise ConsoleError(404, NO_COMMUNITY, {"id": community_id})
    risk = community_risk(community, rows)
    levers = await run_in_threadpool(console.levers.get, session, state_of(request).models.current, community_id)
    values, dates = community_trend(session, community_id)
    audit_read(
        request, session, principal, "console.community.read", f"community:{community_id}", {"as_of": risk.as_of}
    )
    context = page_context(
        staff, risk=risk, community=community, levers=levers, trend_line=sparkline(values),
        trend=list(zip(dates, values, strict=True)),
    )  # fmt: skip
    return render(request, "community.html", **context)
