"""Real-data commands of the `disputes` CLI: evaluate the risk model on public NYC housing data."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

if TYPE_CHECKING:
    from collections.abc import Mapping

realdata_app = typer.Typer(no_args_is_help=True, add_completion=False, help="Check the model on real public data.")
console = Console(stderr=True)
PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHOWN = ("roc_auc", "pr_auc", "precision_at_1pct", "precision_at_5pct", "ece", "rule_precision_at_1pct",
         "size_only_roc_auc", "size_only_pr_auc", "logistic_roc_auc")  # fmt: skip


@realdata_app.command()
def nyc(
    path: Annotated[
        Path | None, typer.Option(help="The NYC panel (default: $DISPUTES_REALDATA_PATH, else ../shared/realdata).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON on the last line.")] = False,
    folds: Annotated[int, typer.Option(min=2, help="Stratified folds over buildings.")] = 5,
    seed: Annotated[int, typer.Option(help="Seed of the folds, the inner splits and the model.")] = 7,
) -> None:
    """Cross-validate the risk model and its baselines on NYC rental buildings, for labels A and B."""
    from models.risk_model import RiskModelParams
    from training.realdata.evaluation import RealDataConfig, evaluate_nyc
    from training.realdata.nyc import read_nyc, resolve_nyc_path
    from training.realdata.report import nyc_payload

    source = resolve_nyc_path(path, os.environ, PROJECT_ROOT)
    try:
        frame = read_nyc(source)
    except (FileNotFoundError, ValueError) as problem:
        console.print(f"[red]{problem}[/red]")
        raise typer.Exit(2) from None
    cfg = RealDataConfig(folds=folds, seed=seed, params=RiskModelParams(seed=seed, n_jobs=1))
    with console.status(f"Cross-validating on {len(frame):,} buildings ({folds} folds, seed {seed})…"):
        payload = nyc_payload(evaluate_nyc(frame, cfg))
    _print_table(payload)
    if as_json:
        typer.echo(json.dumps(payload, ensure_ascii=False))


def _print_table(payload: Mapping[str, Mapping[str, Any]]) -> None:
    from rich.table import Table

    table = Table(title="NYC rental buildings: mean ± std over folds")
    table.add_column("metric")
    for key in payload:
        table.add_column(key, justify="right")
    for name in SHOWN:
        cells = [payload[k]["spread"].get(name) for k in payload]
        table.add_row(name, *(f"{c['mean']:.3f} ± {c['std']:.3f}" if c else "–" for c in cells))
    console.print(table)
    for key, block in payload.items():
        missed = [check for check, met in block["targets_met"].items() if not met]
        verdict = "all targets met" if not missed else "not met: " + ", ".join(missed)
        console.print(f"{key}: {verdict}")
