"""The monitoring pipeline as one function: champion and reference → current snapshot → verdict → reports.

`disputes monitor` and the benchmarks call `run_monitor`; monitoring.run.monitor does the in-memory work.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from data.progress import Progress
from data.settings import Settings
from data.sources import load_source
from models.registry import Registry
from monitoring.config import MonitorConfig
from monitoring.reference import load_champion
from monitoring.reports import log_report, write_report
from monitoring.run import monitor


@dataclass(frozen=True)
class MonitorOutcome:
    """The JSON-ready summary of one pass and the folder its reports went to."""

    summary: dict[str, Any]
    folder: Path


def run_monitor(
    settings: Settings,
    cfg: MonitorConfig | None = None,
    data_dir: Path | None = None,
    progress: Progress | None = None,
) -> MonitorOutcome:
    """Compare the champion's reference with the latest snapshot; write and log the reports (raises MonitorError)."""
    progress, cfg = progress or Progress(), cfg or MonitorConfig()
    # A one-file download needs no progress bar on the console (read when MLflow downloads, not at import).
    os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")
    with progress.stage("loading the champion"):
        champion = load_champion(Registry(settings.tracking_uri, settings.model_name))
    with progress.stage("loading data"):
        dataset = load_source(data_dir, settings.store_url)
    with progress.stage(f"monitoring v{champion.version}"):
        result = monitor(dataset, champion, cfg)
    with progress.stage("writing reports"):
        folder = write_report(result, settings.reports_dir, datetime.now())
        summary = result.summary()
        log_report(folder, summary, settings.artifacts_dir, settings.tracking_uri)
    return MonitorOutcome(summary, folder)
