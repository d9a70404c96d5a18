"""One error shape everywhere, and an OpenAPI schema that documents every status with examples."""

from __future__ import annotations

import pytest

ERROR_REF = "#/components/schemas/ErrorBody"


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("get", "/v1/nowhere", 404, "not_found"),
        ("delete", "/v1/queue", 405, "method_not_allowed"),
        ("get", "/v1/units/U01/risk", 401, "unauthorized"),
        ("get", "/v1/queue?limit=x", 401, "unauthorized"),
    ],
)
def test_every_error_has_the_one_shape(shared_client, method, path, status, code):
    response = getattr(shared_client, method)(path)
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]


def test_validation_errors_say_where(shared_client, auth):
    body = shared_client.get("/v1/queue?limit=x&colour=red", headers=auth["admin"]).json()
    locations = [p["location"] for p in body["error"]["details"]["problems"]]
    assert ["query", "limit"] in locations
    assert ["query", "colour"] in locations


def test_openapi_documents_errors_and_examples_for_every_route(shared_client):
    schema = shared_client.get("/openapi.json").json()
    assert schema["components"]["securitySchemes"]["ApiKey"] == {
        "type": "http", "scheme": "bearer", "description": "An API key from `disputes keys create`.",
    }  # fmt: skip
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            errors = {status: r for status, r in operation["responses"].items() if status >= "400"}
            for status, response in errors.items():
                ref = response["content"]["application/json"]["schema"]["$ref"]
                assert ref == ERROR_REF, (method, path, status)
            if path.startswith("/v1/") and not path.startswith("/v1/public/"):
                assert "401" in errors, (method, path)
    components = schema["components"]["schemas"]
    for name in ("UnitRisk", "CommunityRisk", "Queue", "ModelInfo", "OutreachIn", "ScoreRequest", "IngestResult"):
        assert components[name]["examples"], name
