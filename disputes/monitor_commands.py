"""`disputes monitor`: drift, data quality and live performance of the champion, with a verdict.

Registered in disputes/cli.py; heavy libraries are imported inside the command.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from disputes.output import reported_failures
from disputes.progress_view import shown_progress
from disputes.settings import command_settings

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
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress and no timing line.")] = False,
) -> None:
    """Compare the champion's reference with the latest snapshot: drift, data quality, matured performance, verdict."""
    from monitoring.pipeline import run_monitor

    with reported_failures(), shown_progress(console, quiet, "monitor") as progress:
        outcome = run_monitor(command_settings(), data_dir=data, progress=progress)
    _print(outcome.summary, outcome.folder)
    if as_json:
        first = {k: outcome.summary[k] for k in JSON_FIRST}
        print(json.dumps(first | outcome.summary, ensure_ascii=False))
