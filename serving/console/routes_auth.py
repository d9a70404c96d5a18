"""Signing in and out of the console, and its front door.

The session cookie is HttpOnly, SameSite=Lax, scoped to /console, and Secure whenever the request came over TLS.
TLS is judged by the request's scheme only: behind a reverse proxy, uvicorn's proxy-header support (it trusts
X-Forwarded-Proto and X-Forwarded-For only from FORWARDED_ALLOW_IPS, 127.0.0.1 by default) sets that scheme and the
client address, so a client cannot fake either by sending the headers itself.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection, RowMapping
from starlette.concurrency import run_in_threadpool

from serving.auth import Role
from serving.authentication import client_of
from serving.console.actions import audit_login_attempt, audit_read
from serving.console.csrf import FIELD, LOGIN_COOKIE, new_token, tokens_match
from serving.console.deps import ConsoleError, Staff, console_of, safe_next
from serving.console.passwords import hash_password, needs_rehash, verify_password
from serving.console.rendering import lang_of
from serving.console.sessions import COOKIE, end_session, start_session, token_hash
from serving.console.users import find_user, store_password_hash, user_of
from serving.deps import SessionDep
from serving.transparency.labels import N_

router = APIRouter(prefix="/console", include_in_schema=False)
START = {Role.mediator: "/console/queue", Role.firm: "/console/communities", Role.admin: "/console/admin"}
WRONG = N_("Wrong username or password.")
LOCKED = N_("Too many wrong passwords. Try again in %(minutes)s minute(s).")
DISABLED = N_("This account has been disabled. Ask an administrator.")
EXPIRED_FORM = N_("This form has expired or did not come from this site. Reload the page and try again.")


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _with_lang(path: str, lang: str) -> str:
    return path if lang == "zh-CN" else f"{path}{'&' if '?' in path else '?'}lang={lang}"


def _login_page(
    request: Request, lang: str, token: str, next_path: str, error: str | None, status: int,
    params: dict[str, object] | None = None, headers: dict[str, str] | None = None,
) -> Response:  # fmt: skip
    response = console_of(request).renderer.response(
        request, lang, "login.html", status, headers, csrf=token, next=next_path, error=error, params=params or {},
        user=None,
    )  # fmt: skip
    response.set_cookie(LOGIN_COOKIE, token, max_age=3600, path="/console/login", secure=_secure(request),
                        httponly=True, samesite="strict")  # fmt: skip
    return response


@router.get("/login")
async def login_form(request: Request) -> Response:
    """The login form, with a fresh CSRF token in a hidden field and a cookie."""
    lang = lang_of(request.query_params.get("lang"))
    token = request.cookies.get(LOGIN_COOKIE) or new_token()
    return _login_page(request, lang, token, safe_next(request.query_params.get("next")), None, 200)


@router.post("/login")
async def login(request: Request, session: SessionDep) -> Response:
    """Check the password (throttled per username and client); on success a new session and 303 to `next`.

    Every outcome is audited: `console.login`, or `console.login.failed` (wrong password, unknown user, disabled
    account), `console.login.throttled`, `console.login.refused` (no CSRF token), with the username tried."""
    form = await request.form()
    lang = lang_of(form.get("lang") or request.query_params.get("lang"))
    username, password = str(form.get("username") or "")[:64], str(form.get("password") or "")
    cookie_token = request.cookies.get(LOGIN_COOKIE)
    if not tokens_match(cookie_token, form.get(FIELD)):
        audit_login_attempt(request, session, username, "console.login.refused", {"reason": "csrf"})
        raise ConsoleError(403, EXPIRED_FORM)
    assert cookie_token is not None
    next_path = safe_next(form.get("next"))
    console = console_of(request)
    keys = (f"user:{username.lower()}", f"client:{client_of(request)}")
    wait = console.throttle.retry_after(*keys)
    if wait is not None:
        audit_login_attempt(request, session, username, "console.login.throttled", {"retry_after": wait})
        return _login_page(request, lang, cookie_token, next_path, LOCKED, 429, {"minutes": -(-wait // 60)},
                           {"Retry-After": str(wait)})  # fmt: skip
    row = find_user(session, username)
    if not await run_in_threadpool(verify_password, row["password_hash"] if row else None, password):
        console.throttle.failed(*keys)
        reason = "wrong_password" if row else "unknown_user"
        audit_login_attempt(request, session, username, "console.login.failed", {"reason": reason})
        return _login_page(request, lang, cookie_token, next_path, WRONG, 200)
    assert row is not None
    if row["disabled_at"] is not None:
        audit_login_attempt(request, session, username, "console.login.failed", {"reason": "disabled"})
        return _login_page(request, lang, cookie_token, next_path, DISABLED, 403)
    console.throttle.succeeded(keys[0])
    return _signed_in(request, session, row, password, next_path, lang)


def _signed_in(
    request: Request, session: Connection, row: RowMapping, password: str, next_path: str, lang: str
) -> Response:
    """A new session for the user (any session id from before the login ended), audited; 303 to `next`."""
    if needs_rehash(row["password_hash"]):
        store_password_hash(session, int(row["user_id"]), hash_password(password))
    old = request.cookies.get(COOKIE)
    if old:  # never keep a session id from before the login
        end_session(session, token_hash(old))
    token, _ = start_session(session, int(row["user_id"]), console_of(request).idle)
    user = user_of(row)
    audit_read(
        request, session, user.principal, "console.login", f"user:{user.username}", {"client": client_of(request)}
    )
    response = RedirectResponse(_with_lang(next_path, lang), status_code=303)
    response.set_cookie(COOKIE, token, path="/console", secure=_secure(request), httponly=True, samesite="lax")
    response.delete_cookie(LOGIN_COOKIE, path="/console/login")
    return response


@router.post("/logout")
async def logout(request: Request, staff: Staff, session: SessionDep) -> Response:
    """End the session (the form's CSRF token must match) and go back to the login."""
    form = await request.form()
    if not tokens_match(staff.csrf_token, form.get(FIELD)):
        raise ConsoleError(403, EXPIRED_FORM)
    end_session(session, staff.token_hash)
    audit_read(request, session, staff.user.principal, "console.logout", f"user:{staff.user.username}")
    lang = lang_of(form.get("lang"))
    response = RedirectResponse(_with_lang("/console/login", lang), status_code=303)
    response.delete_cookie(COOKIE, path="/console", secure=_secure(request), httponly=True, samesite="lax")
    return response


@router.get("/")
async def home(request: Request, staff: Staff) -> Response:
    """Each role's first page: the queue, the firm's communities, or the admin page."""
    lang = lang_of(request.query_params.get("lang"))
    return RedirectResponse(_with_lang(START[staff.user.role], lang), status_code=303)
