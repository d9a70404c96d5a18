"""The console's audit trail: every login outcome, logout, refused view and forbidden action, on the API's chain.

Rows are read back from the store's `audit_log`; the chain is verified as `disputes audit verify` does.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from serving.audit_reading import verify_chain
from serving.console.users import disable_user
from serving.db import audit_log, open_engine

from .conftest import PASSWORD, ROUTES, csrf_of, log_in

WRONG = "not-the-password-x7"


def _rows(home) -> list[dict[str, object]]:
    engine = open_engine(f"sqlite:///{home / 'store.db'}")
    with engine.connect() as connection:
        found = connection.execute(select(audit_log).order_by(audit_log.c.audit_id)).mappings().all()
        check = verify_chain(connection)
    engine.dispose()
    assert check.intact, check
    return [{**row, "details": json.loads(row["details"])} for row in found]


def _console_rows(home, prefix: str = "console.") -> list[dict[str, object]]:
    return [row for row in _rows(home) if str(row["action"]).startswith(prefix)]


def _post_login(client, username: str, password: str):
    client.cookies.clear()
    token = csrf_of(client.get("/console/login").text)
    data = {"username": username, "password": password, "csrf_token": token}
    return client.post("/console/login", data=data, follow_redirects=False)


def test_a_login_is_audited_with_the_user_and_the_client(app_client, console_home):
    assert _post_login(app_client, "mediator", PASSWORD).status_code == 303
    (row,) = _console_rows(console_home)
    assert (row["action"], row["resource"], row["key_id"], row["key_name"], row["role"]) == (
        "console.login", "user:mediator", "console:mediator", "mediator", "mediator",
    )  # fmt: skip
    assert row["details"] == {"client": "testclient"}


@pytest.mark.parametrize(("username", "reason"), [("mediator", "wrong_password"), ("nobody", "unknown_user")])
def test_a_failed_login_is_audited_with_the_username_tried_never_the_password(
    app_client, console_home, username, reason
):
    assert _post_login(app_client, username, WRONG).status_code == 200
    (row,) = _console_rows(console_home)
    assert (row["action"], row["resource"], row["key_id"], row["role"]) == (
        "console.login.failed", f"user:{username}", f"console:{username}", "anonymous",
    )  # fmt: skip
    assert row["details"] == {"reason": reason, "client": "testclient"}
    assert all(WRONG not in json.dumps(r, default=str) for r in _rows(console_home))


def test_a_disabled_users_login_is_audited_as_failed(app_client, console_home):
    engine = open_engine(f"sqlite:///{console_home / 'store.db'}")
    with engine.begin() as connection:
        disable_user(connection, "firm2")
    engine.dispose()
    assert _post_login(app_client, "firm2", PASSWORD).status_code == 403
    (row,) = _console_rows(console_home)
    assert (row["action"], row["details"]["reason"], row["role"]) == ("console.login.failed", "disabled", "anonymous")


def test_throttled_logins_are_audited_and_never_hold_a_password(app_client, console_home):
    for _ in range(5):
        _post_login(app_client, "district", WRONG)
    assert _post_login(app_client, "district", PASSWORD).status_code == 429
    actions = [row["action"] for row in _console_rows(console_home)]
    assert actions == ["console.login.failed"] * 5 + ["console.login.throttled"]
    throttled = _console_rows(console_home)[-1]
    assert throttled["resource"] == "user:district"
    assert 1 <= throttled["details"]["retry_after"] <= 15 * 60
    text = json.dumps(_rows(console_home), default=str)
    assert WRONG not in text
    assert PASSWORD not in text


def test_a_login_without_the_csrf_token_is_audited_as_refused(app_client, console_home):
    app_client.cookies.clear()
    response = app_client.post("/console/login", data={"username": "admin", "password": PASSWORD})
    assert response.status_code == 403
    (row,) = _console_rows(console_home)
    assert (row["action"], row["resource"], row["details"]["reason"]) == ("console.login.refused", "user:admin", "csrf")


def test_logout_is_audited(app_client, console_home):
    login = log_in(app_client, "firm1")
    app_client.post("/console/logout", data={"csrf_token": login.csrf}, headers=login.headers)
    assert [row["action"] for row in _console_rows(console_home, "console.log")] == ["console.login", "console.logout"]
    assert _console_rows(console_home)[-1]["key_id"] == "console:firm1"


def test_console_and_api_rows_share_one_unbroken_chain(app_client, console_home, auth):
    _post_login(app_client, "mediator", WRONG)
    app_client.get("/v1/queue", headers=auth["mediator"])
    login = log_in(app_client, "mediator")
    app_client.get("/console/units/U01", headers=login.headers)
    app_client.get("/v1/units/U01/risk", headers=auth["mediator"])
    actions = [row["action"] for row in _rows(console_home)][-6:]  # _rows verifies the chain
    assert actions == [
        "console.login.failed", "queue.read", "console.login", "console.queue.read", "console.unit.read",
        "unit_risk.read",
    ]  # fmt: skip


@pytest.mark.parametrize(("path", "action"), [("/console/units/{}", "console.unit.denied"),
                                               ("/console/communities/{}", "console.community.denied")])  # fmt: skip
def test_a_refused_view_is_audited_as_the_api_audits_it(app_client, console_home, path, action):
    firm = log_in(app_client, "firm1")
    foreign, unknown = ("U09", "NOPE9") if "units" in path else ("C3", "NOPE9")
    assert app_client.get(path.format(foreign), headers=firm.headers).status_code == 404
    assert app_client.get(path.format(unknown), headers=firm.headers).status_code == 404
    denied = [row for row in _console_rows(console_home) if row["action"] == action]
    assert [(row["resource"].split(":")[1], row["details"]["reason"], row["key_id"]) for row in denied] == [
        (foreign, "out_of_scope", "console:firm1"), (unknown, "unknown", "console:firm1"),
    ]  # fmt: skip


def test_a_forbidden_action_is_audited(app_client, console_home):
    firm = log_in(app_client, "firm1")
    form = {"status": "contacted", "csrf_token": firm.csrf}
    assert app_client.post("/console/units/U01/outreach", data=form, headers=firm.headers).status_code == 403
    mediator = log_in(app_client, "mediator")
    assert app_client.get("/console/admin", headers=mediator.headers).status_code == 403
    forbidden = [row for row in _console_rows(console_home) if row["action"] == "console.access.forbidden"]
    assert [(row["key_id"], row["resource"], row["details"]["allowed"]) for row in forbidden] == [
        ("console:firm1", "POST /console/units/U01/outreach", "mediator, admin"),
        ("console:mediator", "GET /console/admin", "admin"),
    ]


VIEWS = {
    "/console/queue": ("console.queue.read", "queue"),
    "/console/queue.csv": ("console.queue.export", "queue"),
    "/console/units/{unit_id}": ("console.unit.read", "unit:U01"),
    "/console/communities": ("console.communities.read", "communities"),
    "/console/communities/{community_id}": ("console.community.read", "community:C1"),
    "/console/admin": ("console.admin.read", "admin"),
    "/console/admin/monitoring/report": ("console.monitoring.report", "monitoring"),
}
SHOWS_NO_DATA = {"/console/", "/console/upload"}  # a redirect, and the upload form


def test_every_page_that_shows_data_is_audited(app_client, console_home):
    gets = {template: path for method, template, path in ROUTES if method == "get"}
    assert set(gets) == set(VIEWS) | SHOWS_NO_DATA  # a new page must be sorted into one or the other
    folder = console_home / "reports" / "20240601T000000"
    folder.mkdir(parents=True)
    summary = {"verdict": "ok", "drift_share": 0.0, "drifted_features": [], "prediction_drift": False}
    (folder / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    (folder / "drift.html").write_text("<html></html>", encoding="utf-8")
    admin = log_in(app_client, "admin")
    for template, path in gets.items():
        before = len(_rows(console_home))
        assert app_client.get(path, headers=admin.headers, follow_redirects=False).status_code in (200, 303)
        added = [(row["action"], row["resource"], row["key_id"]) for row in _rows(console_home)[before:]]
        assert added == ([(*VIEWS[template], "console:admin")] if template in VIEWS else []), template
