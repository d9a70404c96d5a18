"""`disputes monitor` end to end on the small world, with a small champion registered in a tmp MLflow."""

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from data.loading import load_dataset
from disputes.monitor_commands import monitor
from features import build_training_frame
from models.pyfunc import DisputeRiskPyfunc
from models.registry import Registry
from monitoring.latest import latest_report
from training import tracking

JSON_KEYS = {"verdict", "drift_share", "drifted_features", "prediction_drift", "quality_issues", "performance_by_month"}


@pytest.fixture
def champion_home(mlflow_home, fitted_model, small_world_dir, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A champion trained 'until' 2023-12 whose reference holds the small world's 2023 H2 features."""
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    for name, value in {"REFERENCE_ROWS": "5000", "TREND_ROWS": "2000", "QUALITY_ROWS": "1000"}.items():
        monkeypatch.setenv(f"DISPUTES_MONITOR_{name}", value)
    pyfunc = DisputeRiskPyfunc(fitted_model, 90)
    months = list(pd.date_range("2023-07-01", "2023-12-01", freq="MS"))
    frame = build_training_frame(load_dataset(small_world_dir), months, 90)
    reference = frame.loc[:, ["as_of", *pyfunc.feature_names]].assign(probability=pyfunc.model.predict_proba(frame))
    reference.attrs = {}  # as training logs it: Parquet metadata cannot hold the frame's timestamps
    metrics = {"roc_auc": 0.8, "pr_auc": 0.2, "ece": 0.01}
    _, version = tracking.log_training_run(pyfunc, frame.head(50), {}, metrics, {}, {}, reference, "dispute-risk")
    Registry(None, "dispute-risk").approve(version)  # as `disputes promote` does
    return mlflow_home


def champion_home_features() -> tuple[str, ...]:
    return tracking.load_pyfunc("dispute-risk", tracking.CHAMPION).feature_names


def invoke(*args: str) -> tuple[int, str, str]:
    app = typer.Typer()
    app.command()(monitor)
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.output


def test_monitor_prints_the_json_writes_reports_and_logs_them(champion_home, small_world_dir):
    code, out, everything = invoke("--data", str(small_world_dir), "--json")
    assert code == 0, everything
    payload = json.loads(out.strip().splitlines()[-1])
    assert set(payload) >= JSON_KEYS
    assert payload["verdict"] in {"ok", "warn", "retrain"}
    assert payload["as_of"] == "2025-01-01"  # the month after the small world's last record, as scoring uses
    assert payload["drift_method"]["method"] == "wasserstein"
    assert set(payload["drifted_features"]) <= set(champion_home_features())
    assert payload["prediction_drift"]["score"] >= 0
    months = [m["as_of"] for m in payload["performance_by_month"]]
    assert months == [f"2024-{m:02d}-01" for m in range(1, 11)]  # after 2023-12, horizon inside the data
    assert all(0.5 < m["roc_auc"] <= 1 for m in payload["performance_by_month"])

    folders = list((champion_home / "reports").iterdir())
    assert len(folders) == 1
    files = {p.name for p in folders[0].iterdir()}
    # The data summary covers the columns with quality issues, so it exists only when there are some.
    assert files == {"drift.html", "index.html", "summary.json"} | (
        {"quality.html"} if payload["quality_issues"] else set()
    )
    html = (folders[0] / "drift.html").read_text(encoding="utf-8")
    assert "<html" in html.lower()
    assert 'src="http' not in html
    summary, report = latest_report(champion_home / "reports")
    assert summary["verdict"] == payload["verdict"]
    assert report == folders[0] / "drift.html"
    assert "Performance on matured labels" in (folders[0] / "index.html").read_text(encoding="utf-8")

    import mlflow

    runs = mlflow.search_runs(experiment_names=["dispute-risk-monitoring"])
    assert len(runs) == 1
    assert runs.loc[0, "tags.verdict"] == payload["verdict"]
    assert runs.loc[0, "metrics.drift_share"] == pytest.approx(payload["drift_share"])


def test_a_second_pass_gets_its_own_folder_and_becomes_the_latest(champion_home, small_world_dir):
    assert latest_report(champion_home / "reports") is None
    for _ in range(2):
        assert invoke("--data", str(small_world_dir))[0] == 0
    folders = sorted((champion_home / "reports").iterdir())
    assert len(folders) == 2
    assert latest_report(champion_home / "reports")[1].parent == folders[-1]


def test_without_a_champion_the_command_says_what_to_do(mlflow_home, small_world_dir, monkeypatch):
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    code, _, everything = invoke("--data", str(small_world_dir))
    assert code == 1
    assert "disputes train" in everything
    assert "disputes promote" in everything


def test_data_without_a_table_the_model_reads_is_refused(champion_home, small_world_dir, tmp_path):
    partial = tmp_path / "no_complaints"
    shutil.copytree(small_world_dir, partial, ignore=shutil.ignore_patterns("complaints.*"))
    code, _, everything = invoke("--data", str(partial))
    assert code == 1
    assert "cannot score" in everything
    assert "complaints_unit_open" in everything
    assert not (champion_home / "reports").exists()
