"""A serving home built once per session (store, champion in MLflow, two scoring runs, keys), copied per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from fastapi.testclient import TestClient

from data.contract import OPTIONAL_TABLES
from data.store import Store
from data.validation import validate_tables
from models.pyfunc import DisputeRiskPyfunc
from models.risk_model import RiskModel
from scoring.batch import score_features
from scoring.writing import ScoredBy, write_run
from serving.auth import Role, create_key
from serving.db import create_serving_schema, open_engine

MODEL = "dispute-risk"
AS_OF = (pd.Timestamp("2024-05-01"), pd.Timestamp("2024-06-01"))

# Two firms; F1 runs C1 (翠竹街道) and C2 (东湖街道), F2 runs C3 (翠竹街道). Four units per community.
COMMUNITIES = {
    "C1": ("F1", "翠竹街道", "翠竹苑"),
    "C2": ("F1", "东湖街道", "东湖花园"),
    "C3": ("F2", "翠竹街道", "金湖山庄"),
}
UNITS = {f"U{i:02d}": f"C{(i - 1) // 4 + 1}" for i in range(1, 13)}


@dataclass(frozen=True)
class ServingWorld:
    """Where the template home is and the keys made in it (role name → key)."""

    home: Path
    keys: dict[str, str]
    features: dict[pd.Timestamp, pd.DataFrame]


def registers() -> dict[str, pd.DataFrame]:
    """Raw text tables of the world's firms, communities and units, as a CSV export would give them."""
    communities = pd.DataFrame({
        "community_id": list(COMMUNITIES), "name": [v[2] for v in COMMUNITIES.values()], "district": "罗湖区",
        "subdistrict": [v[1] for v in COMMUNITIES.values()], "firm_id": [v[0] for v in COMMUNITIES.values()],
        "built_year": "2001", "fee_rate_cny_m2": "2.5", "has_owners_committee": "true",
    })  # fmt: skip
    units = pd.DataFrame({
        "unit_id": list(UNITS), "community_id": list(UNITS.values()), "building": "1栋",
        "floor_area_m2": "88.5", "occupancy": "owner_occupied", "moved_in": "",
    })  # fmt: skip
    firms = pd.DataFrame({"firm_id": ["F1", "F2"], "name": ["深业物业", "万科物业"]})
    return {"firms": firms, "communities": communities, "units": units}


def world_features(as_of: pd.Timestamp, seed: int) -> pd.DataFrame:
    """Feature rows for every unit; U01 has the most arrears and open complaints, so it tops every queue it is in."""
    rng = np.random.default_rng(seed)
    n = len(UNITS)
    bills = np.minimum(rng.poisson(1.0, n), 3).astype(float)
    bills[0] = 6.0
    complaints = np.minimum(rng.poisson(0.5, n), 1).astype(float)
    complaints[0] = 2.0
    return pd.DataFrame({
        "unit_id": list(UNITS), "community_id": list(UNITS.values()), "as_of": as_of,
        "arrears_unpaid_bills": bills, "arrears_overdue_cny": bills * 310.0,
        "complaints_unit_open": complaints, "context_floor_area_m2": rng.uniform(50, 150, n),
    })  # fmt: skip


def log_champion(pyfunc: DisputeRiskPyfunc, rows: pd.DataFrame) -> str:
    """Log and register the model as a new version, approve it and point `champion` at it (as `promote` does)."""
    from models.registry import Registry
    from training import tracking

    _, version = tracking.log_training_run(
        pyfunc,
        rows,
        {"seed": 7},
        {"pr_auc": 0.31, "roc_auc": 0.8, "ece": 0.01},
        {},
        {},
        reference_of(pyfunc, rows),
        MODEL,
    )
    Registry(None, MODEL).approve(version)
    return version


def reference_of(pyfunc: DisputeRiskPyfunc, rows: pd.DataFrame) -> pd.DataFrame:
    """A reference sample as training logs one: as_of, the model's features and its probabilities."""
    sample = rows.head(10).loc[:, ["as_of", *pyfunc.feature_names]]
    return sample.assign(probability=pyfunc.model.predict_proba(sample))


def _build(home: Path, fitted_model: RiskModel, rows: pd.DataFrame) -> ServingWorld:
    from training import tracking

    home.mkdir(parents=True)
    tracking.configure(f"sqlite:///{home / 'mlflow.db'}", home / "mlartifacts")
    pyfunc = DisputeRiskPyfunc(fitted_model, 90)
    version = log_champion(pyfunc, rows)
    url = f"sqlite:///{home / 'store.db'}"
    store = Store(url)
    store.create_schema()
    store.ingest(validate_tables(registers(), missing=OPTIONAL_TABLES))
    store.dispose()
    engine = open_engine(url)
    create_serving_schema(engine)
    features = {as_of: world_features(as_of, seed) for seed, as_of in enumerate(AS_OF)}
    for as_of, frame in features.items():
        write_run(engine, score_features(pyfunc, frame, as_of), ScoredBy(MODEL, version, 90))
    keys = {}
    scopes = {
        "admin": (Role.admin, None, ()), "mediator": (Role.mediator, None, ("翠竹街道",)),
        "district": (Role.mediator, None, ()), "firm1": (Role.firm, "F1", ()), "firm2": (Role.firm, "F2", ()),
    }  # fmt: skip
    with engine.begin() as connection:
        for name, (role, firm, subdistricts) in scopes.items():
            keys[name], _ = create_key(connection, role, name=name, firm_id=firm, subdistricts=subdistricts)
    engine.dispose()
    return ServingWorld(home, keys, features)


@pytest.fixture(scope="session")
def serving_world(tmp_path_factory: pytest.TempPathFactory, fitted_model: RiskModel, rows_like) -> ServingWorld:
    return _build(tmp_path_factory.mktemp("serving") / "home", fitted_model, rows_like(200, 21))


@pytest.fixture
def home(serving_world: ServingWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the template home, made the settings' home."""
    copy = tmp_path / "home"
    shutil.copytree(serving_world.home, copy)
    monkeypatch.setenv("DISPUTES_HOME", str(copy))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    return copy


@pytest.fixture
def client(home: Path) -> Iterator[TestClient]:
    """The app over the copied home, lifespan run."""
    from serving.app import create_app

    with TestClient(create_app()) as test_client:
        yield test_client


@pytest.fixture
def auth(serving_world: ServingWorld) -> dict[str, dict[str, str]]:
    """Request headers per key name: admin, mediator (翠竹街道), district (a mediator without limits), firm1, firm2."""
    return {name: {"Authorization": f"Bearer {key}"} for name, key in serving_world.keys.items()}


@pytest.fixture(scope="module")
def shared_client(serving_world: ServingWorld, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One app for a whole module of tests that change nothing another test reads."""
    from serving.app import create_app

    copy = tmp_path_factory.mktemp("shared") / "home"
    shutil.copytree(serving_world.home, copy)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DISPUTES_HOME", str(copy))
        patch.delenv("DATABASE_URL", raising=False)
        patch.delenv("MLFLOW_TRACKING_URI", raising=False)
        with TestClient(create_app()) as test_client:
            yield test_client
