"""Outreach benchmark: disputes averted per 100 visits under each policy, on worlds never used while building it.

    python -m benchmarks.outreach [--scale small] [--seeds 101 102 103 104 105] [--capacity 20] [--months 6]

Each seed is one world (training/outreach.py replays its last M months under none, random, rule, model and oracle
visits, on common random numbers). The ratios model ÷ rule and model ÷ oracle are taken per world, so each is
measured within one run; the report gives their median and range over worlds, and the per-policy mean with a
t-interval over worlds. Seeds 101 and up were never looked at while the world or the model was written (seed 11,
the command's default, was). Results: benchmarks/results/outreach.json and .md, and a plot against capacity.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import time
from pathlib import Path

import pandas as pd

RESULTS = Path(__file__).parent / "results"
TARGETS = {"model_over_rule": 1.2, "model_over_oracle": 0.8}
log = logging.getLogger("benchmarks.outreach")


def per_world(rows: pd.DataFrame, capacity: int) -> pd.DataFrame:
    """Averted per 100 visits per (world, policy) at one capacity, one column per policy."""
    at_k = rows[(rows["capacity"] == capacity) & (rows["policy"] != "none")]
    per_100 = at_k["averted"] * 100 / at_k["visits"].clip(lower=1)
    return at_k.assign(per_100=per_100).pivot(index="seed", columns="policy", values="per_100")


def ratios(table: pd.DataFrame) -> dict[str, list[float]]:
    """model ÷ rule and model ÷ oracle in each world (a world where the divisor averted nothing has no ratio)."""
    out: dict[str, list[float]] = {}
    for name, divisor in (("model_over_rule", "rule"), ("model_over_oracle", "oracle")):
        out[name] = [round(m / d, 3) for m, d in zip(table["model"], table[divisor], strict=True) if d > 0]
    return out


def write(results: dict[str, object], summary: pd.DataFrame, table: pd.DataFrame) -> None:
    from training.outreach_plot import capacity_figure

    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "outreach.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    capacity_figure(summary).savefig(RESULTS / "outreach.png", dpi=110)
    k = results["capacity"]
    lines = [
        "# Outreach: disputes averted per 100 visits",
        "",
        f"`{results['scale']}` worlds, seeds {results['seeds']}; K = {k} visits per subdistrict a month over the last "
        f"{results['months']} months; {results['seconds']} s in all.",
        "",
        "| world | " + " | ".join(table.columns) + " |",
        "|---|" + "---|" * len(table.columns),
    ]
    lines += [f"| {seed} | " + " | ".join(f"{v:.2f}" for v in row) + " |" for seed, row in table.iterrows()]
    lines += ["", "| policy | mean per 100 visits | 95% interval over worlds |", "|---|---|---|"]
    at_k = summary[(summary["capacity"] == k) & (summary["policy"] != "none")]
    lines += [f"| {r.policy} | {r.averted_per_100_visits:.2f} | [{r.ci_low:.2f}, {r.ci_high:.2f}] |"
              for r in at_k.itertuples()]  # fmt: skip
    lines += ["", "| target | median over worlds | range | bound | met |", "|---|---|---|---|---|"]
    for name, bound in TARGETS.items():
        values = results["ratios"][name]  # type: ignore[index]
        median = statistics.median(values) if values else float("nan")
        span = f"{min(values):.2f}–{max(values):.2f}" if values else "–"
        lines.append(
            f"| {name.replace('_', ' ')} | {median:.2f} | {span} | ≥ {bound} | {'yes' if median >= bound else 'no'} |"
        )
    lines += ["", "![Averted disputes against capacity](outreach.png)"]
    (RESULTS / "outreach.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


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
        log.info("seed %d: %s", seed, [(r["policy"], r["capacity"], r["averted"]) for r in world])
    frame = pd.DataFrame(rows)
    table = per_world(frame, args.capacity)
    results: dict[str, object] = {
        "scale": args.scale, "seeds": args.seeds, "capacity": args.capacity, "months": args.months,
        "seconds": round(time.perf_counter() - started, 1), "per_world": json.loads(table.to_json(orient="index")),
        "ratios": ratios(table), "rows": rows,
    }  # fmt: skip
    write(results, summarise(frame.drop(columns="seed")), table)
    log.info("%s", json.dumps({k: v for k, v in results.items() if k != "rows"}))


if __name__ == "__main__":
    main()
