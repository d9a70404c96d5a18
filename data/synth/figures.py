"""The figures and numbers behind docs/synthetic_world.md: steady state, risk level, communities and outreach.

    python -m data.synth.figures [OUT_DIR]   # default docs/; prints the measured numbers as JSON

Uses matplotlib's object API (no global pyplot state).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from data.synth.config import WorldConfig
from data.synth.generation import World, generate_world
from data.synth.summary import community_rates, quarterly_disputes

SEEDS = (3, 7, 11)
OUTREACH_MONTH = 12
"""The month (published index) of the outreach example: 2024-01 with the default start."""


def _visits(world: World) -> pd.DataFrame:
    if world.outreach is None:
        raise ValueError("this world was generated without visits")
    return world.outreach


def quarterly_figure(worlds: dict[int, World], cold: World) -> Figure:
    """Unit disputes per quarter over their mean, per seed, against the ±25% band and a world with no burn-in."""
    fig = Figure(figsize=(7, 4), layout="constrained")
    ax = fig.add_subplot()
    ax.axhspan(0.75, 1.25, color="tab:green", alpha=0.1, label="±25% of the mean")
    for seed, world in worlds.items():
        q = quarterly_disputes(world)
        ax.plot(q.index.astype(str), q / q.mean(), marker="o", label=f"seed {seed} (mean {q.mean():,.0f})")
    q = quarterly_disputes(cold)
    ax.plot(q.index.astype(str), q / q.mean(), color="grey", linestyle="--", label="seed 7 without burn-in")
    ax.set(ylabel="unit disputes / mean per quarter", title="District: unit disputes per quarter", ylim=(0, 2))
    ax.tick_params(axis="x", labelrotation=45)
    ax.legend(fontsize=8, loc="upper left")
    return fig


def risk_figure(worlds: dict[int, World]) -> Figure:
    """Mean 90-day p_true at every as-of date, per seed, against the 1–4% target."""
    fig = Figure(figsize=(7, 3.5), layout="constrained")
    ax = fig.add_subplot()
    ax.axhspan(0.01, 0.04, color="tab:green", alpha=0.1, label="target 1–4%")
    for seed, world in worlds.items():
        mean = world.truth.groupby("as_of").p_true.mean()
        ax.plot(mean.index, mean.to_numpy(), label=f"seed {seed}: {world.truth.p_true.mean():.2%}")
    ax.set(ylabel="mean p_true (90 days)", title="District: mean p_true per as-of date", ylim=(0, 0.05))
    ax.yaxis.set_major_formatter("{x:.0%}")
    ax.legend(fontsize=8)
    return fig


def community_figure(worlds: dict[int, World]) -> Figure:
    """Histogram of unit disputes per 100 units a year across communities (all seeds pooled)."""
    rates = pd.concat([community_rates(w) for w in worlds.values()])
    fig = Figure(figsize=(7, 3.5), layout="constrained")
    ax = fig.add_subplot()
    ax.hist(rates, bins=list(np.arange(0.0, rates.max() + 1, 1.0)), color="tab:blue", alpha=0.8)
    for value, label, style in [(rates.median(), "median", "-"), (rates.quantile(0.9), "p90", "--")]:
        ax.axvline(value, color="black", linestyle=style, label=f"{label} {value:.1f}")
    ax.axvline(10, color="tab:red", linestyle=":", label="target: median below 10")
    ax.set(xlabel="unit disputes per 100 units a year", ylabel="communities", title="District communities, 3 seeds")
    ax.legend(fontsize=8)
    return fig


def outreach_figure(base: World, visited: World) -> Figure:
    """Monthly disputes of the visited households with and without the visit (same seed, common random numbers)."""
    ids = _visits(visited).unit_id
    fig = Figure(figsize=(7, 3.5), layout="constrained")
    ax = fig.add_subplot()
    for world, label in [(base, "not visited"), (visited, f"visited in month {OUTREACH_MONTH}")]:
        d = world.tables["disputes"]
        monthly = d.filed_at[d.unit_id.isin(ids)].dt.to_period("M").value_counts().sort_index()
        ax.plot(monthly.index.astype(str), monthly.to_numpy(), marker=".", label=label)
    ax.set(ylabel="disputes a month", title=f"District seed 7: the {len(ids):,} visited households")
    ax.tick_params(axis="x", labelrotation=90, labelsize=7)
    ax.legend(fontsize=8)
    return fig


def outreach_example(cfg: WorldConfig, base: World) -> World:
    """Visit every second owner-occupied household once, in OUTREACH_MONTH."""
    units = base.tables["units"]
    return generate_world(
        cfg, visits={OUTREACH_MONTH: units.unit_id[units.occupancy == "owner_occupied"].to_numpy()[::2]}
    )


def steady_numbers(world: World) -> dict[str, float]:
    """The steady-state targets of one world."""
    q, rates = quarterly_disputes(world), community_rates(world)
    return {
        "quarter_min_over_mean": float(q.min() / q.mean()),
        "quarter_max_over_mean": float(q.max() / q.mean()),
        "mean_p_true": float(world.truth.p_true.mean()),
        "community_median": float(rates.median()),
        "community_p90": float(rates.quantile(0.9)),
        "community_max": float(rates.max()),
    }


def outreach_numbers(base: World, visited: World) -> dict[str, float]:
    """What the example visits achieved, and the visited households' disputes in the six months from the visit."""
    o = _visits(visited)
    first = pd.Period(base.config.start, "M") + OUTREACH_MONTH
    lo, hi = first.start_time, (first + 6).start_time

    def disputes(world: World) -> int:
        d = world.tables["disputes"]
        return int((d.unit_id.isin(o.unit_id) & (d.filed_at >= lo) & (d.filed_at < hi)).sum())

    return {
        "visited": len(o), "reached": float(o.reached.mean()), "settled": int(o.settled_arrears.sum()),
        "resolved": int(o.resolved_complaints.sum()), "calm_mean_reached": float(o.calm_logit[o.reached].mean()),
        "disputes_6_months_without": disputes(base), "disputes_6_months_with": disputes(visited),
    }  # fmt: skip


def write_figures(out_dir: Path) -> dict[str, object]:
    """Generate the district worlds, save the PNGs into out_dir and return the measured numbers."""
    worlds = {seed: generate_world(WorldConfig(scale="district", seed=seed)) for seed in SEEDS}
    cold = generate_world(WorldConfig(scale="district", seed=7, burn_in=0))
    visited = outreach_example(worlds[7].config, worlds[7])
    figures = {
        "world_quarterly_disputes.png": quarterly_figure(worlds, cold),
        "world_p_true.png": risk_figure(worlds),
        "world_community_rates.png": community_figure(worlds),
        "world_outreach.png": outreach_figure(worlds[7], visited),
    }
    for name, fig in figures.items():
        fig.savefig(out_dir / name, dpi=110)
    numbers: dict[str, object] = {f"seed {seed}": steady_numbers(world) for seed, world in worlds.items()}
    return {**numbers, "outreach": outreach_numbers(worlds[7], visited)}


def main(argv: list[str] | None = None) -> None:
    """Write the figures and print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out_dir", nargs="?", default="docs", type=Path)
    args = parser.parse_args(argv)
    sys.stdout.write(json.dumps(write_figures(args.out_dir), indent=2) + "\n")


if __name__ == "__main__":
    main()
