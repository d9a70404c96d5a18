"""Training-side commands of the `disputes` CLI: train and promote.

Registered in disputes/cli.py; heavy libraries are imported inside each command.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from disputes.output import emit_json
from disputes.settings import Settings, command_settings

if TYPE_CHECKING:
    import pandas as pd

    from data.dataset import Dataset
    from training.fit import TrainingConfig
    from training.run import TrainingOutcome

console = Console(stderr=True)


def _load(data_dir: Path | None, settings: Settings) -> Dataset:
    """A validated dataset from a folder, or from the store when no folder is given."""
    from data.loading import load_dataset
    from data.store import Store
    from data.validation import ValidationFailed

    try:
        if data_dir is not None:
            return load_dataset(data_dir)
        return Store(settings.store_url).read_dataset()
    except ValidationFailed as failure:
        console.print(failure.report.render(), markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None


def _truth(data_dir: Path | None) -> pd.DataFrame | None:
    import pandas as pd

    path = data_dir / "truth" / "unit_month_risk.parquet" if data_dir else None
    return pd.read_parquet(path) if path is not None and path.exists() else None


def train(
    data: Annotated[Path | None, typer.Option(help="Dataset folder; default: the store.")] = None,
    horizon_days: Annotated[int, typer.Option(help="Label horizon H in days.")] = 90,
    seed: Annotated[int, typer.Option(help="Model seed.")] = 7,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON on the last line.")] = False,
) -> None:
    """Train the risk model and baselines, evaluate, log to MLflow and register a `challenger` version."""
    from models.risk_model import RiskModelParams
    from training import tracking
    from training.fit import TrainingConfig
    from training.run import train_on_dataset

    settings = command_settings()
    cfg = TrainingConfig(horizon_days=horizon_days, seed=seed, params=RiskModelParams(seed=seed))
    with console.status("Loading data…"):
        dataset = _load(data, settings)
    tracking.configure(settings.tracking_uri, settings.artifacts_dir)
    champion_version = tracking.alias_version(settings.model_name, tracking.CHAMPION)
    champion = None
    if champion_version is not None:
        champion = (tracking.load_pyfunc(settings.model_name, tracking.CHAMPION), champion_version)
    with console.status("Building snapshots and training…"):
        outcome = train_on_dataset(dataset, cfg, truth=_truth(data), champion=champion)
    run_id, version = tracking.log_training_run(
        outcome.fitted.pyfunc, outcome.frame.head(100), _params(cfg, outcome), outcome.metrics, outcome.figures,
        {"slices": outcome.evaluation.slices}, outcome.reference, settings.model_name,
    )  # fmt: skip
    _print_metrics(outcome.metrics, version)
    if as_json:
        emit_json({"run_id": run_id, "model_version": version, "test": _test_block(outcome.metrics)})


def _params(cfg: TrainingConfig, outcome: TrainingOutcome) -> dict[str, object]:
    split = {f"split_{k}": v for k, v in outcome.fitted.split.describe().items()}
    calibration = outcome.fitted.pyfunc.model.calibrator_.method
    return {
        **cfg.params.model_dump(), **split, "horizon_days": cfg.horizon_days, "calibration": calibration,
        "best_iteration": outcome.fitted.pyfunc.model.best_iteration_,
        "features": len(outcome.fitted.pyfunc.feature_names),
    }  # fmt: skip


TEST_FIELDS = (
    "roc_auc", "pr_auc", "brier", "ece", "precision_at_1pct", "precision_at_5pct", "recall_at_5pct",
    "rule_precision_at_1pct", "logistic_pr_auc", "oracle_roc_auc", "oracle_pr_auc",
)  # fmt: skip


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


def promote(
    force: Annotated[bool, typer.Option(help="Promote even when the gate says no.")] = False,
) -> None:
    """Move `champion` to the current challenger when the gate passes (PR-AUC and ECE), else exit 1 with why."""
    from training import tracking
    from training.promotion import gate

    settings = command_settings()
    tracking.configure(settings.tracking_uri, settings.artifacts_dir)
    challenger = tracking.alias_version(settings.model_name, tracking.CHALLENGER)
    if challenger is None:
        console.print("[red]No challenger to promote: run `disputes train` first.[/red]")
        raise typer.Exit(1)
    champion = tracking.alias_version(settings.model_name, tracking.CHAMPION)
    if champion == challenger:
        console.print(f"v{challenger} is already the champion.")
        return
    decision = gate(tracking.run_metrics(settings.model_name, challenger), champion)
    if not decision.promote and not force:
        console.print(f"[red]Not promoted:[/red] v{challenger}: {decision.reason}")
        raise typer.Exit(1)
    tracking.set_alias(settings.model_name, tracking.CHAMPION, challenger)
    forced = " (forced)" if not decision.promote else ""
    console.print(f"[green]Promoted{forced}[/green] v{challenger} to champion: {decision.reason}")
