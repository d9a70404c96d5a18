"""Behaviour on synthetic worlds: a fee hike is caught, quiet worlds raise no alarm (small scale, 36 months).

Each champion is trained with the real training run on the months before the world's drift window; a drifted
world equals its no-drift baseline before that window, so one champion per seed serves both.
"""

import json

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from data.synth import WorldConfig, generate_world, write_world
from disputes.monitor_commands import monitor as monitor_command
from models.registry import Registry
from monitoring.run import monitor
from training import tracking

from .conftest import FAST, MONTHS

pytestmark = pytest.mark.slow

FEE_SEED = 9
QUIET_SEEDS = (7, 8, 9)


def test_a_fee_hike_is_caught_through_the_registered_champion(trained, mlflow_home, tmp_path, monkeypatch):
    """Train before the drift window, register the champion in MLflow, run `disputes monitor` on the drifted data."""
    base = trained(FEE_SEED)
    outcome = base.outcome
    run_id, version = tracking.log_training_run(
        outcome.fitted.pyfunc, outcome.frame.head(100), {"seed": FEE_SEED}, outcome.metrics, {}, {},
        outcome.reference, "dispute-risk",
    )  # fmt: skip
    Registry(None, "dispute-risk").approve(version)  # as `disputes promote` does
    data_dir = tmp_path / "fee_hike"
    write_world(generate_world(WorldConfig(scale="small", seed=FEE_SEED, months=MONTHS, drift="fee_hike")), data_dir)
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    for name, value in FAST.model_dump().items():
        monkeypatch.setenv(f"DISPUTES_MONITOR_{name.upper()}", str(value))
    app = typer.Typer()
    app.command()(monitor_command)
    result = CliRunner().invoke(app, ["--data", str(data_dir), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout.strip().splitlines()[-1])

    assert payload["verdict"] in {"warn", "retrain"}
    assert {"fees_due_per_m2", "fees_change_12m"} <= set(payload["drifted_features"])
    assert {"fees_due_per_m2", "fees_change_12m"} <= set(payload["unexpected_drift"])
    assert payload["model"] == {"name": "dispute-risk", "version": version, "run_id": run_id}
    # The drifted months are the latest: the snapshot is the month after the data, inside the drift window's wake.
    assert pd.Timestamp(payload["as_of"]) > base.cut
    assert payload["rows"]["reference"] <= FAST.reference_rows


@pytest.mark.parametrize("seed", QUIET_SEEDS)
def test_a_world_without_drift_raises_no_alarm(trained, seed):
    base = trained(seed)
    result = monitor(base.dataset, base.champion, FAST)
    summary = result.summary()
    assert summary["verdict"] == "ok", summary["reasons"]
    # Features still drift as the world ages, just not beyond the trend the training window showed.
    assert summary["drifted_features"]
    assert not summary["unexpected_drift"]
    assert len(summary["performance_by_month"]) >= 3
