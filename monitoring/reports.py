"""Monitoring reports on disk: one new timestamped folder per pass under DISPUTES_HOME/reports/, logged to MLflow.

A folder holds `drift.html` (Evidently DataDriftPreset: feature and prediction drift), `quality.html` (Evidently
DataSummaryPreset over the columns with quality issues; only when there are some), `index.html` (verdict, reasons,
drift beyond trend, quality issues, missing shares and performance by month, linking the others) and
`summary.json` (what `disputes monitor --json` prints). Every HTML file is self-contained and opens offline.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from monitoring.index_page import render_index
from monitoring.latest import REPORT, SUMMARY
from monitoring.run import MonitorResult

QUALITY = "quality.html"
EXPERIMENT = "dispute-risk-monitoring"


def new_report_folder(reports_dir: Path, now: datetime) -> Path:
    """A folder named after `now` that did not exist before (a suffix is added on a clash)."""
    reports_dir.mkdir(parents=True, exist_ok=True)
    stem = now.strftime("%Y%m%dT%H%M%S")
    for suffix in ("", *(f"-{i}" for i in range(1, 1000))):
        folder = reports_dir / f"{stem}{suffix}"
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        return folder
    raise FileExistsError(f"no free report folder name for {stem} under {reports_dir}")


def write_report(result: MonitorResult, reports_dir: Path, now: datetime) -> Path:
    """Write the HTML reports and the summary into a new folder; returns the folder."""
    folder = new_report_folder(reports_dir, now)
    summary = result.summary() | {"created_at": now.isoformat(timespec="seconds")}
    result.snapshots["drift"].save_html(str(folder / REPORT))
    if result.snapshots["quality"] is not None:
        result.snapshots["quality"].save_html(str(folder / QUALITY))
    (folder / "index.html").write_text(render_index(summary), encoding="utf-8")
    # Written last: a folder with a summary is complete, so readers skip one still being written.
    (folder / SUMMARY).write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    return folder


def log_report(folder: Path, summary: dict[str, Any], artifacts_dir: Path, tracking_uri: str | None = None) -> str:
    """Log the folder and headline figures as a run of the monitoring experiment; returns the run id."""
    import mlflow

    if tracking_uri is not None:  # one-shot commands: the fluent API below reads the process-wide URI
        mlflow.set_tracking_uri(tracking_uri)

    experiment = mlflow.get_experiment_by_name(EXPERIMENT)
    if experiment is None:
        artifacts_dir.mkdir(parents=True, exist_ok=True)
        experiment_id = mlflow.create_experiment(EXPERIMENT, artifact_location=artifacts_dir.as_uri())
    else:
        experiment_id = experiment.experiment_id
    model = summary["model"]
    with mlflow.start_run(experiment_id=experiment_id, run_name=f"monitor {summary['as_of']}") as run:
        mlflow.set_tags({"verdict": summary["verdict"], "model_name": model["name"], "model_version": model["version"]})
        mlflow.log_params({"as_of": summary["as_of"], "champion_run_id": model["run_id"]})
        mlflow.log_metrics(headline_metrics(summary))
        mlflow.log_artifacts(str(folder), "report")
        return str(run.info.run_id)


def headline_metrics(summary: dict[str, Any]) -> dict[str, float]:
    """Numbers worth a time series in MLflow: drift share, drifted counts, prediction drift, latest performance."""
    metrics = {
        "drift_share": float(summary["drift_share"]),
        "drifted_features": float(len(summary["drifted_features"])),
        "unexpected_drift": float(len(summary["unexpected_drift"])),
        "quality_issues": float(len(summary["quality_issues"])),
    }
    if summary["prediction_drift"] and summary["prediction_drift"]["score"] is not None:
        metrics["prediction_drift"] = float(summary["prediction_drift"]["score"])
    months = summary["performance_by_month"]
    if months:
        metrics |= {
            f"latest_{k}": float(months[-1][k]) for k in ("roc_auc", "pr_auc", "ece") if months[-1][k] is not None
        }
    return metrics
