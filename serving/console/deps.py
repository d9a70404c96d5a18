"""What console routes depend on: the console's state, the signed-in staff member, and errors shown as pages.

Without a live session a page answers 303 to the login with `next` set to where the person was going. Errors are
HTML pages with the console's security headers; out of scope answers exactly as unknown does (404).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import Depends, FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from data.store.prepared import raw_connection
from serving.audit import audit_row
from serving.auth import Role
from serving.console.community_levers import LeverCache
from serving.console.login_throttle import LoginThrottle
from serving.console.queue_cache import QueueCaches
from serving.console.rendering import ConsoleRenderer, lang_of
from serving.console.sessions import COOKIE, Session, find_session
from serving.console.settings import ConsoleSettings
from serving.deps import state_of
from serving.transparency.labels import N_

LOGIN = "/console/login"


@dataclass
class ConsoleState:
    """Loaded by the console router's lifespan: settings, templates, the login throttle and two caches."""

    settings: ConsoleSettings
    renderer: ConsoleRenderer
    throttle: LoginThrottle
    levers: LeverCache = field(default_factory=LeverCache)
    queue: QueueCaches = field(default_factory=QueueCaches)

    @property
    def idle(self) -> timedelta:
        return timedelta(minutes=self.settings.idle_minutes)


class ConsoleError(Exception):
    """A console failure shown as a page: its status and a message id (with parameters) in the page's language."""

    def __init__(
        self, status: int, message: str, params: Mapping[str, object] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:  # fmt: skip
        super().__init__(message)
        self.status, self.message = status, message
        self.params, self.headers = dict(params or {}), dict(headers or {})


class LoginRequiredError(Exception):
    """No live session: go to the login page, and come back afterwards."""


def console_of(request: Request) -> ConsoleState:
    console: ConsoleState = request.app.state.console
    return console


def safe_next(value: object) -> str:
    """A place to go after login: only a console path on this site (never another site, `//host` or `/\\host`)."""
    if not isinstance(value, str) or not value.startswith("/console") or len(value) > 2000:
        return "/console/"
    if value.startswith(("//", "/\\")) or any(ch in value for ch in "\\\r\n\t") or value.startswith("/console/login"):
        return "/console/"
    return value


def login_url(request: Request) -> str:
    """The login page, with `next` set to the page asked for (and its language kept)."""
    wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    query = {"next": wanted, **({"lang": request.query_params["lang"]} if "lang" in request.query_params else {})}
    return f"{LOGIN}?{urlencode(query, quote_via=quote)}"


async def current_staff(request: Request) -> Session:
    """The signed-in staff member's live session (303 to the login without one)."""
    token = request.cookies.get(COOKIE)
    found = None
    if token:
        with state_of(request).engine.connect() as connection:
            found = find_session(connection, token, console_of(request).idle)
    if found is None:
        raise LoginRequiredError
    return found


Staff = Annotated[Session, Depends(current_staff)]


def require_role(request: Request, staff: Session, *roles: Role) -> None:
    """403 for a signed-in user whose role may not do this, audited as the API audits it."""
    if staff.user.role in roles:
        return
    state, allowed = state_of(request), ", ".join(role.value for role in roles)
    where = f"{request.method} {request.url.path}"
    row = audit_row(staff.user.principal, "console.access.forbidden", where, {"allowed": allowed})
    with raw_connection(state.engine) as connection:
        state.audit.append(connection, [row])
    raise ConsoleError(403, N_("Your role may not do this."))


def _error_page(request: Request, error: ConsoleError) -> Response:
    lang = lang_of(request.query_params.get("lang"))
    return console_of(request).renderer.response(
        request, lang, "error.html", error.status, error.headers, code=error.status, message=error.message,
        params=error.params, user=None,
    )  # fmt: skip


async def _console_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ConsoleError)
    return _error_page(request, exc)


async def _login_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequiredError)
    response = RedirectResponse(login_url(request), status_code=303)
    response.headers["Cache-Control"] = "no-store"
    return response


def install_console_handlers(app: FastAPI) -> None:
    """Console errors answer as pages, and a missing session as a redirect to the login."""
    app.add_exception_handler(ConsoleError, _console_error)
    app.add_exception_handler(LoginRequiredError, _login_required)


def render(request: Request, template: str, status: int = 200, lang: str | None = None, **context: Any) -> Response:
    """A console page in the language asked for (`?lang=`, unless given), with the console's headers."""
    chosen = lang or lang_of(request.query_params.get("lang"))
    return console_of(request).renderer.response(request, chosen, template, status, **context)


def page_context(staff: Session, **context: Any) -> dict[str, Any]:
    """What every signed-in page's template reads: the user, the CSRF token, and the page's own values."""
    return {"user": staff.user, "csrf": staff.csrf_token, **context}
