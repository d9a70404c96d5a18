"""GET /v1/units/{id}/levers and /v1/communities/{id}/levers: scoped like risk reads, audited, real model output."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import create_engine, select

from serving.db import audit_log


@pytest.fixture(scope="module")
def api(shared_client):
    return shared_client


def test_a_units_levers_are_what_applies_to_it_largest_drop_first(api, auth):
    body = api.get("/v1/units/U01/levers", headers=auth["mediator"]).json()
    assert body["unit_id"] == "U01"
    assert body["community_id"] == "C1"
    risk = api.get("/v1/units/U01/risk", headers=auth["mediator"]).json()
    assert body["probability"] == pytest.approx(risk["probability"], abs=1e-9)
    codes = [lever["lever"] for lever in body["levers"]]
    assert set(codes) == {"settle_arrears", "resolve_open_complaints"}  # U01: 6 unpaid bills, 2 open complaints
    afters = [lever["probability_after"] for lever in body["levers"]]
    assert afters == sorted(afters)
    assert all(after <= body["probability"] for after in afters)
    settle = body["levers"][codes.index("settle_arrears")]
    assert settle["label_en"] == "a payment plan for the 6 unpaid bill(s) (¥1,860)"
    assert settle["label_zh"] == "为 6 笔欠费（¥1,860）制定缴费计划"
    assert {c["feature"]: (c["before"], c["after"]) for c in settle["changes"]} == {
        "arrears_unpaid_bills": (6.0, 0.0), "arrears_overdue_cny": (1860.0, 0.0),
    }  # fmt: skip


def test_a_unit_with_nothing_to_fix_gets_no_levers(api, auth, serving_world):
    frame = serving_world.features[max(serving_world.features)]
    calm = frame[(frame["arrears_unpaid_bills"] == 0) & (frame["complaints_unit_open"] == 0)]["unit_id"]
    assert len(calm), "the test world should hold a unit with no arrears and no open complaint"
    body = api.get(f"/v1/units/{calm.iloc[0]}/levers", headers=auth["admin"]).json()
    assert body["levers"] == []


def test_out_of_scope_reads_exactly_like_unknown(api, auth):
    outside = api.get("/v1/units/U01/levers", headers=auth["firm2"])  # U01 is in C1, run by F1
    unknown = api.get("/v1/units/U99/levers", headers=auth["firm2"])
    assert outside.status_code == unknown.status_code == 404
    assert outside.json()["error"]["message"].replace("U01", "X") == unknown.json()["error"]["message"].replace(
        "U99", "X"
    )
    assert api.get("/v1/communities/C1/levers", headers=auth["firm2"]).status_code == 404
    assert api.get("/v1/units/U01/levers").status_code == 401


def test_community_levers_sum_the_units(api, auth):
    body = api.get("/v1/communities/C1/levers", headers=auth["firm1"]).json()
    rollup = api.get("/v1/communities/C1/risk", headers=auth["firm1"]).json()
    assert body["expected_disputes"] == pytest.approx(rollup["expected_disputes"], rel=1e-9)
    afters = [lever["expected_disputes_after"] for lever in body["levers"]]
    assert afters == sorted(afters)
    assert all(after <= body["expected_disputes"] + 1e-12 for after in afters)
    settle = next(lever for lever in body["levers"] if lever["lever"] == "settle_arrears")
    assert 1 <= settle["units_affected"] <= 4


def test_lever_reads_are_audited(client, auth, home):
    client.get("/v1/units/U01/levers", headers=auth["mediator"])
    client.get("/v1/communities/C1/levers", headers=auth["mediator"])
    engine = create_engine(f"sqlite:///{home / 'store.db'}")
    with engine.connect() as connection:
        rows = connection.execute(select(audit_log.c.action, audit_log.c.resource, audit_log.c.key_name)).all()
    engine.dispose()
    assert ("unit_levers.read", "unit:U01", "mediator") in rows
    assert ("community_levers.read", "community:C1", "mediator") in rows


def test_the_queue_and_its_csv_show_the_top_lever(api, auth):
    items = api.get("/v1/queue?limit=3", headers=auth["admin"]).json()["items"]
    top = items[0]
    assert top["unit_id"] == "U01"
    levers = api.get("/v1/units/U01/levers", headers=auth["admin"]).json()["levers"]
    assert top["top_lever"]["lever"] == levers[0]["lever"]
    assert top["top_lever"]["probability_after"] == pytest.approx(levers[0]["probability_after"], abs=1e-9)
    text = api.get("/v1/queue?limit=3&format=csv", headers=auth["admin"]).content.decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["top_lever_en"] == top["top_lever"]["label_en"]
    assert float(row["probability_after_lever"]) == pytest.approx(top["top_lever"]["probability_after"], abs=1e-6)
