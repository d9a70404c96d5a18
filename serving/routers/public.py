"""Public transparency pages for residents: the district overview, a page per community, and its JSON.

No key is needed: everything here is an aggregate, with small counts suppressed when the pages were precomputed
(scoring.transparency.precompute). Pages are zh-CN unless `?lang=en`. The router's lifespan, merged into the app's
when the router is included, creates the pages table and loads the templates and message catalogues.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any, Literal

from fastapi import APIRouter, FastAPI, Header, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from scoring.transparency.page_model import OverviewRow, SortKey, TransparencyPage
from scoring.transparency.storage import create_transparency_schema, read_overview, read_page
from serving.deps import SessionDep
from serving.errors import error_responses, not_found
from serving.state import ServingState
from serving.transparency.overview import OverviewQuery, select_rows
from serving.transparency.rendering import PageRenderer

Lang = Literal["zh-CN", "en"]
CommunityId = Annotated[str, Path(min_length=1, max_length=128, examples=["C0007"])]
LangQuery = Annotated[Lang, Query(description="Page language: zh-CN (default) or en.")]

# A page answers in full or not at all; nothing outside the page itself is ever loaded (no script, font or image).
_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; "
        "frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "public, max-age=60",
}
_HTML = {"content": {"text/html": {"schema": {"type": "string"}}}, "description": "The page (HTML)"}
# The error body by reference: a `model` would be documented under the route's own media type (text/html). The
# JSON route below documents ErrorBody with its model, so the component is always in the schema.
_ERROR_JSON = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}


def _html_route_errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Error responses of an HTML route: the shared JSON error body (404 is an HTML page for browsers too)."""
    documented = error_responses(*statuses)
    out: dict[int | str, dict[str, Any]] = {}
    for status, entry in documented.items():
        content: dict[str, Any] = dict(_ERROR_JSON)
        description = entry["description"]
        if status == 404:
            content["text/html"] = {"schema": {"type": "string"}}
            description = "No page for this community: an HTML page for browsers, the shared error body otherwise"
        out[status] = {"description": description, "content": content}
    return out


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Runs inside the app's lifespan, once the store is open."""
    state: ServingState = app.state.serving
    create_transparency_schema(state.engine)
    app.state.public_pages = PageRenderer.load()
    yield


router = APIRouter(tags=["public"], lifespan=lifespan)


def _renderer(request: Request) -> PageRenderer:
    renderer: PageRenderer = request.app.state.public_pages
    return renderer


def _html(body: str, lang: str, status: int = 200) -> HTMLResponse:
    headers = _SECURITY_HEADERS | {"Content-Language": lang, "Vary": "Accept"}
    return HTMLResponse(body, status_code=status, headers=headers)


class OverviewParams(BaseModel):
    """The overview's query; unknown parameters (a campaign tag on a shared link) are ignored."""

    lang: Lang = Field("zh-CN", description="Page language: zh-CN (default) or en.")
    q: str = Field("", max_length=100, description="Search text: part of a community, firm or subdistrict name.")
    sort: SortKey = Field("name", description="Column to sort by.")
    order: Literal["asc", "desc"] = "asc"
    page: int = Field(1, ge=1, le=100_000, description="Page number, 25 communities to a page.")


@router.get(
    "/",
    response_class=HTMLResponse,
    responses={200: _HTML, **_html_route_errors(422)},
    summary="District overview (HTML)",
)
async def overview_page(
    request: Request, session: SessionDep, params: Annotated[OverviewParams, Query()]
) -> HTMLResponse:
    """Every community with its firm, subdistrict, fee, fee collection, complaint resolution, repair days and band;
    searchable by name, sortable by any column, 25 to a page."""
    stored = read_overview(session)
    rows = [OverviewRow.model_validate_json(text) for text in stored.rows]
    query = OverviewQuery(q=params.q, sort=params.sort, order=params.order, page=params.page)
    view = select_rows(rows, query, stored.as_of, stored.model_version)
    return _html(_renderer(request).overview(params.lang, view), params.lang)


@router.get(
    "/communities/{community_id}",
    response_class=HTMLResponse,
    responses={200: _HTML, **_html_route_errors(404, 422)},
    summary="A community's transparency page (HTML)",
)
async def community_page(
    request: Request,
    community_id: CommunityId,
    session: SessionDep,
    lang: LangQuery = "zh-CN",
    accept: Annotated[str, Header(include_in_schema=False)] = "",
) -> Response:
    """Fees, accounts, complaints, repairs, disputes and the risk band, each compared with the district median."""
    text = read_page(session, community_id)
    renderer = _renderer(request)
    if text is None:
        if "text/html" not in accept:
            raise not_found("transparency page for community", community_id)
        return _html(renderer.not_found(lang, community_id), lang, status=404)
    return _html(renderer.community(lang, TransparencyPage.model_validate_json(text)), lang)


@router.get(
    "/v1/public/communities/{community_id}/transparency",
    response_model=TransparencyPage,
    responses=error_responses(404, 422),
    summary="A community's transparency figures (JSON)",
)
async def community_transparency(community_id: CommunityId, session: SessionDep) -> Response:
    """The content of the community's page, language-neutral: codes for categories, bands and verdicts."""
    text = read_page(session, community_id)
    if text is None:
        raise not_found("transparency page for community", community_id)
    headers = {"Cache-Control": _SECURITY_HEADERS["Cache-Control"], "X-Content-Type-Options": "nosniff"}
    return Response(text, media_type="application/json", headers=headers)
