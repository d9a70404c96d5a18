"""Unit and community risk: the stored scores, their change since the last run, reasons and the audit trail."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import select

from models.pyfunc import DisputeRiskPyfunc
from serving.db import audit_log, open_engine


@pytest.fixture
def pyfunc(fitted_model) -> DisputeRiskPyfunc:
    return DisputeRiskPyfunc(fitted_model, 90)


@pytest.fixture
def runs(serving_world) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The previous and the latest run's feature rows."""
    previous, latest = sorted(serving_world.features)
    return serving_world.features[previous], serving_world.features[latest]


def _audit_rows(home) -> list[dict]:
    engine = open_engine(f"sqlite:///{home / 'store.db'}")
    with engine.connect() as connection:
        rows = [dict(row) for row in connection.execute(select(audit_log)).mappings()]
    engine.dispose()
    return rows


def test_unit_risk_is_the_latest_score_with_its_change(client, auth, pyfunc, runs):
    previous, latest = runs
    names = list(pyfunc.feature_names)
    for i, unit in enumerate(latest["unit_id"]):
        body = client.get(f"/v1/units/{unit}/risk", headers=auth["admin"]).json()
        now = pyfunc.score(latest.iloc[[i]][names]).iloc[0]
        before = pyfunc.score(previous.iloc[[i]][names]).iloc[0]
        assert body["probability"] == pytest.approx(now["probability"])
        assert body["band"] == now["band"]
        assert body["as_of"] == str(latest["as_of"].iloc[0].date())
        assert body["change"]["previous_probability"] == pytest.approx(before["probability"])
        assert body["change"]["previous_as_of"] == str(previous["as_of"].iloc[0].date())
        assert body["change"]["delta"] == pytest.approx(now["probability"] - before["probability"])


def test_reasons_agree_with_the_model_contributions(client, auth, pyfunc, runs):
    _, latest = runs
    matrix = pyfunc.model.spec.matrix(latest)
    contributions = pyfunc.model.family_contributions(matrix)
    for i, unit in enumerate(latest["unit_id"]):
        reasons = client.get(f"/v1/units/{unit}/risk", headers=auth["admin"]).json()["reasons"]
        row = contributions.iloc[i]
        expected = row[row > 0].sort_values(ascending=False, kind="stable").head(3)
        assert [r["family"] for r in reasons] == list(expected.index)
        assert [r["contribution"] for r in reasons] == pytest.approx(list(expected.to_numpy()), abs=1e-4)
        assert all(r["zh"] and r["en"] for r in reasons)
    top = client.get("/v1/units/U01/risk", headers=auth["admin"]).json()["reasons"][0]
    assert (top["family"], top["en"]) == ("arrears", "6 unpaid bills, ¥1,860 overdue")
    assert top["zh"] == "6 笔物业费未缴，欠费 ¥1,860"


def test_every_unit_read_is_audited_with_who_and_what(client, auth, home):
    client.get("/v1/units/U02/risk", headers=auth["firm1"])
    client.get("/v1/units/U09/risk", headers=auth["firm1"])  # foreign: a 404, audited as a denied read
    client.get("/v1/queue?limit=2", headers=auth["mediator"])
    rows = _audit_rows(home)
    reads = [(r["key_name"], r["role"], r["action"], r["resource"]) for r in rows]
    assert reads[:3] == [
        ("firm1", "firm", "unit_risk.read", "unit:U02"),
        ("firm1", "firm", "unit_risk.denied", "unit:U09"),
        ("mediator", "mediator", "queue.read", "queue"),
    ]
    assert '"reason": "out_of_scope"' in rows[1]["details"]
    assert '"units": ["U01", ' in rows[2]["details"]
    assert all(r["at"] is not None and r["key_id"] for r in rows)


def test_community_rollup_adds_up_the_unit_scores(client, auth, pyfunc, runs):
    previous, latest = runs
    body = client.get("/v1/communities/C2/risk", headers=auth["firm1"]).json()
    names = list(pyfunc.feature_names)
    mine = latest[latest["community_id"] == "C2"]
    p = pyfunc.score(mine[names])["probability"].to_numpy()
    assert body["units"] == 4
    assert body["expected_disputes"] == pytest.approx(p.sum())
    assert body["p_at_least_one"] == pytest.approx(1 - np.prod(1 - p))
    assert sum(body["bands"].values()) == 4
    assert body["name"] == "东湖花园"
    before = pyfunc.score(previous[previous["community_id"] == "C2"][names])["probability"].sum()
    assert body["previous_expected_disputes"] == pytest.approx(before)
    drivers = body["top_drivers"]
    assert 1 <= len(drivers) <= 3
    assert [d["contribution"] for d in drivers] == sorted((d["contribution"] for d in drivers), reverse=True)


def test_model_info_names_version_run_metrics_and_data_as_of(client, auth, serving_world):
    body = client.get("/v1/model", headers=auth["mediator"]).json()
    assert body["version"] == "1"
    assert body["run_id"]
    assert body["test_metrics"]["pr_auc"] == pytest.approx(0.31)
    assert body["data_as_of"] == str(max(serving_world.features).date())
    assert body["features"] == ["arrears_unpaid_bills", "arrears_overdue_cny", "complaints_unit_open",
                                "context_floor_area_m2"]  # fmt: skip
