"""Reloading the champion: a good new version takes over; a corrupt or missing one leaves the old one serving."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest

from models.pyfunc import DisputeRiskPyfunc

SCORE_BODY = {
    "rows": [
        {"arrears_unpaid_bills": 2, "arrears_overdue_cny": 400, "complaints_unit_open": 1, "context_floor_area_m2": 90}
    ]
}


@pytest.fixture
def register(home, fitted_model, rows_like):
    """Log the model again as a new version in the test's home and make it the champion; returns the version."""
    from training import tracking

    from .conftest import log_champion

    tracking.configure(f"sqlite:///{home / 'mlflow.db'}", home / "mlartifacts")
    return lambda: log_champion(DisputeRiskPyfunc(fitted_model, 90), rows_like(50, 5))


def _artifact_dir(version: str) -> Path:
    import mlflow
    from mlflow import MlflowClient

    source = MlflowClient().get_model_version("dispute-risk", version).source
    logged = mlflow.get_logged_model(source.removeprefix("models:/"))
    return Path(urlparse(logged.artifact_location).path)


def _drop_champion(home: Path) -> None:
    from mlflow import MlflowClient

    uri = f"sqlite:///{home / 'mlflow.db'}"
    MlflowClient(tracking_uri=uri, registry_uri=uri).delete_registered_model_alias("dispute-risk", "champion")


def test_reload_switches_to_the_new_champion(client, auth, register):
    version = register()
    response = client.post("/v1/admin/reload", headers=auth["admin"])
    assert response.status_code == 200
    assert response.json() == {"model_version": version, "previous_version": "1", "changed": True}
    assert client.get("/v1/model", headers=auth["admin"]).json()["version"] == version
    assert client.post("/v1/score", json=SCORE_BODY, headers=auth["admin"]).json()["model_version"] == version


def test_a_corrupt_champion_keeps_the_old_model_serving(client, auth, register):
    version = register()
    pickle_file = next(_artifact_dir(version).rglob("python_model.pkl"))
    pickle_file.write_bytes(b"this is not a pickle")
    response = client.post("/v1/admin/reload", headers=auth["admin"])
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "reload_failed"
    assert "could not be loaded" in error["message"]
    assert "still serving" in error["message"]
    assert error["details"] == {"serving_version": "1"}
    assert client.get("/v1/model", headers=auth["admin"]).json()["version"] == "1"
    scored = client.post("/v1/score", json=SCORE_BODY, headers=auth["firm1"])
    assert (scored.status_code, scored.json()["model_version"]) == (200, "1")
    assert client.get("/ready").json()["model_version"] == "1"


def test_a_missing_champion_alias_keeps_the_old_model_serving(client, auth, home):
    _drop_champion(home)
    response = client.post("/v1/admin/reload", headers=auth["admin"])
    assert response.status_code == 503
    assert client.post("/v1/score", json=SCORE_BODY, headers=auth["admin"]).status_code == 200


def test_without_a_model_ready_and_scoring_are_503_but_stored_scores_still_serve(home, auth):
    from fastapi.testclient import TestClient

    from serving.app import create_app

    _drop_champion(home)
    with TestClient(create_app()) as client:
        ready = client.get("/ready")
        assert ready.status_code == 503
        assert ready.json()["error"]["code"] == "model_unavailable"
        assert client.post("/v1/score", json=SCORE_BODY, headers=auth["admin"]).status_code == 503
        assert client.get("/v1/model", headers=auth["admin"]).status_code == 503
        assert client.get("/v1/units/U01/risk", headers=auth["admin"]).status_code == 200
        assert client.get("/health").status_code == 200
