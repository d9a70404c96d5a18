"""Fixtures shared across packages: a small synthetic risk model, an MLflow in tmp_path, the small world and a
throwaway PostgreSQL server."""

import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from models.risk_model import RiskModel, RiskModelParams
from models.spec import FeatureSpec

SPEC = FeatureSpec(
    names=("arrears_unpaid_bills", "arrears_overdue_cny", "complaints_unit_open", "context_floor_area_m2"),
    families=("arrears", "arrears", "complaints", "context"),
    monotone=(1, 1, 1, 0),
)


def make_frame(rows: int, seed: int) -> pd.DataFrame:
    """Units whose risk rises with arrears and open complaints; area is noise."""
    rng = np.random.default_rng(seed)
    bills = rng.poisson(0.4, rows).astype(float)
    overdue = bills * rng.uniform(80, 400, rows)
    complaints = rng.poisson(0.2, rows).astype(float)
    area = rng.uniform(40, 180, rows)
    logit = -4.2 + 0.9 * bills + 0.6 * complaints
    label = (rng.uniform(size=rows) < 1 / (1 + np.exp(-logit))).astype(int)
    months = pd.date_range("2024-01-01", periods=6, freq="MS")
    return pd.DataFrame({
        "unit_id": [f"U{i:06d}" for i in range(rows)],
        "as_of": months[rng.integers(0, 6, rows)],
        "arrears_unpaid_bills": bills, "arrears_overdue_cny": overdue,
        "complaints_unit_open": complaints, "context_floor_area_m2": area, "label": label,
    })  # fmt: skip


@pytest.fixture(scope="session")
def rows_like():
    """Factory of synthetic feature rows: rows_like(n, seed)."""
    return make_frame


@pytest.fixture(scope="session")
def fitted_model() -> RiskModel:
    """A small calibrated risk model on synthetic rows."""
    from models.bands import Bands
    from models.calibration import Calibrator

    train, valid, calib = make_frame(20_000, 1), make_frame(5_000, 2), make_frame(8_000, 3)
    params = RiskModelParams(n_estimators=120, learning_rate=0.1, min_child_samples=50)
    model = RiskModel(SPEC, params).fit(train, train["label"].to_numpy(), valid, valid["label"].to_numpy())
    raw = model.raw_proba(calib)
    calibrator = Calibrator("isotonic").fit(raw, calib["label"].to_numpy())
    return model.set_calibration(calibrator, Bands.from_scores(calibrator.transform(raw)))


@pytest.fixture
def mlflow_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """MLflow tracking and registry in a SQLite file under tmp_path, as the settings would configure it."""
    from training import tracking

    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("DISPUTES_HOME", str(home))
    tracking.configure(f"sqlite:///{home / 'mlflow.db'}", home / "mlartifacts")
    return home


@pytest.fixture(scope="session")
def small_world_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `small` synthetic world written as Parquet once per test session (seed 7)."""
    from data.synth import WorldConfig, generate_world, write_world

    out = tmp_path_factory.mktemp("worlds") / "small"
    write_world(generate_world(WorldConfig(scale="small", seed=7)), out)
    return out


def _server_binary(name: str) -> str | None:
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    return shutil.which(name) or (str(candidates[0]) if candidates else None)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Path]:
    """A throwaway PostgreSQL cluster listening only on a Unix socket in its own folder (its path is returned).

    Skips the test when the server binaries or the psycopg driver are not installed."""
    psycopg = pytest.importorskip("psycopg")
    initdb, pg_ctl = _server_binary("initdb"), _server_binary("pg_ctl")
    if initdb is None or pg_ctl is None:
        pytest.skip("PostgreSQL server binaries are not installed")
    root = Path(tempfile.mkdtemp(prefix="radar-pg-"))
    as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []  # the server refuses to run as root
    if as_owner:
        shutil.chown(root, "postgres")
    data, options = root / "data", f"-k {root} -c listen_addresses='' -c fsync=off"
    subprocess.run([*as_owner, initdb, "-D", data, "-U", "radar", "-A", "trust", "-E", "UTF8", "--no-sync"],
                   check=True, capture_output=True)  # fmt: skip
    subprocess.run([*as_owner, pg_ctl, "-D", data, "-o", options, "-l", root / "log", "-w", "start"],
                   check=True, capture_output=True)  # fmt: skip
    try:
        with psycopg.connect(host=str(root), user="radar", dbname="postgres") as connection:
            connection.execute("SELECT 1")
        yield root
    finally:
        subprocess.run([*as_owner, pg_ctl, "-D", data, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_database(postgres_server: Path) -> Callable[[], str]:
    """A factory of fresh, empty databases on the session's server: each call returns a new SQLAlchemy URL."""
    import psycopg

    def create() -> str:
        name = f"radar_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(host=str(postgres_server), user="radar", dbname="postgres", autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://radar@/{name}?host={postgres_server}"

    return create


@pytest.fixture
def postgres_url(postgres_database: Callable[[], str]) -> str:
    """The URL of a fresh, empty database on the session's PostgreSQL server."""
    return postgres_database()
