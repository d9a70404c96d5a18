"""`disputes monitor`: drift, data quality and live performance of the champion, with a verdict.

Registered in disputes/cli.py; heavy libraries are imported inside the command.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from disputes.settings import Settings

if TYPE_CHECKING:
    from data.dataset import Dataset

console = Console(stderr=True)
_COLOURS = {"ok": "green", "warn": "yellow", "retrain": "red"}
JSON_FIRST = (
    "verdict",
    "drift_share",
    "drifted_features",
    "prediction_drift",
    "quality_issues",
    "performance_by_month",
)
"""The keys the JSON line leads with; the rest of the summary (reasons, model, rows…) follows."""


def _dataset(data: Path | None, settings: Settings) -> Dataset:
    from data.loading import load_dataset
    from data.store import Store
    from data.validation import ValidationFailed

    try:
        return load_dataset(data) if data is not None else Store(settings.store_url).read_dataset()
    except ValidationFailed as failure:
        console.print(failure.report.render())
        raise typer.Exit(2) from None


def _print(summary: dict[str, Any], folder: Path) -> None:
    colour = _COLOURS[summary["verdict"]]
    console.print(
        f"[{colour}]{summary['verdict']}[/{colour}] as of {summary['as_of']}, "
        f"{summary['model']['name']} v{summary['model']['version']}: drift share {summary['drift_share']:.1%} "
        f"({summary['drift_method']['method']} ≥ {summary['drift_method']['threshold']}), "
        f"{len(summary['unexpected_drift'])} beyond trend, {len(summary['quality_issues'])} quality issues, "
        f"{len(summary['performance_by_month'])} matured months"
    )
    for reason in summary["reasons"]:
        console.print(f"  - {reason}")
    console.print(f"Reports: {folder / 'index.html'}")


def monitor(
    data: Annotated[Path | None, typer.Option(help="Dataset folder; default: the store.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON on the last line.")] = False,
) -> None:
    """Compare the champion's reference with the latest snapshot: drift, data quality, matured performance, verdict."""
    from monitoring.config import MonitorConfig
    from monitoring.reference import MonitorError, load_champion
    from monitoring.reports import log_report, write_report
    from monitoring.run import monitor as run_monitor
    from training import tracking

    # A one-file download needs no progress bar on the console (read when MLflow downloads, not at import).
    os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")
    settings = Settings()
    settings.ensure_home()
    cfg = MonitorConfig()
    tracking.configure(settings.tracking_uri, settings.artifacts_dir)
    try:
        champion = load_champion(settings.model_name)  # first: without a champion there is nothing to load data for
        with console.status("Loading data…"):
            dataset = _dataset(data, settings)
        with console.status(f"Monitoring {champion.name} v{champion.version}…"):
            result = run_monitor(dataset, champion, cfg)
    except MonitorError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from None
    folder = write_report(result, settings.reports_dir, datetime.now())
    summary = result.summary()
    log_report(folder, summary, settings.artifacts_dir)
    _print(summary, folder)
    if as_json:
        first = {k: summary[k] for k in JSON_FIRST}
        print(json.dumps(first | summary, ensure_ascii=False))
