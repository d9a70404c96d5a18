"""Logging in and out: the form, the cookie, CSRF, the throttle, `next`, idle expiry and disabling."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from serving.console.sessions import token_hash
from serving.console.tables import sessions, users
from serving.console.users import disable_user, reset_password
from serving.db import now_local, open_engine

from .conftest import PASSWORD, ROUTES, console_routes, csrf_of, log_in


def _login_form(client: TestClient) -> str:
    client.cookies.clear()
    return csrf_of(client.get("/console/login").text)


def _post_login(client: TestClient, username: str, password: str, **extra: str):
    data = {"username": username, "password": password, "csrf_token": _login_form(client), **extra}
    return client.post("/console/login", data=data, follow_redirects=False)


def _engine(home):
    return open_engine(f"sqlite:///{home / 'store.db'}")


def test_the_login_form_has_username_password_and_a_hidden_csrf_field(app_client):
    page = app_client.get("/console/login")
    assert page.status_code == 200
    assert 'name="username"' in page.text
    assert 'type="password" id="password" name="password"' in page.text
    assert '<input type="hidden" name="csrf_token"' in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'none'")
    assert "script" not in page.text.lower()


def test_success_sets_a_session_cookie_and_goes_to_the_console(app_client, console_home):
    response = _post_login(app_client, "mediator", PASSWORD)
    assert response.status_code == 303
    assert response.headers["location"] == "/console/"
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("dr_console="))
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Path=/console" in cookie
    assert "Secure" not in cookie  # plain http here
    token = response.cookies["dr_console"]
    with _engine(console_home).connect() as connection:
        stored = connection.execute(select(sessions.c.token_hash)).scalars().all()
    assert stored == [token_hash(token)]  # only the hash is kept
    assert token not in stored


def test_the_cookie_is_secure_over_tls(console_home):
    from serving.app import create_app

    with TestClient(create_app(), base_url="https://testserver") as client:
        response = _post_login(client, "mediator", PASSWORD)
    assert response.status_code == 303
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("dr_console="))
    assert "Secure" in cookie


def test_a_wrong_password_shows_an_error_and_sets_no_session(app_client):
    response = _post_login(app_client, "mediator", "wrong password!")
    assert response.status_code == 200
    assert 'id="login-error"' in response.text
    assert "用户名或密码错误" in response.text
    assert "dr_console" not in response.cookies


def test_an_unknown_user_reads_like_a_wrong_password(app_client):
    wrong = _post_login(app_client, "mediator", "wrong password!")
    unknown = _post_login(app_client, "nobody", "wrong password!")
    assert unknown.status_code == wrong.status_code
    assert unknown.text.replace(csrf_of(unknown.text), "") == wrong.text.replace(csrf_of(wrong.text), "")


def test_five_wrong_passwords_for_a_username_answer_429_even_for_the_right_one(app_client):
    for _ in range(5):
        assert _post_login(app_client, "mediator", "wrong password!").status_code == 200
    locked = _post_login(app_client, "mediator", PASSWORD)
    assert locked.status_code == 429
    assert 1 <= int(locked.headers["retry-after"]) <= 15 * 60
    assert "dr_console" not in locked.cookies


def test_five_wrong_passwords_from_one_client_lock_other_usernames_too(app_client):
    for name in ("a1", "a2", "a3", "a4", "a5"):
        _post_login(app_client, name, "wrong password!")
    assert _post_login(app_client, "firm1", PASSWORD).status_code == 429


def test_a_login_without_the_csrf_token_is_403(app_client):
    app_client.cookies.clear()
    app_client.get("/console/login")
    response = app_client.post("/console/login", data={"username": "mediator", "password": PASSWORD})
    assert response.status_code == 403
    forged = app_client.post("/console/login", data={"username": "mediator", "password": PASSWORD,
                                                     "csrf_token": "forged"})  # fmt: skip
    assert forged.status_code == 403


def test_a_page_without_a_session_redirects_to_the_login_with_next(app_client):
    app_client.cookies.clear()
    response = app_client.get("/console/units/U01?lang=en", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/console/login?next=%2Fconsole%2Funits%2FU01%3Flang%3Den&lang=en"


@pytest.mark.parametrize(
    ("wanted", "lands"),
    [("/console/units/U01", "/console/units/U01"), ("/console/queue?band=high", "/console/queue?band=high"),
     ("https://evil.example/console/", "/console/"), ("//evil.example/console", "/console/"),
     ("/\\evil.example", "/console/"), ("/communities/C1", "/console/"), ("/console/login", "/console/")],
)  # fmt: skip
def test_only_console_paths_of_this_site_are_honoured_as_next(app_client, wanted, lands):
    response = _post_login(app_client, "mediator", PASSWORD, next=wanted)
    assert response.status_code == 303
    assert response.headers["location"] == lands


def test_logout_needs_the_csrf_token_and_ends_the_session(app_client):
    login = log_in(app_client, "mediator")
    refused = app_client.post("/console/logout", headers=login.headers, follow_redirects=False)
    assert refused.status_code == 403
    assert app_client.get("/console/queue", headers=login.headers).status_code == 200
    out = app_client.post("/console/logout", data={"csrf_token": login.csrf}, headers=login.headers,
                          follow_redirects=False)  # fmt: skip
    assert out.status_code == 303
    assert out.headers["location"] == "/console/login"
    after = app_client.get("/console/queue", headers=login.headers, follow_redirects=False)
    assert after.status_code == 303
    assert after.headers["location"].startswith("/console/login")


def test_an_idle_session_expires(app_client, console_home):
    login = log_in(app_client, "mediator")
    with _engine(console_home).begin() as connection:
        seen = connection.execute(select(sessions.c.last_seen_at)).scalar_one()
        connection.execute(update(sessions).values(last_seen_at=seen - timedelta(minutes=31)))
    response = app_client.get("/console/queue", headers=login.headers, follow_redirects=False)
    assert response.status_code == 303
    with _engine(console_home).connect() as connection:
        assert connection.execute(select(sessions)).first() is None  # and the row is gone


def test_a_session_in_use_stays_alive(app_client, console_home):
    login = log_in(app_client, "mediator")
    with _engine(console_home).begin() as connection:
        seen = connection.execute(select(sessions.c.last_seen_at)).scalar_one()
        connection.execute(update(sessions).values(last_seen_at=seen - timedelta(minutes=29)))
    assert app_client.get("/console/queue", headers=login.headers).status_code == 200
    with _engine(console_home).connect() as connection:
        assert connection.execute(select(sessions.c.last_seen_at)).scalar_one() > seen - timedelta(minutes=1)


def test_the_idle_limit_comes_from_the_settings(console_home, monkeypatch):
    from serving.app import create_app

    monkeypatch.setenv("DISPUTES_CONSOLE_IDLE_MINUTES", "5")
    with TestClient(create_app()) as client:
        login = log_in(client, "mediator")
        with _engine(console_home).begin() as connection:
            seen = connection.execute(select(sessions.c.last_seen_at)).scalar_one()
            connection.execute(update(sessions).values(last_seen_at=seen - timedelta(minutes=6)))
        assert client.get("/console/queue", headers=login.headers, follow_redirects=False).status_code == 303


@pytest.mark.parametrize("change", ["disable", "reset"])
def test_disabling_a_user_or_resetting_the_password_ends_their_sessions_at_once(app_client, console_home, change):
    login = log_in(app_client, "mediator")
    with _engine(console_home).begin() as connection:
        if change == "disable":
            assert disable_user(connection, "mediator") == 1
        else:
            assert reset_password(connection, "mediator", "a brand new password") == 1
    response = app_client.get("/console/queue", headers=login.headers, follow_redirects=False)
    assert response.status_code == 303
    if change == "disable":
        assert _post_login(app_client, "mediator", PASSWORD).status_code == 403  # told only with the right password
    else:
        assert _post_login(app_client, "mediator", "a brand new password").status_code == 303


def test_a_disabled_users_session_is_refused_even_if_its_row_survived(app_client, console_home):
    login = log_in(app_client, "mediator")
    with _engine(console_home).begin() as connection:  # disabled behind the commands' back: the row stays
        connection.execute(update(users).where(users.c.username == "mediator").values(disabled_at=now_local()))
    assert app_client.get("/console/queue", headers=login.headers, follow_redirects=False).status_code == 303


def test_logging_in_again_replaces_the_old_session(app_client, console_home):
    first = log_in(app_client, "mediator")
    app_client.cookies.clear()
    form = csrf_of(app_client.get("/console/login", headers=first.headers).text)
    response = app_client.post(
        "/console/login", data={"username": "mediator", "password": PASSWORD, "csrf_token": form},
        headers={"Cookie": f"{first.headers['Cookie']}; dr_console_login={form}"}, follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 303
    assert app_client.get("/console/queue", headers=first.headers, follow_redirects=False).status_code == 303


POSTS = [path for method, _, path in ROUTES if method == "post"]  # every state-changing route of the app


def test_every_state_changing_route_is_a_post_in_the_list(app_client):
    changing = {template for method, template in console_routes(app_client.app) if method not in ("GET", "HEAD")}
    assert changing - {"/console/login"} == {template for method, template, _ in ROUTES if method == "post"}
    assert len(POSTS) == 6


@pytest.mark.parametrize("path", POSTS)
@pytest.mark.parametrize("token", [None, "", "not-the-sessions-token"])
def test_every_form_post_without_the_sessions_csrf_token_is_403(app_client, path, token):
    admin = log_in(app_client, "admin")
    data = {"status": "contacted", "table": "units"} | ({} if token is None else {"csrf_token": token})
    response = app_client.post(path, data=data, headers=admin.headers, follow_redirects=False)
    assert response.status_code == 403
    assert app_client.get("/console/admin", headers=admin.headers).status_code == 200  # still signed in


@pytest.mark.parametrize(
    ("username", "path"),
    [("admin", "/console/admin"), ("admin", "/console/upload"), ("admin", "/console/units/U01"),
     ("mediator", "/console/queue"), ("firm1", "/console/communities/C1")],
)  # fmt: skip
def test_every_form_that_posts_carries_the_sessions_csrf_token(app_client, username, path):
    login = log_in(app_client, username)
    page = app_client.get(path, headers=login.headers).text
    forms = re.findall(r'<form method="post".*?</form>', page, re.S)
    assert forms  # the logout form at least
    for form in forms:
        assert f'name="csrf_token" value="{login.csrf}"' in form, form[:120]
    assert page.count("<form") == len(forms) + page.count('<form class="filters" method="get"')
