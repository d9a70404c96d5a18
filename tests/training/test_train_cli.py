"""The real CLI on the small world: train → promote → train again → gated promote; the MLproject entry point."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from disputes.cli import app
from disputes.training_commands import TEST_FIELDS
from training.fairness import SLICE_FIELDS

pytestmark = pytest.mark.slow


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DISPUTES_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return tmp_path / "home"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout


def test_train_reports_every_metric_and_promote_applies_the_gate(home, small_world_dir):
    code, out = run("train", "--data", str(small_world_dir), "--json")
    assert code == 0, out
    payload = json.loads(out.strip().splitlines()[-1])
    assert set(payload) >= {"run_id", "model_version", "test"}
    assert set(payload["test"]) == set(TEST_FIELDS)
    assert set(payload["baseline"]) == {"validation", "test"}
    beaten_on = [w for w, v in payload["baseline"].items() if v["logistic_pr_auc"] > v["model_pr_auc"]]
    assert payload["baseline_beats_model"] == bool(beaten_on)
    assert 0.5 < payload["test"]["roc_auc"] <= 1
    assert payload["test"]["oracle_roc_auc"] >= payload["test"]["roc_auc"] - 0.05
    assert {row["group"] for row in payload["slices"]} == {"subdistrict", "occupancy", "firm", "building_age"}
    assert all(set(row) == set(SLICE_FIELDS) for row in payload["slices"])
    occupancy = [row for row in payload["slices"] if row["group"] == "occupancy"]
    assert sum(row["rows"] for row in occupancy) == sum(row["rows"] for row in payload["slices"]) / 4

    code, _ = run("promote")
    assert code == 0
    assert "search" not in payload  # no budget: the defaults, no search
    code, out = run("train", "--data", str(small_world_dir), "--json", "--seed", "8", "--search", "5")
    second = json.loads(out.strip().splitlines()[-1])
    assert second["model_version"] != payload["model_version"]
    tried = [c["name"] for c in second["search"]["candidates"]]
    assert tried[0] == "default"
    assert second["search"]["chosen"] in tried
    assert all(c["validation_log_loss"] > 0 for c in second["search"]["candidates"])
    code, _ = run("promote")
    from training import tracking

    champion = tracking.alias_version("dispute-risk", tracking.CHAMPION)
    metrics = tracking.run_metrics("dispute-risk", second["model_version"])
    assert metrics["champion_compared_version"] == float(payload["model_version"])
    beaten = metrics["validation_logistic_pr_auc"] > metrics["validation_pr_auc"]
    assert metrics["validation_logistic_beats_model"] == float(beaten)
    assert 0 < metrics["validation_pr_auc"] <= 1
    expected = (
        metrics["pr_auc"] >= metrics["champion_pr_auc"] - 0.005
        and metrics["ece"] <= 0.02
        and metrics.get("slice_max_ece", 0.0) <= 0.03  # absent: no slice had 30 positives
        and metrics["validation_logistic_pr_auc"] <= metrics["validation_pr_auc"] + 0.005
    )
    assert (code == 0) == expected
    assert champion == (second["model_version"] if expected else payload["model_version"])


def test_search_is_refused_on_dask_with_a_clear_message(home, small_world_dir):
    result = CliRunner().invoke(app, ["train", "--data", str(small_world_dir), "--search", "5", "--engine", "dask"])
    assert result.exit_code == 2
    assert "--search runs in process only" in result.output


def test_promote_without_a_challenger_says_so(home):
    code, _ = run("promote")
    assert code == 1


def test_mlproject_train_entry_point_runs_offline(home, small_world_dir):
    venv_bin = Path(sys.executable).parent
    mlflow = shutil.which("mlflow", path=str(venv_bin))
    assert mlflow is not None
    # Earlier tests in this process may have left MLFLOW_* variables (set_experiment exports one).
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
    env |= {"PATH": f"{venv_bin}{os.pathsep}{os.environ['PATH']}", "DISPUTES_HOME": str(home)}
    env["MLFLOW_TRACKING_URI"] = f"sqlite:///{home / 'mlflow.db'}"
    home.mkdir(parents=True, exist_ok=True)
    project = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [mlflow, "run", str(project), "-e", "train", "--env-manager", "local", "-P", f"data={small_world_dir}"],
        env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    payload = json.loads(result.stdout.strip().splitlines()[-1])
    assert payload["model_version"] == "1"
