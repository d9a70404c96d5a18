"""The outreach queue: ranking, filters, paging, CSV export, and units dropping out once closed."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from sqlalchemy import select

from models.pyfunc import DisputeRiskPyfunc
from scoring.batch import BatchScores, score_units
from scoring.rollups import community_rollups
from scoring.writing import ScoredBy, write_run
from serving.db import open_engine, outreach


def _queue(client, headers, query: str = "limit=100") -> dict:
    response = client.get(f"/v1/queue?{query}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_queue_is_ranked_riskiest_first_with_ranks_and_reasons(client, auth):
    items = _queue(client, auth["admin"])["items"]
    assert [i["rank"] for i in items] == list(range(1, 13))
    probabilities = [i["probability"] for i in items]
    assert probabilities == sorted(probabilities, reverse=True)
    assert items[0]["unit_id"] == "U01"  # the world gives U01 the most arrears and open complaints
    assert items[0]["reasons"][0]["family"] == "arrears"


def test_filters_and_paging(client, auth):
    everything = _queue(client, auth["admin"])["items"]
    by_subdistrict = _queue(client, auth["admin"], "subdistrict=东湖街道")
    assert {i["community_id"] for i in by_subdistrict["items"]} == {"C2"}
    critical = _queue(client, auth["admin"], "band=critical")
    assert critical["total"] == sum(i["band"] == "critical" for i in everything)
    page = _queue(client, auth["admin"], "limit=3&offset=3")
    assert [i["unit_id"] for i in page["items"]] == [i["unit_id"] for i in everything[3:6]]
    assert (page["total"], page["limit"], page["offset"], page["items"][0]["rank"]) == (12, 3, 3, 4)


@pytest.mark.parametrize("query", ["limit=0", "limit=1001", "offset=-1", "band=severe", "format=xml"])
def test_bad_queue_parameters_are_422_in_the_error_shape(client, auth, query):
    response = client.get(f"/v1/queue?{query}", headers=auth["admin"])
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


def test_csv_export_holds_the_same_page(client, auth):
    page = _queue(client, auth["mediator"], "limit=5")
    response = client.get("/v1/queue?limit=5&format=csv", headers=auth["mediator"])
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["unit_id"] for r in rows] == [i["unit_id"] for i in page["items"]]
    assert [r["reasons_zh"] for r in rows] == ["；".join(x["zh"] for x in i["reasons"]) for i in page["items"]]
    assert any(r["reasons_zh"].startswith("6 笔物业费未缴") for r in rows)
    assert rows[0]["subdistrict"] == "翠竹街道"


def test_outreach_is_kept_as_history_and_closed_units_drop_out(client, auth, home):
    for status in ("contacted", "mediating", "resolved"):
        response = client.post(
            "/v1/queue/U01/outreach", json={"status": status, "note": status}, headers=auth["mediator"]
        )
        assert response.status_code == 201
    client.post("/v1/queue/U12/outreach", json={"status": "declined"}, headers=auth["mediator"])
    client.post("/v1/queue/U02/outreach", json={"status": "contacted"}, headers=auth["mediator"])
    units = [i["unit_id"] for i in _queue(client, auth["admin"])["items"]]
    assert "U01" not in units
    assert "U12" not in units
    assert "U02" in units
    assert _queue(client, auth["admin"])["total"] == 10
    engine = open_engine(f"sqlite:///{home / 'store.db'}")
    with engine.connect() as connection:
        history = connection.execute(select(outreach.c.status, outreach.c.key_name).where(outreach.c.unit_id == "U01"))
        assert [tuple(row) for row in history] == [
            ("contacted", "mediator"), ("mediating", "mediator"), ("resolved", "mediator"),
        ]  # fmt: skip
    engine.dispose()


def test_a_new_scoring_run_brings_closed_units_back(client, auth, home, fitted_model, serving_world):
    client.post("/v1/queue/U01/outreach", json={"status": "resolved"}, headers=auth["admin"])
    assert "U01" not in [i["unit_id"] for i in _queue(client, auth["admin"])["items"]]
    latest = max(serving_world.features)
    frame = serving_world.features[latest].assign(as_of=latest + pd.DateOffset(months=1))
    scores = score_units(DisputeRiskPyfunc(fitted_model, 90), frame)
    engine = open_engine(f"sqlite:///{home / 'store.db'}")
    write_run(engine, BatchScores(latest + pd.DateOffset(months=1), scores, community_rollups(scores)),
              ScoredBy("dispute-risk", "1", 90))  # fmt: skip
    engine.dispose()
    body = _queue(client, auth["admin"])
    assert body["items"][0]["unit_id"] == "U01"
    assert body["as_of"] == str((latest + pd.DateOffset(months=1)).date())


def test_outreach_timestamps_are_stored_as_local_time(client, auth):
    body = {"status": "contacted", "at": "2025-03-01T02:00:00Z"}
    response = client.post("/v1/queue/U03/outreach", json=body, headers=auth["admin"])
    assert response.json()["occurred_at"] == "2025-03-01T10:00:00+08:00"


@pytest.mark.parametrize(
    "body", [{"status": "phoned"}, {}, {"status": "contacted", "extra": 1}, {"status": "contacted", "note": "x" * 4001}]
)
def test_bad_outreach_bodies_are_422(client, auth, body):
    response = client.post("/v1/queue/U01/outreach", json=body, headers=auth["admin"])
    assert response.status_code == 422
    assert response.json()["error"]["details"]["problems"]


def test_a_repeated_query_parameter_is_refused(client, auth):
    response = client.get("/v1/queue?band=high&band=critical", headers=auth["admin"])
    assert response.status_code == 422
    assert response.json()["error"]["details"]["problems"][0]["location"] == ["query", "band"]


def test_capacity_says_what_share_of_the_expected_disputes_the_top_k_hold(client, auth):
    everything = client.get("/v1/queue?limit=1000", headers=auth["mediator"]).json()
    body = client.get("/v1/queue?capacity=2", headers=auth["mediator"]).json()
    probabilities = [item["probability"] for item in everything["items"]]
    assert [item["unit_id"] for item in body["items"]] == [item["unit_id"] for item in everything["items"][:2]]
    capacity = body["capacity"]
    assert capacity["capacity"] == capacity["units"] == 2
    assert capacity["scope_expected_disputes"] == pytest.approx(sum(probabilities))
    assert capacity["expected_disputes"] == pytest.approx(sum(sorted(probabilities, reverse=True)[:2]))
    assert capacity["share"] == pytest.approx(capacity["expected_disputes"] / sum(probabilities))
    assert capacity["horizon_days"] == 90
    assert client.get("/v1/queue", headers=auth["mediator"]).json()["capacity"] is None
    text = client.get("/v1/queue?capacity=2&format=csv", headers=auth["mediator"]).content.decode("utf-8-sig")
    shares = [float(row["cumulative_share_of_expected"]) for row in csv.DictReader(io.StringIO(text))]
    assert shares[-1] == pytest.approx(capacity["share"], abs=1e-4)
    assert client.get("/v1/queue?capacity=0", headers=auth["mediator"]).status_code == 422
