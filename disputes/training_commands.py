"""Training-side commands of the `disputes` CLI: train and promote.

Registered in disputes/cli.py; heavy libraries are imported inside each command.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from disputes.engine_options import Engine, EngineOption, SchedulerOption, WorkersOption, engine_config
from disputes.output import emit_json, reported_failures
from disputes.progress_view import shown_progress
from disputes.settings import command_settings

if TYPE_CHECKING:
    import pandas as pd

console = Console(stderr=True)
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress and no timing line.")]

TEST_FIELDS = (
    "roc_auc", "pr_auc", "brier", "ece", "precision_at_1pct", "precision_at_5pct", "recall_at_5pct",
    "rule_precision_at_1pct", "logistic_pr_auc", "oracle_roc_auc", "oracle_pr_auc",
)  # fmt: skip


def train(
    data: Annotated[Path | None, typer.Option(help="Dataset folder; default: the store.")] = None,
    horizon_days: Annotated[int, typer.Option(help="Label horizon H in days.", min=1)] = 90,
    seed: Annotated[int, typer.Option(help="Model seed.")] = 7,
    trees: Annotated[
        int | None,
        typer.Option(help="Most boosting rounds (default 800): in process stops early, on Dask all are grown.", min=1),
    ] = None,
    search: Annotated[
        float,
        typer.Option(
            help="Seconds for a hyper-parameter search on the validation window (in process; 0: the defaults).",
            min=0,
        ),
    ] = 0.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON on the last line.")] = False,
    quiet: Quiet = False,
    engine: EngineOption = Engine.local,
    workers: WorkersOption = 2,
    scheduler: SchedulerOption = None,
) -> None:
    """Train the risk model and baselines, evaluate, log to MLflow and register a `challenger` version."""
    from models.risk_model import RiskModelParams
    from training.baseline_check import baseline_report, baseline_warnings
    from training.fit import TrainingConfig
    from training.pipeline import run_train

    params = RiskModelParams(seed=seed) if trees is None else RiskModelParams(seed=seed, n_estimators=trees)
    if search and engine is not Engine.local:
        console.print(
            "[red]error[/red] --search runs in process only: drop --engine dask, or --search", highlight=False
        )
        raise typer.Exit(2)
    cfg = TrainingConfig(horizon_days=horizon_days, seed=seed, params=params, search_seconds=search)
    with reported_failures(), shown_progress(console, quiet, "train") as progress:
        result = run_train(command_settings(), cfg, data, progress, engine_config(engine, workers, scheduler))
    _print_metrics(result.metrics, result.version)
    for warning in baseline_warnings(result.metrics):
        console.print(f"[yellow]warning[/yellow] {warning}", highlight=False)
    slices = result.outcome.evaluation.slices
    _print_worst_slice(slices)
    searched = result.outcome.fitted.search
    if searched is not None:
        console.print(f"Search: {len(searched.candidates)} candidates in {searched.budget_seconds:g} s; kept "
                      f"{searched.chosen} (lowest validation log-loss)", highlight=False)  # fmt: skip
    if as_json:
        emit_json({
            "run_id": result.run_id, "model_version": result.version, "test": _test_block(result.metrics),
            **baseline_report(result.metrics), "slices": json.loads(slices.to_json(orient="records")),
            **({"search": searched.as_dict()} if searched is not None else {}),
        })  # fmt: skip


def _test_block(metrics: dict[str, float]) -> dict[str, float]:
    """The published test metrics; oracle fields only when the data carried ground truth."""
    return {k: round(metrics[k], 6) for k in TEST_FIELDS if k in metrics}


def _print_metrics(metrics: dict[str, float], version: str) -> None:
    from rich.table import Table

    table = Table(title=f"dispute-risk v{version} (challenger): test window")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for key in TEST_FIELDS:
        if key in metrics:
            table.add_row(key, f"{metrics[key]:.4f}")
    console.print(table)


def _print_worst_slice(slices: pd.DataFrame) -> None:
    from training.fairness import MIN_POSITIVES, worst_judged_ece

    ece, which = worst_judged_ece(slices)
    console.print(f"Fairness slices: {len(slices)}; worst ECE among those with ≥ {MIN_POSITIVES} positives: "
                  f"{ece:.4f}, {which}", highlight=False)  # fmt: skip


def promote(
    force: Annotated[bool, typer.Option(help="Promote even when the gate says no.")] = False,
) -> None:
    """Move `champion` to the current challenger when the gate passes (PR-AUC and ECE), else exit 1 with why."""
    from training.pipeline import run_promote

    result = run_promote(command_settings(), force)
    if result.challenger is None:
        console.print("[red]No challenger to promote: run `disputes train` first.[/red]")
        raise typer.Exit(1)
    if result.challenger == result.champion and not result.promoted:
        console.print(f"{result.decision.reason}.")  # already the champion (approved, or how to approve it)
        return
    if not result.promoted:
        console.print(f"[red]Not promoted:[/red] v{result.challenger}: {result.decision.reason}")
        raise typer.Exit(1)
    forced = " (forced)" if result.forced else ""
    console.print(f"[green]Promoted{forced}[/green] v{result.challenger} to champion: {result.decision.reason}")
