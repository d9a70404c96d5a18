"""Outreach benchmark: disputes averted per 100 visits under each policy, on worlds never used while building it.

    python -m benchmarks.outreach [--scale small] [--seeds 101 102 103 104 105] [--capacity 20] [--months 6]

Each seed is one world (training/outreach.py replays its last M months under none, random, rule, model and oracle
visits, on common random numbers). The ratios model ÷ rule and model ÷ oracle are taken per world, so each is
measured within one run; the report gives their median and range over worlds, and the per-policy mean with a
t-interval over worlds. Seeds 101 and up were never looked at while the world or the model was written (seed 11,
the command's default, was). Results: benchmarks/results/outreach-SCALE.json and .md, and a plot against capacity.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import time
from pathlib import Path
from typing import Any

import pandas as pd

RESULTS = Path(__file__).parent / "results"
TARGETS = {"model_over_rule": 1.2, "model_over_oracle": 0.8}
log = logging.getLogger("benchmarks.outreach")


def per_world(rows: pd.DataFrame, capacity: int, column: str = "expected_averted") -> pd.DataFrame:
    """Averted per 100 visits per (world, policy) at one capacity, one column per policy."""
    at_k = rows[(rows["capacity"] == capacity) & (rows["policy"] != "none")]
    per_100 = at_k[column] * 100 / at_k["visits"].clip(lower=1)
    return at_k.assign(per_100=per_100).pivot(index="seed", columns="policy", values="per_100")


def ratios(table: pd.DataFrame) -> dict[str, list[float]]:
    """model ÷ rule and model ÷ oracle in each world (a world where the divisor averted nothing has no ratio)."""
    out: dict[str, list[float]] = {}
    pairs = (
        ("model_over_rule", "model", "rule"),
        ("model_over_oracle", "model", "oracle"),
        ("oracle_over_rule", "oracle", "rule"),
    )  # the last: how far ranking by the true risk gets past the rule
    for name, policy, divisor in pairs:
        out[name] = [round(m / d, 3) for m, d in zip(table[policy], table[divisor], strict=True) if d > 0]
    return out


def _table(title: str, table: pd.DataFrame) -> list[str]:
    lines = [f"**{title}**", "", "| world | " + " | ".join(table.columns) + " |", "|---|" + "---|" * len(table.columns)]
    return lines + [f"| {seed} | " + " | ".join(f"{v:.2f}" for v in row) + " |" for seed, row in table.iterrows()]


def write(results: dict[str, Any], summary: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> None:
    from training.outreach_plot import capacity_figure

    RESULTS.mkdir(exist_ok=True)
    name = f"outreach-{results['scale']}"
    (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    capacity_figure(summary).savefig(RESULTS / f"{name}.png", dpi=110)
    k = results["capacity"]
    lines = [
        "# Outreach: disputes averted per 100 visits",
        "",
        f"`{results['scale']}` worlds, seeds {results['seeds']}; K = {k} visits per subdistrict a month over the last "
        f"{results['months']} months; {results['seconds']} s in all. *Expected* averted is the fall in the disputes "
        "the hidden hazards expect (Σ h over households and months); *filed* counts the disputes actually drawn.",
        "",
        *_table("Expected disputes averted per 100 visits", tables["expected"]),
        "",
        *_table("Filed disputes averted per 100 visits", tables["filed"]),
        "",
        "| policy | expected per 100 visits | 95% interval over worlds | filed per 100 visits | 95% interval |",
        "|---|---|---|---|---|",
    ]
    at_k = summary[(summary["capacity"] == k) & (summary["policy"] != "none")]
    lines += [f"| {r.policy} | {r.expected_averted_per_100_visits:.2f} | [{r.expected_ci_low:.2f}, "
              f"{r.expected_ci_high:.2f}] | {r.averted_per_100_visits:.2f} | [{r.ci_low:.2f}, {r.ci_high:.2f}] |"
              for r in at_k.itertuples()]  # fmt: skip
    lines += ["", "| target (expected averted) | median over worlds | range | bound | met |", "|---|---|---|---|---|"]
    for target, bound in TARGETS.items():
        values = results["ratios"]["expected"][target]
        median = statistics.median(values) if values else float("nan")
        span = f"{min(values):.2f}–{max(values):.2f}" if values else "–"
        met = "yes" if median >= bound else "no"
        lines.append(f"| {target.replace('_', ' ')} | {median:.2f} | {span} | ≥ {bound} | {met} |")
    ceiling = results["ratios"]["expected"]["oracle_over_rule"]
    lines += [
        "",
        f"Oracle ÷ rule (expected): median {statistics.median(ceiling):.2f}, range "
        f"{min(ceiling):.2f}–{max(ceiling):.2f}: ranking by the true risk gets this far past the rule.",
    ]
    lines += ["", f"![Expected disputes averted against capacity]({name}.png)"]
    (RESULTS / f"{name}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    from training.outreach import OutreachConfig, replay, summarise

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="small", choices=["small", "district"])
    parser.add_argument("--seeds", type=int, nargs="+", default=[101, 102, 103, 104, 105])
    parser.add_argument("--capacity", type=int, default=20)
    parser.add_argument("--months", type=int, default=6)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    cfg = OutreachConfig(scale=args.scale, capacity=args.capacity, months=args.months, repetitions=1)
    grid = sorted({max(args.capacity // 2, 1), args.capacity, args.capacity * 2})
    started, rows = time.perf_counter(), []
    for seed in args.seeds:
        world = replay(cfg, seed, grid)
        rows += [{**row, "seed": seed} for row in world]
        log.info(
            "seed %d: %s",
            seed,
            [(r["policy"], r["capacity"], round(float(str(r["expected_averted"])), 1)) for r in world],
        )
    frame = pd.DataFrame(rows)
    tables = {"expected": per_world(frame, args.capacity), "filed": per_world(frame, args.capacity, "averted")}
    results: dict[str, Any] = {
        "scale": args.scale, "seeds": args.seeds, "capacity": args.capacity, "months": args.months,
        "seconds": round(time.perf_counter() - started, 1),
        "per_world": {name: json.loads(table.to_json(orient="index")) for name, table in tables.items()},
        "ratios": {name: ratios(table) for name, table in tables.items()}, "rows": rows,
    }  # fmt: skip
    write(results, summarise(frame.drop(columns="seed")), tables)
    log.info("%s", json.dumps({k: v for k, v in results.items() if k != "rows"}))


if __name__ == "__main__":
    main()
