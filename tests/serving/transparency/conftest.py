"""Fixtures of the transparency tests: the hand-made district, a small generated world, apps serving their pages."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from data.dataset import Dataset
from data.loading import load_dataset
from data.timeline import latest_as_of
from models.reason_text import GENERIC
from scoring.rollups import community_rollups
from scoring.transparency.precompute import precompute_transparency
from serving.db import open_engine

from ...features.transparency.hand_district import AS_OF, MODEL_VERSION, hand_dataset, hand_rollups


@pytest.fixture(scope="session")
def hand() -> Dataset:
    return hand_dataset()


@pytest.fixture(scope="session")
def mlflow_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An MLflow database created once, copied into every home (creating one takes seconds)."""
    from mlflow import MlflowClient

    path = tmp_path_factory.mktemp("mlflow") / "mlflow.db"
    MlflowClient(tracking_uri=f"sqlite:///{path}").search_registered_models()
    return path


def make_home(root: Path, mlflow_db: Path, dataset: Dataset, rollups: pd.DataFrame | None, as_of: pd.Timestamp) -> Path:
    """A serving home whose store holds precomputed pages of `dataset`."""
    root.mkdir(parents=True)
    shutil.copy(mlflow_db, root / "mlflow.db")
    engine = open_engine(f"sqlite:///{root / 'store.db'}")
    precompute_transparency(dataset, as_of, rollups, MODEL_VERSION if rollups is not None else None, engine)
    engine.dispose()
    return root


def public_app() -> FastAPI:
    """The app from its factory, with the public router included when the factory does not include it yet."""
    from serving.app import create_app
    from serving.routers import public

    app = create_app()
    if not any(getattr(route, "path", None) == "/communities/{community_id}" for route in app.routes):
        app.include_router(public.router)
    return app


def serve_home(patch: pytest.MonkeyPatch, home: Path) -> None:
    """Point the settings at `home`, as `disputes serve` would read them."""
    patch.setenv("DISPUTES_HOME", str(home))
    patch.delenv("DATABASE_URL", raising=False)
    patch.delenv("MLFLOW_TRACKING_URI", raising=False)


@pytest.fixture(scope="session")
def hand_client(tmp_path_factory: pytest.TempPathFactory, mlflow_db: Path, hand: Dataset) -> Iterator[TestClient]:
    """The app serving the hand-made district's pages (read-only: shared by every test)."""
    home = make_home(tmp_path_factory.mktemp("hand") / "home", mlflow_db, hand, hand_rollups(), AS_OF)
    with pytest.MonkeyPatch.context() as patch:
        serve_home(patch, home)
        with TestClient(public_app()) as client:
            yield client


def synthetic_rollups(dataset: Dataset, seed: int = 3) -> pd.DataFrame:
    """Community rollups of made-up unit scores, shaped as batch scoring writes them."""
    rng = np.random.default_rng(seed)
    units = dataset["units"]
    families = list(GENERIC)[:5]
    picks = rng.integers(0, len(families), len(units))
    reasons = [json.dumps([{"family": families[i], "contribution": 0.4, "zh": "", "en": ""}]) for i in picks]
    scores = pd.DataFrame({
        "unit_id": units["unit_id"].astype(object), "community_id": units["community_id"].astype(object),
        "probability": rng.beta(1, 40, len(units)), "band": "low", "reasons": reasons,
    })  # fmt: skip
    return community_rollups(scores)


@pytest.fixture(scope="session")
def world(small_world_dir: Path) -> Dataset:
    """The `small` generated world (20 communities, 6,000 units)."""
    return load_dataset(small_world_dir)


@pytest.fixture(scope="session")
def world_home(tmp_path_factory: pytest.TempPathFactory, mlflow_db: Path, world: Dataset) -> Path:
    """A serving home with the small world's pages at its latest month, risk from made-up unit scores."""
    root = tmp_path_factory.mktemp("world") / "home"
    return make_home(root, mlflow_db, world, synthetic_rollups(world), latest_as_of(world))


@pytest.fixture(scope="module")
def world_client(world_home: Path) -> Iterator[TestClient]:
    """The app serving the small world's pages."""
    with pytest.MonkeyPatch.context() as patch:
        serve_home(patch, world_home)
        with TestClient(public_app()) as client:
            yield client
