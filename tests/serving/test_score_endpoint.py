"""POST /v1/score: the model's own answers, the derived schema's limits, and requests sharing one model call."""

from __future__ import annotations

import asyncio
import json

import numpy as np
import pandas as pd
import pytest

from models.pyfunc import DisputeRiskPyfunc
from serving.scoring import BatchFailedError, CoalescingScorer

NAMES = ["arrears_unpaid_bills", "arrears_overdue_cny", "complaints_unit_open", "context_floor_area_m2"]


@pytest.fixture
def pyfunc(fitted_model) -> DisputeRiskPyfunc:
    return DisputeRiskPyfunc(fitted_model, 90)


def _rows(frame: pd.DataFrame) -> list[dict]:
    return [{k: (None if pd.isna(v) else float(v)) for k, v in row.items()} for row in frame.to_dict("records")]


def test_scores_match_the_model_including_missing_values(shared_client, auth, pyfunc, rows_like):
    frame = rows_like(40, 3)[NAMES].copy()
    frame.loc[::7, "complaints_unit_open"] = np.nan
    response = shared_client.post("/v1/score", json={"rows": _rows(frame)}, headers=auth["firm1"])
    assert response.status_code == 200
    body = response.json()
    expected = pyfunc.score(frame)
    assert body["model_version"] == "1"
    assert [r["probability"] for r in body["results"]] == pytest.approx(expected["probability"].tolist())
    assert [r["band"] for r in body["results"]] == expected["band"].tolist()
    assert [r["reasons"] for r in body["results"]] == [json.loads(r) for r in expected["reasons"]]


def test_a_thousand_rows_are_accepted_and_one_more_is_not(shared_client, auth, rows_like):
    rows = _rows(rows_like(1001, 4)[NAMES])
    assert (
        len(shared_client.post("/v1/score", json={"rows": rows[:1000]}, headers=auth["admin"]).json()["results"])
        == 1000
    )
    response = shared_client.post("/v1/score", json={"rows": rows}, headers=auth["admin"])
    assert response.status_code == 422
    assert response.json()["error"]["details"]["problems"][0]["location"] == ["body", "rows"]


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ({"rows": [{"arrears_unpaid_bills": 1, "arrears_overdue_cny": 2, "complaints_unit_open": 0}]},
         ["body", "rows", "0", "context_floor_area_m2"]),
        ({"rows": [dict.fromkeys(NAMES, 1.0) | {"unit_id": "U1"}]}, ["body", "rows", "0", "unit_id"]),
        ({"rows": [dict.fromkeys(NAMES, "lots")]}, ["body", "rows", "0", "arrears_unpaid_bills"]),
        ({"rows": []}, ["body", "rows"]),
        ({"data": []}, ["body", "rows"]),
    ],
)  # fmt: skip
def test_rows_that_break_the_model_schema_are_422(shared_client, auth, body, location):
    response = shared_client.post("/v1/score", json=body, headers=auth["admin"])
    assert response.status_code == 422
    assert location in [p["location"] for p in response.json()["error"]["details"]["problems"]]


@pytest.mark.parametrize("raw", [b"", b"not json", b'{"rows": [', b"[]", b'{"rows": [{"a": 1e999}]}'])
def test_malformed_bodies_are_422_never_500(shared_client, auth, raw):
    response = shared_client.post(
        "/v1/score", content=raw, headers={**auth["admin"], "Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


def test_the_openapi_request_schema_is_the_models_features(shared_client):
    components = shared_client.get("/openapi.json").json()["components"]["schemas"]
    row = components["ScoreRow"]
    assert list(row["properties"]) == NAMES
    assert row["required"] == NAMES
    assert row["additionalProperties"] is False
    assert components["ScoreRequest"]["properties"]["rows"]["maxItems"] == 1000


def test_concurrent_requests_share_one_model_call(pyfunc, rows_like):
    frames = [rows_like(n, n)[NAMES] for n in (1, 5, 2, 30)]
    scorer = CoalescingScorer()

    async def all_at_once() -> list[pd.DataFrame]:
        return await asyncio.gather(*(scorer.score(pyfunc, f.to_numpy(dtype=float)) for f in frames))

    results = asyncio.run(all_at_once())
    assert (scorer.calls, scorer.rows) == (1, 38)
    for frame, result in zip(frames, results, strict=True):
        pd.testing.assert_frame_equal(result.reset_index(drop=True), pyfunc.score(frame).reset_index(drop=True))


def test_a_failed_model_call_fails_every_request_in_it(pyfunc):
    class Broken(DisputeRiskPyfunc):
        def score_matrix(self, matrix, with_reasons=True, index=None):
            raise RuntimeError("booster gone")

    broken = Broken(pyfunc.model, 90)
    scorer = CoalescingScorer()

    async def two() -> list[object]:
        matrix = np.ones((1, 4))
        return await asyncio.gather(scorer.score(broken, matrix), scorer.score(broken, matrix), return_exceptions=True)

    leader, follower = asyncio.run(two())
    assert isinstance(leader, RuntimeError)
    assert str(leader) == "booster gone"
    assert isinstance(follower, BatchFailedError)
