"""`disputes simulate outreach`: disputes averted per 100 visits under each visit policy, on a synthetic world.

Registered in disputes/cli.py; heavy libraries are imported inside the command.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from disputes.output import emit_json
from disputes.progress_view import shown_progress
from disputes.settings import command_settings

console = Console(stderr=True)
simulate_app = typer.Typer(no_args_is_help=True, add_completion=False, help="Simulations on a synthetic world.")


class SimScale(StrEnum):
    small = "small"
    district = "district"


@simulate_app.callback()
def simulate() -> None:
    """Simulations on a synthetic world."""


@simulate_app.command()
def outreach(
    scale: Annotated[SimScale, typer.Option(help="World size.")] = SimScale.small,
    seed: Annotated[int, typer.Option(help="First world's seed; repetitions use seed + 1000·r.")] = 11,
    capacity: Annotated[int, typer.Option(help="Visits per subdistrict per month (K).", min=1)] = 20,
    months: Annotated[int, typer.Option(help="Months replayed at the end of the world (M).", min=1, max=12)] = 6,
    repetitions: Annotated[int, typer.Option(help="Worlds to replay; the interval is over them.", min=1)] = 3,
    plot: Annotated[Path | None, typer.Option(help="Where to draw averted disputes against capacity.")] = None,
    grid: Annotated[bool, typer.Option(help="Also replay K/2 and 2K, for the plot against capacity.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON on the last line.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress and no timing line.")] = False,
) -> None:
    """Replay the last M months under none, random, rule, model and oracle visits (K per subdistrict a month)."""
    from training.outreach import OutreachConfig, simulate_outreach
    from training.outreach_plot import capacity_figure

    cfg = OutreachConfig(scale=scale.value, seed=seed, capacity=capacity, months=months, repetitions=repetitions)
    with (
        shown_progress(console, quiet, "simulate outreach") as progress,
        progress.stage("replaying worlds", total=repetitions) as advance,
    ):
        _, summary = simulate_outreach(cfg, None if grid else [capacity], on_repetition=lambda _r: advance(1))
    target = plot or command_settings().reports_dir / f"outreach-{scale.value}-{seed}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    capacity_figure(summary).savefig(target, dpi=120)
    at_k = summary[summary["capacity"] == capacity]
    for row in at_k.itertuples():
        console.print(f"{row.policy:>7}: {row.averted:6.1f} averted in {row.visits:7.0f} visits = "
                      f"{row.averted_per_100_visits:5.2f} per 100 [{row.ci_low:.2f}, {row.ci_high:.2f}]; "
                      f"expected {row.expected_averted_per_100_visits:5.2f} per 100 "
                      f"[{row.expected_ci_low:.2f}, {row.expected_ci_high:.2f}]")  # fmt: skip
    console.print(f"Plot: {target}")
    if as_json:
        fields = ["policy", "visits", "disputes", "averted", "averted_per_100_visits", "ci_low", "ci_high",
                  "expected_disputes", "expected_averted", "expected_averted_per_100_visits", "expected_ci_low",
                  "expected_ci_high"]  # fmt: skip
        policies = json.loads(at_k.loc[:, fields].to_json(orient="records"))
        emit_json({"policies": policies, "capacity": capacity, "months": months, "repetitions": repetitions})
