"""Batch scoring benchmark: every unit of a generated world scored by a champion, stage by stage.

    python -m benchmarks.serving_batch --home DIR [--scale luohu] [--command]

The champion comes from DIR (a prepared serving home, e.g. the one benchmarks.serving builds); the world is
generated in memory, so the stages timed are exactly what `disputes score` does after reading the data:
features at the as-of, the model (probability, band, reasons), community rollups, and the write to SQL.
With --command, the whole `disputes score` on DIR's store is timed as well.
Results go to benchmarks/results/serving_batch.json and .md.
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from data.dataset import Dataset

RESULTS = Path(__file__).parent / "results"
TARGET_SECONDS = 120.0
log = logging.getLogger("benchmarks.serving_batch")


def timed(stages: dict[str, float], name: str, started: float) -> float:
    now = time.perf_counter()
    stages[name] = round(now - started, 2)
    log.info("%s: %.1f s", name, stages[name])
    return now


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="A home whose MLflow holds the champion.")
    parser.add_argument("--scale", default="luohu", choices=["small", "district", "luohu"])
    parser.add_argument(
        "--command", action="store_true",
        help="Also time the whole `disputes score` (read from HOME's store, score, write, transparency pages); "
        "HOME's store must hold the same world (`disputes generate` with seed 7, then `disputes ingest`).",
    )  # fmt: skip
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")

    from data.synth import WorldConfig, generate_world
    from data.timeline import latest_as_of
    from features import build_unit_features
    from models.registry import Registry
    from scoring.batch import BatchScores, score_units
    from scoring.rollups import community_rollups
    from scoring.writing import ScoredBy, write_run
    from serving.db import open_engine

    model = Registry(f"sqlite:///{(args.home / 'mlflow.db').resolve()}", "dispute-risk").load_approved()
    dataset = Dataset(tables=generate_world(WorldConfig(scale=args.scale, seed=7)).tables)
    stages: dict[str, float] = {}
    started = time.perf_counter()
    as_of = latest_as_of(dataset)
    features = build_unit_features(dataset, as_of)
    mark = timed(stages, "features", started)
    scores = score_units(model.pyfunc, features)
    mark = timed(stages, "model (probability, band, reasons)", mark)
    rollups = community_rollups(scores)
    mark = timed(stages, "community rollups", mark)
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as folder:
        engine = open_engine(f"sqlite:///{folder}/store.db")
        write_run(engine, BatchScores(as_of, scores, rollups), ScoredBy(model.name, model.version, 90))
        engine.dispose()
    timed(stages, "write scores and rollups (SQLite)", mark)
    total = round(sum(stages.values()), 2)
    command_s = _time_command(args.home) if args.command else None
    result = {
        "scale": args.scale, "units": len(scores), "communities": len(rollups), "as_of": str(as_of.date()),
        "model_version": model.version, "features": len(model.pyfunc.feature_names), "stages_s": stages,
        "trees": model.pyfunc.model.best_iteration_,
        "total_s": total, "units_per_s": round(len(scores) / total), "target_s": TARGET_SECONDS,
        "met": total <= TARGET_SECONDS, "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "command_s": command_s,
    }  # fmt: skip
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "serving_batch.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / "serving_batch.md").write_text(_markdown(result))


def _time_command(home: Path) -> float:
    """Wall seconds of `disputes score` on the home, as an operator runs it."""
    from benchmarks.serving_setup import home_env

    started = time.perf_counter()
    subprocess.run([str(Path(sys.executable).parent / "disputes"), "score"], env=home_env(home), check=True)
    seconds = round(time.perf_counter() - started, 1)
    log.info("disputes score: %.1f s", seconds)
    return seconds


def _markdown(result: dict[str, object]) -> str:
    stages = result["stages_s"]
    assert isinstance(stages, dict)
    rows = "\n".join(f"| {name} | {seconds:.1f} s |" for name, seconds in stages.items())
    return (
        "# Benchmark: batch scoring (`disputes score` after the data is read)\n\n"
        f"World `{result['scale']}`: {result['units']:,} units, {result['communities']:,} communities, as of "
        f"{result['as_of']}; champion v{result['model_version']} "
        f"({result['features']} features, {result['trees']} trees). "
        f"Peak RSS {result['peak_rss_mb']:,} MB.\n\n| stage | time |\n|---|---|\n{rows}\n"
        f"| **total** | **{result['total_s']:.1f} s** ({result['units_per_s']:,} units/s; target ≤ "
        f"{result['target_s']:.0f} s: {'met' if result['met'] else 'not met'}) |\n"
        + (
            f"\nThe whole command, `disputes score` from the SQLite store (read every table, score, write, precompute "
            f"the transparency pages): **{result['command_s']:.1f} s**.\n"
            if result.get("command_s") is not None
            else ""
        )
    )


if __name__ == "__main__":
    main()
