"""Firm pages (communities, trends, levers, uploads with their report) and admin pages (users, keys, model, reload)."""

from __future__ import annotations

import json
import re

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from serving.console.tables import sessions, users
from serving.db import open_engine, store_table

from .conftest import log_in

BILLS_HEADER = "bill_id,unit_id,period,amount_due_cny,due_date,paid_at,amount_paid_cny\n"


def _engine(home):
    return open_engine(f"sqlite:///{home / 'store.db'}")


def _bills(home) -> int:
    with _engine(home).connect() as connection:
        return int(connection.execute(select(func.count()).select_from(store_table("fee_bills"))).scalar_one())


def _upload(client, login, table: str, body: str):
    files = {"file": (f"{table}.csv", body.encode(), "text/csv")}
    return client.post("/console/upload", data={"table": table, "csrf_token": login.csrf}, files=files,
                       headers=login.headers)  # fmt: skip


def test_a_firm_sees_its_communities_ranked_by_expected_disputes(app_client, auth):
    firm = log_in(app_client, "firm1")
    page = app_client.get("/console/communities?lang=en", headers=firm.headers).text
    listed = re.findall(r'data-community="([^"]+)"', page)
    expected = {c: app_client.get(f"/v1/communities/{c}/risk", headers=auth["firm1"]).json()["expected_disputes"]
                for c in ("C1", "C2")}  # fmt: skip
    assert listed == sorted(expected, key=expected.get, reverse=True)
    assert page.count('<svg class="spark small"') == 2  # a trend per community
    for community in ("C1", "C2"):
        row = re.search(rf'<tr data-community="{community}">.*?</tr>', page, re.S).group(0)
        drivers = app_client.get(f"/v1/communities/{community}/risk", headers=auth["firm1"]).json()["top_drivers"]
        assert all(str(escape(driver["en"])) in row for driver in drivers[:2])
        levers = app_client.get(f"/v1/communities/{community}/levers", headers=auth["firm1"]).json()["levers"]
        best = re.search(r'data-label="Best lever">([^<:]*)', row).group(1)
        assert best == (str(escape(levers[0]["label_en"])) if levers else "")
    assert "金湖山庄" not in page  # F2's community


