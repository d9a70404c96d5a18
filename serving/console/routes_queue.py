"""The queue page and its CSV: the units to reach first in the user's scope, with filters, sorts and capacity."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from serving.console.actions import audit_read
from serving.console.deps import Staff, console_of, page_context, render
from serving.console.query_params import parse_query
from serving.console.queue_view import QueueQuery, export_queue, read_console_queue, subdistricts_in_scope
from serving.console.rendering import SECURITY_HEADERS
from serving.db import communities
from serving.deps import SessionDep
from serving.queue_reads import queue_csv
from serving.scope import community_filter

router = APIRouter(prefix="/console", include_in_schema=False)


@router.get("/queue")
async def queue_page(request: Request, staff: Staff, session: SessionDep) -> Response:
    """A page of the queue with its filters, sorting, pagination and capacity line; audited."""
    query = parse_query(request, QueueQuery)
    principal = staff.user.principal
    page = await run_in_threadpool(read_console_queue, session, principal, query, console_of(request).queue)
    units = [line.item.unit_id for line in page.lines]
    audit_read(request, session, principal, "console.queue.read", "queue", {**query.filters(), "units": units})
    choices = session.execute(
        select(communities.c.community_id, communities.c.name).where(community_filter(principal))
        .order_by(communities.c.name)
    ).all()  # fmt: skip
    pages = max(1, -(-page.total // query.per_page))
    context = page_context(
        staff, page=page, query=query, pages=pages, subdistricts=subdistricts_in_scope(session, principal),
        community_choices=choices,
    )  # fmt: skip
    return render(request, "queue.html", **context)


@router.get("/queue.csv")
async def queue_export(request: Request, staff: Staff, session: SessionDep) -> Response:
    """The whole filtered, sorted list (up to 10,000 units) as the API's CSV; audited as an export."""
    query = parse_query(request, QueueQuery)
    principal = staff.user.principal
    queue = await run_in_threadpool(export_queue, session, principal, query, console_of(request).queue)
    units = [item.unit_id for item in queue.items]
    audit_read(request, session, principal, "console.queue.export", "queue", {**query.filters(), "units": units})
    headers = {**SECURITY_HEADERS, "Content-Disposition": 'attachment; filename="dispute-radar-queue.csv"'}
    return Response(queue_csv(queue), media_type="text/csv; charset=utf-8", headers=headers)
