"""Reloading the champion: a good new version takes over; a corrupt or missing one leaves the old one serving."""

from __future__ import annotations

import json
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


@pytest.fixture
def unapproved(home, fitted_model, rows_like):
    """Register a version outside `promote` and move the champion alias to it by hand; returns the version."""
    from mlflow import MlflowClient

    from training import tracking

    from .conftest import reference_of

    tracking.configure(f"sqlite:///{home / 'mlflow.db'}", home / "mlartifacts")
    pyfunc, rows = DisputeRiskPyfunc(fitted_model, 90), rows_like(50, 5)
    _, version = tracking.log_training_run(pyfunc, rows, {}, {}, {}, {}, reference_of(pyfunc, rows), "dispute-risk")
    MlflowClient().set_registered_model_alias("dispute-risk", "champion", version)
    return version


def test_a_champion_moved_by_hand_is_not_loaded_by_reload(client, auth, unapproved):
    response = client.post("/v1/admin/reload", headers=auth["admin"])
    assert response.status_code == 503
    assert "never approved it" in response.json()["error"]["message"]
    assert client.get("/v1/model", headers=auth["admin"]).json()["version"] == "1"


def test_a_champion_moved_by_hand_is_not_loaded_at_startup(home, auth, unapproved):
    from fastapi.testclient import TestClient

    from serving.app import create_app

    with TestClient(create_app()) as client:
        ready = client.get("/ready")
        assert ready.status_code == 503
        assert "never approved it" in ready.json()["error"]["message"]
        assert client.get("/health").status_code == 200


def test_approval_records_the_artifact_hash_and_a_forced_promotion(home, register):
    from models.approval import artifact_sha256
    from models.registry import Registry

    version = register()
    registry = Registry(f"sqlite:///{home / 'mlflow.db'}", "dispute-risk")
    approval = registry.approval(version)
    assert approval is not None
    assert approval["forced"] is False
    assert approval["sha256"] == artifact_sha256(_artifact_dir(version))
    registry.approve(version, forced=True)
    assert registry.approval(version)["forced"] is True
    assert registry.load_approved().version == version


def test_a_champion_whose_artifact_changed_after_approval_is_refused(client, auth, home, register):
    version = register()
    pickle_file = next(_artifact_dir(version).rglob("python_model.pkl"))
    pickle_file.write_bytes(pickle_file.read_bytes() + b"\0")
    response = client.post("/v1/admin/reload", headers=auth["admin"])
    assert response.status_code == 503
    assert "changed after approval" in response.json()["error"]["message"]
    assert client.get("/v1/model", headers=auth["admin"]).json()["version"] == "1"


def test_mlflows_own_note_in_the_artifact_does_not_unapprove_the_champion(client, auth, home, register):
    """`mlflow models serve -m models:/dispute-risk@champion` writes registered_model_meta into the folder."""
    version = register()
    (_artifact_dir(version) / "registered_model_meta").write_text(
        f"model_name: dispute-risk\nmodel_version: {version}\n"
    )
    response = client.post("/v1/admin/reload", headers=auth["admin"])
    assert response.status_code == 200, response.text
    assert client.get("/v1/model", headers=auth["admin"]).json()["version"] == version
    (_artifact_dir(version) / "extra.py").write_text("print('not approved')\n")  # any other file still counts
    assert client.post("/v1/admin/reload", headers=auth["admin"]).status_code == 503


def test_an_approval_that_hashed_mlflows_note_too_still_holds_while_nothing_changes(client, auth, home, register):
    from mlflow import MlflowClient

    from models.approval import APPROVAL_TAG, artifact_sha256

    version = register()
    folder = _artifact_dir(version)
    (folder / "registered_model_meta").write_text(f"model_name: dispute-risk\nmodel_version: {version}\n")
    every_file = artifact_sha256(folder, skip=frozenset())
    assert every_file != artifact_sha256(folder)
    tag = {"sha256": every_file, "forced": False, "approved_at": "2026-12-01T00:00:00"}
    MlflowClient().set_model_version_tag("dispute-risk", version, APPROVAL_TAG, json.dumps(tag))
    assert client.post("/v1/admin/reload", headers=auth["admin"]).status_code == 200
    (folder / "registered_model_meta").write_text("model_name: dispute-risk\nmodel_version: 999\n")
    assert client.post("/v1/admin/reload", headers=auth["admin"]).status_code == 503


class _Explodes:
    """Unpickles into an error no loader expects (ZeroDivisionError), as a broken or hostile pickle might."""

    def __reduce__(self):
        import operator

        return operator.truediv, (1, 0)


def _approve_a_pickle_that_raises(home, register) -> str:
    import pickle

    from models.registry import Registry

    version = register()
    next(_artifact_dir(version).rglob("python_model.pkl")).write_bytes(pickle.dumps(_Explodes()))
    Registry(f"sqlite:///{home / 'mlflow.db'}", "dispute-risk").approve(version)  # approved as it now is
    return version


def test_a_pickle_raising_anything_keeps_the_old_model_and_the_failure_is_audited(client, auth, home, register):
    from sqlalchemy import select

    from serving.db import audit_log, open_engine

    _approve_a_pickle_that_raises(home, register)
    response = client.post("/v1/admin/reload", headers=auth["admin"])
    assert response.status_code == 503
    assert "ZeroDivisionError" in response.json()["error"]["message"]
    assert client.post("/v1/score", json=SCORE_BODY, headers=auth["admin"]).json()["model_version"] == "1"
    engine = open_engine(f"sqlite:///{home / 'store.db'}")
    with engine.connect() as connection:
        rows = connection.execute(select(audit_log.c.action, audit_log.c.details)).all()
    engine.dispose()
    assert any(action == "model.reload_failed" and "ZeroDivisionError" in details for action, details in rows)


def test_a_pickle_raising_anything_at_startup_leaves_health_and_public_pages_up(home, auth, register):
    from fastapi.testclient import TestClient

    from serving.app import create_app

    _approve_a_pickle_that_raises(home, register)
    with TestClient(create_app()) as client:
        assert client.get("/health").status_code == 200
        assert client.get("/").status_code == 200
        assert client.get("/ready").status_code == 503
        assert client.get("/v1/units/U01/risk", headers=auth["admin"]).status_code == 200


def test_a_model_that_fails_its_smoke_test_is_not_switched_to(client, auth, home, fitted_model, rows_like):
    from models.registry import Registry
    from training import tracking

    tracking.configure(f"sqlite:///{home / 'mlflow.db'}", home / "mlartifacts")
    pyfunc, rows = DisputeRiskPyfunc(fitted_model, 90), rows_like(50, 5)
    wrong = rows.head(10).loc[:, ["as_of", *pyfunc.feature_names]].assign(probability=0.999)
    _, version = tracking.log_training_run(pyfunc, rows, {}, {}, {}, {}, wrong, "dispute-risk")
    Registry(None, "dispute-risk").approve(version)
    response = client.post("/v1/admin/reload", headers=auth["admin"])
    assert response.status_code == 503
    assert "smoke test" in response.json()["error"]["message"]
    assert client.get("/v1/model", headers=auth["admin"]).json()["version"] == "1"
