"""Property-based API tests from the app's own OpenAPI schema: no server errors, no schema violations.

Schemathesis runs in-process against the live app (lifespan entered, so the model and the store are open), with
a valid admin key so it reaches the real routes. Each operation gets positive (schema-conforming) and negative
(malformed) requests.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from serving.app import create_app

OPERATIONS = [
    ("GET", "/health"),
    ("GET", "/ready"),
    ("GET", "/v1/model"),
    ("GET", "/v1/units/{unit_id}/risk"),
    ("GET", "/v1/communities/{community_id}/risk"),
    ("GET", "/v1/units/{unit_id}/levers"),
    ("GET", "/v1/communities/{community_id}/levers"),
    ("GET", "/v1/queue"),
    ("POST", "/v1/queue/{unit_id}/outreach"),
    ("POST", "/v1/score"),
    ("POST", "/v1/ingest/{table}"),
    ("POST", "/v1/admin/reload"),
    ("GET", "/v1/monitoring/latest"),
    ("GET", "/v1/monitoring/latest/report"),
    ("GET", "/"),
    ("GET", "/communities/{community_id}"),
    ("GET", "/v1/public/communities/{community_id}/transparency"),
]
EXAMPLES = {"/v1/admin/reload": 5}  # each example loads the model from MLflow
PUBLIC = {"/health", "/ready", "/", "/communities/{community_id}", "/v1/public/communities/{community_id}/transparency"}
# Any string is a schema-valid CSV body; whether it holds valid rows is the contract's business (422 then).
SEMANTIC_BODIES = {"/v1/ingest/{table}"}
WITHOUT_INPUT = {"/health", "/ready", "/v1/model", "/v1/admin/reload"}  # nothing to send malformed
CASES = [
    (method, path, mode)
    for method, path in OPERATIONS
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if mode is GenerationMode.POSITIVE or path not in WITHOUT_INPUT
]


@pytest.fixture
def live_app(home, monkeypatch) -> Iterator[FastAPI]:
    # Fuzzing sends requests without a key or with a bad one on purpose, and schemathesis expects 401 for them;
    # the throttle (429 after repeated failures, tested in test_access_matrix.py) would answer instead.
    monkeypatch.setattr("serving.throttle.FAILURE_LIMIT", 1_000_000)
    app = create_app()
    with TestClient(app):
        yield app


def test_every_operation_is_covered(live_app):
    paths = schemathesis.openapi.from_asgi("/openapi.json", live_app).raw_schema["paths"]
    assert sorted((method.upper(), path) for path, item in paths.items() for method in item) == sorted(OPERATIONS)


@pytest.mark.parametrize(("method", "path", "mode"), CASES)
def test_api_answers_every_request_within_its_schema(live_app, auth, method, path, mode):
    operation = schemathesis.openapi.from_asgi("/openapi.json", live_app)[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES.get(path, 20), deadline=None, derandomize=True,
        suppress_health_check=list(HealthCheck), database=None,
    )  # fmt: skip
    def check(case: schemathesis.Case) -> None:
        # A case that leaves the key out (a negative case) is sent without one; any other gets a valid key.
        headers = auth["admin"] if "Authorization" in (case.headers or {}) or path in PUBLIC else {}
        excluded = [positive_data_acceptance] if path in SEMANTIC_BODIES else []
        response = case.call_and_validate(headers=headers, excluded_checks=excluded)
        statuses.append(response.status_code)

    statuses: list[int] = []
    check()
    if mode is GenerationMode.POSITIVE:
        assert set(statuses) - {401}, "every request was refused for its key: the routes themselves went untested"
