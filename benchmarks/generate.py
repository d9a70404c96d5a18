"""Benchmark `generate_world` + `write_world` (Parquet) per scale, each run in a fresh subprocess.

    python -m benchmarks.generate [--scales district,luohu] [--runs N]

Each run reports its own wall time and peak RSS (getrusage of the child itself, so one scale's peak never hides
another's). The median over runs is kept: 3 runs for district and small, 1 for luohu unless --runs says otherwise.
Results go to benchmarks/results/generate.json and generate.md, with rows per table, the world's unit-dispute
90-day base rate and oracle scores, and its steady-state figures (quarterly unit disputes over their mean, median
community disputes per 100 units a year). The times include the 36 burn-in months simulated before the window.
"""

from __future__ import annotations

import argparse
import json
import logging
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_RUNS = {"small": 3, "district": 3, "luohu": 1}
log = logging.getLogger("benchmarks.generate")
Run = dict[str, Any]
"""One run's measurements and world figures (JSON-ready)."""


def one_run(scale: str, seed: int) -> Run:
    """Generate and write one world in this process; time each step and read this process's peak RSS."""
    from data.synth import WorldConfig, generate_world, write_world
    from data.synth.summary import community_rates, headline, quarterly_disputes

    started = time.perf_counter()
    world = generate_world(WorldConfig(scale=scale, seed=seed))  # type: ignore[arg-type]
    generated = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        write_world(world, Path(tmp) / scale)
    written = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    quarters = quarterly_disputes(world)
    steady = {
        "quarter_min_over_mean": float(quarters.min() / quarters.mean()),
        "quarter_max_over_mean": float(quarters.max() / quarters.mean()),
        "community_median_per_100": float(community_rates(world).median()),
    }
    return {
        "generate_s": generated - started, "write_s": written - generated, "total_s": written - started,
        "peak_rss_mb": peak_mb, "rows": {name: len(frame) for name, frame in world.tables.items()},
        "truth_rows": len(world.truth), **headline(world), **steady,
    }  # fmt: skip


def run_in_subprocess(scale: str, seed: int) -> Run:
    """One run in a fresh interpreter; its result is the last line of its stdout."""
    cmd = [sys.executable, "-m", "benchmarks.generate", "--child", scale, "--seed", str(seed)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[1])
    result: Run = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def measure(scale: str, runs: int, seed: int) -> Run:
    """Median time and peak RSS over `runs` subprocess runs, with the (identical) world figures of the first."""
    results = []
    for i in range(runs):
        results.append(run_in_subprocess(scale, seed))
        took, peak = results[-1]["total_s"], results[-1]["peak_rss_mb"]
        log.info("%s run %d/%d: %.1f s, %.0f MB", scale, i + 1, runs, took, peak)
    timed = ("generate_s", "write_s", "total_s", "peak_rss_mb")
    median = {key: statistics.median(float(r[key]) for r in results) for key in timed}
    return {**results[0], **median, "runs": runs}


HEADER = (
    "| scale | runs | generate s | write s | total s | peak RSS MB | unit-dispute base rate (90 d) "
    "| oracle ROC-AUC | oracle PR-AUC | quarters / mean | median community /100 units/yr |"
)


def markdown(results: dict[str, Run]) -> str:
    """The results as a Markdown report."""
    lines = [
        "# Benchmark: generate + write (Parquet)", "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}. Each run is a fresh subprocess; "
        "times and peak RSS are medians over the runs.", "", HEADER, "|---" * 11 + "|",
    ]  # fmt: skip
    for scale, r in results.items():
        lines.append(
            f"| {scale} | {r['runs']} | {r['generate_s']:.1f} | {r['write_s']:.1f} | {r['total_s']:.1f} "
            f"| {r['peak_rss_mb']:,.0f} | {r['base_rate_90d']:.2%} | {r['oracle_roc_auc']:.3f} "
            f"| {r['oracle_pr_auc']:.3f} | {r['quarter_min_over_mean']:.2f}–{r['quarter_max_over_mean']:.2f} "
            f"| {r['community_median_per_100']:.1f} |"
        )
    tables = list(next(iter(results.values()))["rows"])
    lines += ["", "## Rows per table", "", "| scale | " + " | ".join(tables) + " | truth |"]
    lines.append("|---" * (len(tables) + 2) + "|")
    for scale, r in results.items():
        counts = " | ".join(f"{r['rows'][t]:,}" for t in tables)
        lines.append(f"| {scale} | {counts} | {r['truth_rows']:,} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    """Parse arguments; run the child step or the whole benchmark."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="district,luohu", help="comma-separated scales")
    parser.add_argument("--runs", type=int, default=None, help="runs per scale (default: 3, or 1 for luohu)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        sys.stdout.write(json.dumps(one_run(args.child, args.seed)) + "\n")
        return
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    results = {s: measure(s, args.runs or DEFAULT_RUNS[s], args.seed) for s in args.scales.split(",")}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "generate.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "generate.md").write_text(markdown(results), encoding="utf-8")
    log.info("%s", markdown(results))


if __name__ == "__main__":
    main()