def test_the_community_page_shows_the_apis_rollup_levers_and_trend(app_client, auth):
    firm = log_in(app_client, "firm1")
    risk = app_client.get("/v1/communities/C1/risk", headers=auth["firm1"]).json()
    levers = app_client.get("/v1/communities/C1/levers", headers=auth["firm1"]).json()
    page = app_client.get("/console/communities/C1?lang=en", headers=firm.headers).text
    assert f'id="expected-disputes">{risk["expected_disputes"]:.1f}<' in page
    trend = re.search(r'<table id="trend">.*?</table>', page, re.S).group(0)
    assert trend.count("<tr><td>") == 2
    bands = re.search(r'<table id="bands">.*?</table>', page, re.S).group(0)
    counts = [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', bands)]
    assert counts == [risk["bands"][band] for band in ("critical", "high", "medium", "low")]
    drivers = re.search(r'<section class="card" id="drivers".*?</section>', page, re.S).group(0)
    assert risk["top_drivers"]
    assert all(str(escape(driver["en"])) in drivers for driver in risk["top_drivers"])
    shown = re.findall(r"<tr><td>([^<]+)</td>", re.search(r'<table id="community-levers">.*?</table>', page, re.S)[0])
    assert shown == [str(escape(lever["label_en"])) for lever in levers["levers"]]  # every lever, in the API's order
    assert shown
    assert 'href="/communities/C1?lang=en"' in page


def test_a_valid_upload_is_written(app_client, console_home):
    firm = log_in(app_client, "firm1")
    response = _upload(app_client, firm, "fee_bills", BILLS_HEADER + "B1,U01,2024-05,220.5,2024-05-31,,\n")
    assert response.status_code == 200, response.text
    assert 'id="upload-result"' in response.text
    assert _bills(console_home) == 1


def test_a_broken_upload_shows_the_report_as_a_table_and_writes_nothing(app_client, console_home):
    firm = log_in(app_client, "firm1")
    body = BILLS_HEADER + "B1,U01,2024-05,220.5,2024-05-31,,\nB2,U02,2024-05,-3,2024-05-31,,\n"
    response = _upload(app_client, firm, "fee_bills", body)
    assert response.status_code == 422
    report = re.search(r'<table id="report">.*?</table>', response.text, re.S).group(0)
    headers = re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', report)
    assert headers == ["数据表", "行", "列", "数值", "规则", "问题"]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", report)
    assert cells[:4] == ["fee_bills", "2", "amount_due_cny", "-3"]
    assert cells[4].startswith("<code>range</code>")
    assert _bills(console_home) == 0


def test_a_firm_uploading_another_firms_rows_is_refused_and_nothing_written(app_client, console_home):
    firm = log_in(app_client, "firm1")
    response = _upload(app_client, firm, "fee_bills", BILLS_HEADER + "B9,U09,2024-05,220.5,2024-05-31,,\n")
    assert response.status_code == 403
    assert 'id="upload-problem"' in response.text
    assert _bills(console_home) == 0


@pytest.mark.parametrize(("table", "body"), [("nope", "a,b\n"), ("fee_bills", None)])
def test_an_upload_without_a_table_or_a_file_says_what_is_missing(app_client, table, body):
    firm = log_in(app_client, "firm1")
    files = {"file": ("x.csv", body.encode(), "text/csv")} if body else None
    response = app_client.post("/console/upload", data={"table": table, "csrf_token": firm.csrf}, files=files,
                               headers=firm.headers)  # fmt: skip
    assert response.status_code == 400
    assert 'id="upload-problem"' in response.text


def test_the_admin_page_lists_users_keys_and_the_serving_model(app_client, auth):
    admin = log_in(app_client, "admin")
    page = app_client.get("/console/admin?lang=en", headers=admin.headers).text
    assert set(re.findall(r'data-user="([^"]+)"', page)) == {"admin", "mediator", "district", "firm1", "firm2"}
    key_ids = re.findall(r"<th scope=\"row\"><code>([0-9a-f]{12})</code>", page)
    assert len(key_ids) == len(auth)
    model = app_client.get("/v1/model", headers=auth["admin"]).json()
    assert f"{model['name']} v{model['version']}" in page
    assert "pr_auc" in re.search(r'<table id="gate">.*?</table>', page, re.S).group(0)
    assert "No monitoring report yet" in page


def test_an_admin_disables_a_user_and_their_session_ends(app_client, console_home):
    admin, firm = log_in(app_client, "admin"), log_in(app_client, "firm2")
    response = app_client.post("/console/admin/users/firm2/disable", data={"csrf_token": admin.csrf},
                               headers=admin.headers, follow_redirects=False)  # fmt: skip
    assert response.status_code == 303
    assert app_client.get("/console/communities", headers=firm.headers, follow_redirects=False).status_code == 303
    with _engine(console_home).connect() as connection:
        disabled = connection.execute(select(users.c.disabled_at).where(users.c.username == "firm2")).scalar()
        left = connection.execute(select(func.count()).select_from(sessions)).scalar_one()
    assert disabled is not None
    assert left == 1  # the admin's own


def test_an_admin_cannot_disable_themselves_or_post_without_the_token(app_client):
    admin = log_in(app_client, "admin")
    yourself = app_client.post("/console/admin/users/admin/disable", data={"csrf_token": admin.csrf},
                               headers=admin.headers)  # fmt: skip
    assert yourself.status_code == 400
    assert app_client.post("/console/admin/users/firm2/disable", headers=admin.headers).status_code == 403
    assert app_client.post("/console/admin/reload", headers=admin.headers).status_code == 403


def test_reload_through_the_form_says_which_version_serves(app_client):
    admin = log_in(app_client, "admin")
    response = app_client.post("/console/admin/reload", data={"csrf_token": admin.csrf, "lang": "en"},
                               headers=admin.headers, follow_redirects=False)  # fmt: skip
    assert response.status_code == 303
    page = app_client.get(response.headers["location"], headers=admin.headers).text
    assert "Serving model version 1." in page


def test_the_latest_monitoring_verdict_and_its_sandboxed_report(app_client, console_home):
    folder = console_home / "reports" / "20240601T000000"
    folder.mkdir(parents=True)
    summary = {"verdict": "warn", "drift_share": 0.25, "drifted_features": ["arrears_unpaid_bills"],
               "prediction_drift": {"score": 0.0412, "drifted": True, "trend": 0.01, "unexpected": True}}  # fmt: skip
    (folder / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    (folder / "drift.html").write_text("<html><body>drift</body></html>", encoding="utf-8")
    admin = log_in(app_client, "admin")
    page = app_client.get("/console/admin", headers=admin.headers).text
    assert re.search(r'id="verdict"><strong>警告：请查看漂移情况</strong> <code>warn</code>', page)
    assert re.search(r'id="prediction-drift">是 \(0.0412\)<', page)  # the monitor's record, not its repr
    report = app_client.get("/console/admin/monitoring/report", headers=admin.headers)
    assert report.text == "<html><body>drift</body></html>"
    assert report.headers["content-security-policy"].startswith("sandbox allow-scripts")


def test_an_admin_revokes_an_api_key_and_its_next_request_is_refused(app_client, auth):
    admin = log_in(app_client, "admin")
    assert app_client.get("/v1/queue", headers=auth["firm2"]).status_code == 200
    page = app_client.get("/console/admin", headers=admin.headers).text
    key_id = auth["firm2"]["Authorization"].split("_")[1]
    assert f'action="/console/admin/keys/{key_id}/revoke"' in page
    response = app_client.post(f"/console/admin/keys/{key_id}/revoke", data={"csrf_token": admin.csrf, "lang": "en"},
                               headers=admin.headers, follow_redirects=False)  # fmt: skip
    assert response.status_code == 303
    assert f"API key {key_id} is revoked" in app_client.get(response.headers["location"], headers=admin.headers).text
    assert app_client.get("/v1/queue", headers=auth["firm2"]).status_code == 401
    unknown = app_client.post("/console/admin/keys/nokey/revoke", data={"csrf_token": admin.csrf},
                              headers=admin.headers)  # fmt: skip
    assert unknown.status_code == 404
