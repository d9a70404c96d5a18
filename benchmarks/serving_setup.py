"""A benchmark home for serving: a generated world in the store, a trained champion, scores and an admin key.

Every step runs the real commands in child processes, as an operator would.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

log = logging.getLogger("benchmarks.serving")
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class BenchWorld:
    """What the load needs: the home, an admin key, unit ids, community ids and model feature rows."""

    home: Path
    key: str
    unit_ids: list[str]
    community_ids: list[str]
    feature_names: list[str]
    feature_rows: list[list[float | None]]


def home_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MLFLOW_TRACKING_URI", "DATABASE_URL")}
    return env | {"DISPUTES_HOME": str(home)}


def _run(home: Path, args: list[str]) -> str:
    log.info("$ %s", " ".join(args))
    done = subprocess.run(args, env=home_env(home), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout


def _serving(home: Path, call: str) -> str:
    return _run(home, [sys.executable, "-c", f"from disputes.serving_commands import *; {call}"])


def prepare_home(home: Path, scale: str, seed: int) -> None:
    """Generate, ingest, train, promote (forced) and score: the operator's path to a serving home."""
    data = home / "data" / scale
    _run(home, [str(BIN / "disputes"), "generate", str(data), "--scale", scale, "--seed", str(seed)])
    _run(home, [str(BIN / "disputes"), "ingest", str(data)])
    _run(home, [str(BIN / "disputes"), "train", "--data", str(data), "--json"])
    _run(home, [str(BIN / "disputes"), "promote", "--force"])
    _serving(home, "import typer; app = typer.Typer(); app.command()(score); app.command()(serve); app(['score'])")


def create_admin_key(home: Path) -> str:
    call = "import sys; sys.argv = ['keys', 'create', '--role', 'admin', '--name', 'benchmark']; keys_app()"
    return _serving(home, call).strip().splitlines()[-1]


def feature_rows(home: Path, scale: str, names: list[str], rows: int = 2_000) -> list[list[float | None]]:
    """Real feature rows of the world at its latest as-of, for /v1/score and /invocations bodies."""
    from data.loading import load_dataset
    from data.timeline import latest_as_of
    from features import build_unit_features

    dataset = load_dataset(home / "data" / scale)
    frame = build_unit_features(dataset, latest_as_of(dataset)).loc[:, names]
    sample = frame.sample(n=min(rows, len(frame)), random_state=7).astype("float64")
    return json.loads(sample.to_json(orient="values"))  # NaN becomes null


def load_world(home: Path, scale: str) -> BenchWorld:
    """Read what the load generator needs from a prepared home."""
    from sqlalchemy import select

    from models.registry import Registry
    from serving.db import open_engine, score_runs, scores

    url = f"sqlite:///{(home / 'store.db').resolve()}"
    engine = open_engine(url)
    with engine.connect() as connection:
        run_id = connection.execute(select(score_runs.c.run_id).order_by(score_runs.c.run_id.desc())).scalar()
        units = pd.read_sql(
            select(scores.c.unit_id, scores.c.community_id).where(scores.c.run_id == run_id), connection
        )
    engine.dispose()
    model = Registry(f"sqlite:///{(home / 'mlflow.db').resolve()}", "dispute-risk").load_approved()
    names = list(model.pyfunc.feature_names)
    return BenchWorld(
        home=home, key=create_admin_key(home), unit_ids=units["unit_id"].tolist(),
        community_ids=sorted(units["community_id"].unique().tolist()), feature_names=names,
        feature_rows=feature_rows(home, scale, names),
    )  # fmt: skip
