"""The upload page: one CSV file for one contract table, through the API's own upload path.

Firms may upload rows of their own communities only and admins anything, exactly as POST /v1/ingest/{table}
allows; a broken file is refused whole (nothing written) and its validation report is shown as a table.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from data.contract import TABLES
from serving.auth import Role
from serving.console.actions import upload_table
from serving.console.csrf import FIELD, tokens_match
from serving.console.deps import ConsoleError, Staff, page_context, render, require_role
from serving.console.rendering import lang_of
from serving.console.report_messages import problem_text
from serving.console.routes_auth import EXPIRED_FORM
from serving.deps import SessionDep, state_of
from serving.errors import ApiError
from serving.transparency.labels import N_
from serving.uploads import MAX_UPLOAD_BYTES

router = APIRouter(prefix="/console", include_in_schema=False)
UPLOAD_ROLES = (Role.firm, Role.admin)
NO_TABLE = N_("Choose which table the file holds.")
NO_FILE = N_("Choose a CSV file to upload.")
TOO_LARGE = N_("The file is larger than %(mib)s MiB; split it into smaller files.")
REFUSED = {
    403: N_("Some rows are not for your communities, so nothing was written."),
    413: TOO_LARGE,
    415: N_("The file could not be read as CSV, so nothing was written."),
    422: N_("The file breaks the data contract, so nothing was written. Fix the rows below and upload it again."),
}
OTHER_REFUSAL = N_("The upload was refused, so nothing was written.")
MOVES = N_(
    "The file moves a community or a unit (to another subdistrict, district, firm or community). Only an "
    "administrator may do that, so nothing was written."
)


def _page(request: Request, staff: Any, lang: str, status: int = 200, **result: Any) -> Response:
    names = ("problem", "detail", "report", "written", "table", "foreign", "changes")
    values: dict[str, Any] = {name: None for name in names} | {"params": {}, "lines": []}
    return render(request, "upload.html", status, lang, **page_context(staff, tables=list(TABLES), **(values | result)))


@router.get("/upload")
async def upload_form(request: Request, staff: Staff) -> Response:
    """The upload form (firms and admins)."""
    require_role(request, staff, *UPLOAD_ROLES)
    return _page(request, staff, lang_of(request.query_params.get("lang")))


async def _file_bytes(upload: object) -> bytes | None:
    """The uploaded file's content, or None when no file was chosen; 413 past the API's limit."""
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    content = await upload.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        raise ConsoleError(413, TOO_LARGE, {"mib": MAX_UPLOAD_BYTES // 2**20})
    return content


@router.post("/upload")
async def upload(request: Request, staff: Staff, session: SessionDep) -> Response:
    """Validate and write one table; the report (table, row, column, value, rule) when it breaks the contract."""
    require_role(request, staff, *UPLOAD_ROLES)
    form = await request.form(max_files=1, max_fields=10)
    if not tokens_match(staff.csrf_token, form.get(FIELD)):
        raise ConsoleError(403, EXPIRED_FORM)
    lang, table = lang_of(form.get("lang")), str(form.get("table") or "")
    if table not in TABLES:
        return _page(request, staff, lang, 400, problem=NO_TABLE)
    content = await _file_bytes(form.get("file"))
    if content is None:
        return _page(request, staff, lang, 400, problem=NO_FILE, table=table)
    try:
        result = await upload_table(state_of(request), session, staff.user.principal, table, content)
    except ApiError as error:
        return _refused(request, staff, lang, table, error)
    return _page(request, staff, lang, written=result, table=table)


def _refused(request: Request, staff: Any, lang: str, table: str, error: ApiError) -> Response:
    """The refusal in the page's language: a validation report, the foreign rows, or the reference changes.

    The API's own English message is shown only when no table below says more (the report, the changes)."""
    details = error.details
    report = details if "problems" in details else None
    lines = [(p, problem_text(p)) for p in report["problems"]] if report else []
    changes = details.get("changes") if error.status == 403 else None
    problem = MOVES if changes else REFUSED.get(error.status, OTHER_REFUSAL)
    detail = None if report or changes else error.message
    return _page(request, staff, lang, error.status, problem=problem, params={"mib": MAX_UPLOAD_BYTES // 2**20},
                 detail=detail, report=report, lines=lines, foreign=details if "rows" in details else None,
                 changes=changes, table=table)  # fmt: skip
