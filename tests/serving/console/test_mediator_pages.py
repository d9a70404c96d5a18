"""The mediator's pages: the queue's filters, sorting, pagination, capacity line and CSV; the unit page; outreach."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from itertools import pairwise

import pytest
from markupsafe import escape
from sqlalchemy import insert, select

from scoring.levers import MIN_DROP
from serving.db import audit_log, open_engine, outreach, store_table

from .conftest import log_in

MEDIATORS_UNITS = [f"U{i:02d}" for i in (1, 2, 3, 4, 9, 10, 11, 12)]  # 翠竹街道: C1 (翠竹苑) and C3 (金湖山庄)


def _units(html: str) -> list[str]:
    return re.findall(r'<tr data-unit="([^"]+)"', html)


def _engine(home):
    return open_engine(f"sqlite:///{home / 'store.db'}")


@pytest.fixture
def mediator(app_client):
    return log_in(app_client, "mediator")


def _record(client, login, unit: str, status: str, **extra: str):
    data = {"status": status, "note": "上门走访", "csrf_token": login.csrf, **extra}
    return client.post(f"/console/units/{unit}/outreach", data=data, headers=login.headers, follow_redirects=False)


def test_the_queue_is_the_apis_queue_riskiest_first(app_client, mediator, auth):
    api = app_client.get("/v1/queue?limit=100", headers=auth["mediator"]).json()
    page = app_client.get("/console/queue", headers=mediator.headers)
    assert _units(page.text) == [item["unit_id"] for item in api["items"]]
    assert _units(page.text)[0] == "U01"  # the world's riskiest unit


def test_the_capacity_line_is_the_share_of_expected_disputes_held_by_the_first_k(app_client, mediator, auth):
    items = app_client.get("/v1/queue?limit=100", headers=auth["mediator"]).json()["items"]
    probabilities = [item["probability"] for item in items]
    page = app_client.get("/console/queue?capacity=3&lang=en", headers=mediator.headers).text
    line = re.search(r'id="capacity">([^<]+)<', page).group(1)
    share = sum(probabilities[:3]) / sum(probabilities)
    assert line.startswith(f"These 3 households hold {share * 100:.1f}% of the expected disputes")
    assert f"{sum(probabilities):.1f} expected" in line
    c3 = [item["probability"] for item in items if item["community_id"] == "C3"]
    page = app_client.get("/console/queue?community_id=C3&capacity=2&lang=en", headers=mediator.headers).text
    line = re.search(r'id="capacity">([^<]+)<', page).group(1)
    assert line.startswith(
        f"These 2 households hold {sum(c3[:2]) / sum(c3) * 100:.1f}% of the expected disputes of this list"
    )


def test_filters_by_band_and_subdistrict(app_client, auth):
    district = log_in(app_client, "district")
    items = app_client.get("/v1/queue?limit=100", headers=auth["district"]).json()["items"]
    band = items[0]["band"]
    page = app_client.get(f"/console/queue?band={band}&per_page=100", headers=district.headers).text
    assert _units(page) == [i["unit_id"] for i in items if i["band"] == band]
    east = app_client.get("/console/queue?subdistrict=东湖街道&per_page=100", headers=district.headers).text
    assert sorted(_units(east)) == ["U05", "U06", "U07", "U08"]  # C2, the one community of 东湖街道


def test_sorting_and_pagination(app_client, mediator):
    by_unit = _units(app_client.get("/console/queue?sort=unit&order=asc", headers=mediator.headers).text)
    assert by_unit == sorted(by_unit)
    assert len(by_unit) == 8
    second = app_client.get("/console/queue?sort=unit&order=asc&per_page=3&page=2", headers=mediator.headers).text
    assert _units(second) == by_unit[3:6]
    assert '<td class="num rank">4</td>' in second  # ranks continue across pages
    beyond = app_client.get("/console/queue?per_page=3&page=9", headers=mediator.headers).text
    assert _units(beyond) == []
    by_change = _units(app_client.get("/console/queue?sort=change", headers=mediator.headers).text)
    assert sorted(by_change) == sorted(by_unit)


def test_sorting_by_change_and_by_community_follows_the_apis_figures(app_client, mediator, auth):
    risks = {u: app_client.get(f"/v1/units/{u}/risk", headers=auth["mediator"]).json() for u in MEDIATORS_UNITS}
    deltas = {u: (r["change"] or {}).get("delta") for u, r in risks.items()}
    by_change = _units(app_client.get("/console/queue?sort=change&per_page=100", headers=mediator.headers).text)
    changes = [deltas[u] for u in by_change]
    assert None not in changes  # both runs scored every unit
    assert changes == sorted(changes, reverse=True)
    rising = _units(app_client.get("/console/queue?sort=change&order=asc&per_page=100", headers=mediator.headers).text)
    assert [deltas[u] for u in rising] == sorted(changes)
    names = app_client.get("/console/queue?sort=community&order=asc&per_page=100", headers=mediator.headers).text
    listed = [(risks[u]["community_id"], -risks[u]["probability"]) for u in _units(names)]
    community_names = {"C1": "翠竹苑", "C3": "金湖山庄"}
    assert [community_names[c] for c, _ in listed] == sorted(community_names[c] for c, _ in listed)
    assert all(a <= b for (c1, a), (c2, b) in pairwise(listed) if c1 == c2)  # riskiest first


@pytest.mark.parametrize("query", ["page=abc", "band=purple", "per_page=5000", "capacity=0", "sort=name", "order=up"])
def test_a_query_the_page_cannot_use_is_a_400_page_not_a_500(app_client, mediator, query):
    response = app_client.get(f"/console/queue?{query}", headers=mediator.headers)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")


def test_outreach_status_shows_in_the_queue_and_filters_it(app_client, mediator):
    assert _record(app_client, mediator, "U01", "contacted").status_code == 303
    contacted = app_client.get("/console/queue?status=contacted", headers=mediator.headers).text
    assert _units(contacted) == ["U01"]
    row = re.search(r'<tr data-unit="U01">.*?</tr>', contacted, re.S).group(0)
    assert "status-contacted" in row
    untouched = _units(app_client.get("/console/queue?status=none", headers=mediator.headers).text)
    assert "U01" not in untouched
    assert len(untouched) == 7


@pytest.mark.parametrize("sort", ["probability", "change", "community"])
def test_a_resolved_unit_leaves_the_queue_in_every_order(app_client, mediator, sort):
    before = _units(app_client.get(f"/console/queue?sort={sort}", headers=mediator.headers).text)  # kept orders too
    assert "U01" in before
    assert _record(app_client, mediator, "U01", "resolved").status_code == 303
    after = _units(app_client.get(f"/console/queue?sort={sort}", headers=mediator.headers).text)
    assert after == [unit for unit in before if unit != "U01"]


def test_the_csv_is_the_apis_csv_of_the_same_list(app_client, mediator, auth):
    console = app_client.get("/console/queue.csv", headers=mediator.headers)
    api = app_client.get("/v1/queue?capacity=1000&format=csv", headers=auth["mediator"])
    assert console.status_code == 200
    assert console.text == api.text
    assert "attachment" in console.headers["content-disposition"]
    filtered = app_client.get("/console/queue.csv?community_id=C3", headers=mediator.headers).text
    assert {line.split(",")[2] for line in filtered.splitlines()[1:]} == {"C3"}


def _add_visit_records(home) -> None:
    """U01 owes two bills and has an open complaint and an overdue elevator repair; U02 has records too."""
    t = datetime(2024, 6, 1)
    bills, complaints, repairs = (store_table(name) for name in ("fee_bills", "complaints", "repair_orders"))
    with _engine(home).begin() as connection:
        connection.execute(insert(bills), [
            {"bill_id": "B1", "unit_id": "U01", "period": "2024-03", "amount_due_cny": 220.5,
             "due_date": date(2024, 3, 31), "paid_at": None, "amount_paid_cny": None},
            {"bill_id": "B2", "unit_id": "U01", "period": "2024-04", "amount_due_cny": 220.5,
             "due_date": date(2024, 4, 30), "paid_at": date(2024, 7, 1), "amount_paid_cny": 220.5},
            {"bill_id": "B3", "unit_id": "U01", "period": "2024-02", "amount_due_cny": 220.5,
             "due_date": date(2024, 2, 29), "paid_at": date(2024, 3, 1), "amount_paid_cny": 220.5},
            {"bill_id": "B4", "unit_id": "U02", "period": "2024-03", "amount_due_cny": 777.77,
             "due_date": date(2024, 3, 31), "paid_at": None, "amount_paid_cny": None},
        ])  # fmt: skip
        connection.execute(insert(complaints), [
            {"complaint_id": "K1", "community_id": "C1", "unit_id": "U01", "created_at": t - timedelta(days=20),
             "category": "noise", "channel": "phone", "text": "楼上噪音", "resolved_at": None, "satisfaction": None},
            {"complaint_id": "K2", "community_id": "C1", "unit_id": "U01", "created_at": t - timedelta(days=40),
             "category": "fee", "channel": "phone", "text": "已处理", "resolved_at": t - timedelta(days=30),
             "satisfaction": 4},
        ])  # fmt: skip
        connection.execute(insert(repairs), [
            {"order_id": "R1", "community_id": "C1", "unit_id": "U01", "category": "elevator",
             "reported_at": t - timedelta(days=5), "completed_at": None, "cost_cny": None, "funded_by": None},
            {"order_id": "R2", "community_id": "C1", "unit_id": "U01", "category": "facade",
             "reported_at": t - timedelta(days=5), "completed_at": None, "cost_cny": None, "funded_by": None},
        ])  # fmt: skip


def test_the_unit_page_has_what_the_visit_needs(app_client, console_home, mediator):
    _add_visit_records(console_home)
    page = app_client.get("/console/units/U01?lang=en", headers=mediator.headers).text
    assert re.search(r'id="unpaid-count">2<', page)  # B1 unpaid; B2 paid only after the as-of date
    assert re.search(r'id="unpaid-total">¥441<', page)
    assert re.search(r'id="open-complaints">1<', page)
    assert re.search(r'id="overdue-repairs">1<', page)  # the elevator (2 days allowed), not the facade (30)
    assert "楼上噪音" in page
    assert "777.77" not in page  # another unit's bill
    complaints = re.search(r"<caption>Open complaints</caption>.*?</table>", page, re.S).group(0)
    assert re.findall(r'<td class="num">(\d+)</td>', complaints) == ["20"]  # filed 20 days before the as-of date
    repairs = re.search(r"<caption>Overdue repairs</caption>.*?</table>", page, re.S).group(0)
    assert re.findall(r'<td class="num">(\d+)</td>', repairs) == ["5", "2"]  # waiting 5 days, 2 allowed


def test_the_unit_page_shows_the_risk_its_history_reasons_and_levers(app_client, mediator, auth):
    risk = app_client.get("/v1/units/U01/risk", headers=auth["mediator"]).json()
    page = app_client.get("/console/units/U01?lang=en", headers=mediator.headers).text
    assert f'id="probability">{risk["probability"] * 100:.1f}%<' in page
    history = re.search(r'<table id="history">.*?</table>', page, re.S).group(0)
    assert history.count("<tr><td>") == 2  # both scoring runs
    assert f'class="badge band-{risk["band"]}"' in history.split("</tr>")[1]  # the newest run's band
    svg = re.search(r'<svg class="spark".*?</svg>', page, re.S).group(0)
    runs = re.findall(r'<tr><td>[0-9-]+</td><td class="num">[^<]+</td><td><span class="badge band-([a-z]+)"', history)
    points = re.findall(r'<circle class="point band-([a-z]+)" cx="([0-9.]+)"', svg)
    assert [band for band, _ in points] == runs[::-1]  # one point per run, oldest first, coloured by its band
    assert len(points) == 2
    assert float(points[0][1]) < float(points[1][1])
    assert all(str(escape(reason["en"])) in page for reason in risk["reasons"])
    body = app_client.get("/v1/units/U01/levers", headers=auth["mediator"]).json()
    lowers = [lever for lever in body["levers"] if lever["probability_after"] <= body["probability"] - MIN_DROP]
    shown = re.findall(r"<li>([^<:]+): ", re.search(r'<ul class="plain" id="levers">.*?</ul>', page, re.S).group(0))
    assert shown == [str(escape(lever["label_en"])) for lever in lowers[:3]]
    assert shown  # U01, the riskiest unit, has levers


def test_levers_that_would_not_lower_the_risk_are_named_apart_not_listed_as_drops(app_client, mediator, auth):
    seen_idle = 0
    for unit in MEDIATORS_UNITS:
        body = app_client.get(f"/v1/units/{unit}/levers", headers=auth["mediator"]).json()
        page = app_client.get(f"/console/units/{unit}?lang=en", headers=mediator.headers).text
        listed = re.search(r'<ul class="plain" id="levers">.*?</ul>', page, re.S)
        idle = re.search(r'<ul class="plain note" id="idle-levers">.*?</ul>', page, re.S)
        shown = re.findall(r"<li>([^<:]+): ", listed.group(0)) if listed else []
        named = re.findall(r"<li>([^<]+)</li>", idle.group(0)) if idle else []
        for lever in body["levers"]:
            label = str(escape(lever["label_en"]))
            if lever["probability_after"] <= body["probability"] - MIN_DROP:
                assert label not in named
            else:
                assert label in named
                assert label not in shown
                seen_idle += 1
        if body["levers"] and not shown:
            assert "No lever that applies to this unit would lower its risk." in page
    assert seen_idle  # the hand-made district has levers that apply to a unit but do nothing in the model


def test_recording_an_outreach_shows_it_in_the_history_and_audits_it(app_client, console_home, mediator):
    response = _record(app_client, mediator, "U03", "mediating", note="约定周六调解", date="2024-06-03")
    assert response.status_code == 303
    page = app_client.get(response.headers["location"], headers=mediator.headers).text
    history = re.search(r'<table id="outreach-history">.*?</table>', page, re.S).group(0)
    assert "约定周六调解" in history
    assert "2024-06-03" in history
    assert ">mediator<" in history
    with _engine(console_home).connect() as connection:
        rows = connection.execute(select(outreach.c.status, outreach.c.key_id)).all()
        actions = connection.execute(select(audit_log.c.action, audit_log.c.key_name)).all()
    assert rows == [("mediating", "console:mediator")]
    assert ("outreach.record", "mediator") in actions


@pytest.mark.parametrize(
    ("field", "value"), [("status", "fixed"), ("date", "2999-01-01"), ("date", "June 3"), ("note", "x" * 4001)]
)
def test_an_outreach_the_form_cannot_keep_is_400_with_the_reason_and_nothing_written(
    app_client, console_home, mediator, field, value
):
    form = {"status": "contacted", "note": "", field: value}
    response = _record(app_client, mediator, "U01", **form)
    assert response.status_code == 400
    assert 'id="outreach-error"' in response.text
    with _engine(console_home).connect() as connection:
        assert connection.execute(select(outreach)).first() is None


def test_an_outreach_without_the_csrf_token_is_403_and_nothing_written(app_client, console_home, mediator):
    response = app_client.post("/console/units/U01/outreach", data={"status": "contacted"}, headers=mediator.headers)
    assert response.status_code == 403
    with _engine(console_home).connect() as connection:
        assert connection.execute(select(outreach)).first() is None


def test_every_view_is_audited_like_the_apis_reads(app_client, console_home, mediator):
    app_client.get("/console/queue?band=high", headers=mediator.headers)
    app_client.get("/console/units/U01", headers=mediator.headers)
    app_client.get("/console/communities/C1", headers=mediator.headers)
    app_client.get("/console/queue.csv", headers=mediator.headers)
    with _engine(console_home).connect() as connection:
        rows = connection.execute(select(audit_log.c.action, audit_log.c.resource, audit_log.c.key_name,
                                         audit_log.c.details)).all()  # fmt: skip
    seen = {(action, resource) for action, resource, name, _ in rows if name == "mediator"}
    assert {("console.queue.read", "queue"), ("console.unit.read", "unit:U01"),
            ("console.community.read", "community:C1"), ("console.queue.export", "queue")} <= seen  # fmt: skip
    export = next(json.loads(d) for action, _, _, d in rows if action == "console.queue.export")
    assert sorted(export["units"]) == [f"U{i:02d}" for i in (1, 2, 3, 4, 9, 10, 11, 12)]


def test_a_re_scored_date_counts_once_in_the_history_with_its_newest_score(app_client, console_home, mediator):
    from serving.db import now_local, score_runs, scores

    with _engine(console_home).begin() as connection:
        old = connection.execute(select(scores).where(scores.c.unit_id == "U01", scores.c.run_id == 2)).mappings().one()
        run = connection.execute(insert(score_runs).values(
            as_of=date(2024, 6, 1), model_name="dispute-risk", model_version="1", horizon_days=90, units=1,
            scored_at=now_local(),
        ).returning(score_runs.c.run_id)).scalar_one()  # fmt: skip
        connection.execute(insert(scores).values({**old, "run_id": run, "probability": 0.5}))
    page = app_client.get("/console/units/U01", headers=mediator.headers).text
    history = re.search(r'<table id="history">.*?</table>', page, re.S).group(0)
    cells = re.findall(r'<tr><td>([0-9-]+)</td><td class="num">([0-9.]+)%', history)
    assert [day for day, _ in cells] == ["2024-06-01", "2024-05-01"]  # newest first, each date once
    assert cells[0][1] == "50.0"  # the re-scored date shows its newest run


@pytest.mark.parametrize("sort", ["probability", "change"])
def test_an_upload_that_moves_a_community_changes_the_queue_at_once(app_client, mediator, sort):
    before = _units(app_client.get(f"/console/queue?sort={sort}", headers=mediator.headers).text)
    assert {"U09", "U10", "U11", "U12"} <= set(before)  # C3 is in 翠竹街道
    admin = log_in(app_client, "admin")
    row = "C3,金湖山庄,罗湖区,东湖街道,F2,2001,2.5,true\n"
    body = "community_id,name,district,subdistrict,firm_id,built_year,fee_rate_cny_m2,has_owners_committee\n" + row
    files = {"file": ("communities.csv", body.encode(), "text/csv")}
    moved = app_client.post("/console/upload", data={"table": "communities", "csrf_token": admin.csrf}, files=files,
                            headers=admin.headers)  # fmt: skip
    assert moved.status_code == 200, moved.text
    after = app_client.get(f"/console/queue?sort={sort}", headers=mediator.headers).text
    assert _units(after) == [unit for unit in before if unit not in {"U09", "U10", "U11", "U12"}]
    assert "共 4 户符合条件" in after
