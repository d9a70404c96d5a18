"""Benchmark the risk model's quality and the training pipeline's speed.

    python -m benchmarks.training quality [--seeds 1,2,3] [--scale district]
    python -m benchmarks.training speed [--scales district,luohu]

`quality` generates a world per seed, runs the whole training pipeline on it in a fresh subprocess and reports the
median and spread of every test metric against the targets (the oracle is the generator's own p_true on the same
rows). `speed` times `disputes train --data DIR` (features, training, evaluation and MLflow logging) in a fresh
process per scale and reads that process's peak RSS; generating the world is timed separately.
Results: benchmarks/results/training_quality.{json,md} and training_speed.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
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
QUALITY_KEYS = (
    "roc_auc", "pr_auc", "ece", "brier", "precision_at_1pct", "precision_at_5pct", "recall_at_5pct",
    "rule_precision_at_1pct", "logistic_pr_auc", "logistic_roc_auc", "oracle_roc_auc", "oracle_pr_auc",
    "oracle_precision_at_1pct", "base_rate", "slice_max_ece",
)  # fmt: skip
VALIDATION_KEYS = ("validation_pr_auc", "validation_logistic_pr_auc", "validation_logistic_beats_model")
"""Reported per run, not summarised: the validation window's model and logistic PR-AUC."""
log = logging.getLogger("benchmarks.training")


def quality_run(scale: str, seed: int, vary: int | None = None, model_seed: int | None = None) -> dict[str, Any]:
    """Generate one world (mechanisms drawn from `vary`, if given) and train on it in this process as `disputes
    train` does (model seed: `model_seed`, else the world's seed); return its test metrics and timings."""
    from data.dataset import Dataset
    from data.synth import WorldConfig, generate_world
    from models.risk_model import RiskModelParams
    from training.fit import TrainingConfig
    from training.run import train_on_dataset

    world = generate_world(WorldConfig(scale=scale, seed=seed, vary=vary))  # type: ignore[arg-type]
    started = time.perf_counter()
    trained = seed if model_seed is None else model_seed
    cfg = TrainingConfig(seed=trained, params=RiskModelParams(seed=trained))
    outcome = train_on_dataset(Dataset(tables=world.tables), cfg, truth=world.truth)
    metrics = {k: outcome.metrics[k] for k in (*QUALITY_KEYS, *VALIDATION_KEYS) if k in outcome.metrics}
    return {
        "seed": seed, "train_s": time.perf_counter() - started, **metrics,
        "calibration": outcome.fitted.pyfunc.model.calibrator_.method,
        "best_iteration": outcome.fitted.pyfunc.model.best_iteration_,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }  # fmt: skip


def in_subprocess(args: list[str]) -> dict[str, Any]:
    """Run `python -m benchmarks.training ARGS` in a fresh process; its last stdout line as JSON."""
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.training", *args], capture_output=True, text=True, check=True
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def _spread(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def quality_checks(summary: dict[str, dict[str, float]]) -> list[dict[str, Any]]:
    """The issue's quality targets, evaluated on the medians."""
    m = {k: v["median"] for k, v in summary.items()}
    return [
        {"target": "ROC-AUC ≥ oracle − 0.02", "value": m["roc_auc"], "bound": m["oracle_roc_auc"] - 0.02},
        {"target": "PR-AUC ≥ 0.85 × oracle", "value": m["pr_auc"], "bound": 0.85 * m["oracle_pr_auc"]},
        {
            "target": "precision@1% ≥ 2 × rule",
            "value": m["precision_at_1pct"],
            "bound": 2 * m["rule_precision_at_1pct"],
        },
        {"target": "ECE ≤ 0.01", "value": -m["ece"], "bound": -0.01, "shown": m["ece"]},
    ]


def run_quality(scale: str, seeds: list[int]) -> dict[str, Any]:
    runs = []
    for seed in seeds:
        log.info("quality: %s seed %d", scale, seed)
        runs.append(in_subprocess(["_quality_run", scale, str(seed)]))
    summary = {k: _spread([r[k] for r in runs]) for k in (*QUALITY_KEYS, "train_s", "peak_rss_mb") if k in runs[0]}
    checks = [{**c, "met": c["value"] >= c["bound"]} for c in quality_checks(summary)]
    return {"scale": scale, "seeds": seeds, "runs": runs, "summary": summary, "checks": checks, **machine()}


def speed_run(scale: str) -> dict[str, Any]:
    """Generate a world, then time `disputes train --data` on it in a child process."""
    with tempfile.TemporaryDirectory() as tmp:
        data, home = Path(tmp) / scale, Path(tmp) / "home"
        started = time.perf_counter()
        subprocess.run([_disputes(), "generate", str(data), "--scale", scale], check=True, capture_output=True)
        generated = time.perf_counter()
        env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")} | {"DISPUTES_HOME": str(home)}
        result = subprocess.run(
            [_disputes(), "train", "--data", str(data), "--json"], env=env, capture_output=True, text=True, check=True
        )
        trained = time.perf_counter()
    payload = json.loads(result.stdout.strip().splitlines()[-1])
    return {
        "scale": scale, "generate_s": generated - started, "train_s": trained - generated,
        "end_to_end_s": trained - started,
        "train_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "test": payload["test"],
    }  # fmt: skip


def _disputes() -> str:
    return str(Path(sys.executable).parent / "disputes")


def machine() -> dict[str, Any]:
    """Python version, CPUs and the load average, to read a timing against."""
    return {"python": platform.python_version(), "cpus": os.cpu_count(), "load_avg_1m": os.getloadavg()[0]}


def quality_markdown(result: dict[str, Any]) -> str:
    lines = [
        f"# Model quality: `{result['scale']}` world, seeds {result['seeds']}",
        "",
        "| metric | median | min | max |",
        "|---|---|---|---|",
        *(f"| {k} | {v['median']:.4f} | {v['min']:.4f} | {v['max']:.4f} |" for k, v in result["summary"].items()),
        "",
        "| target | value (median) | bound | met |",
        "|---|---|---|---|",
        *(
            f"| {c['target']} | {c.get('shown', c['value']):.4f} | {abs(c['bound']):.4f} | "
            f"{'yes' if c['met'] else 'no'} |"
            for c in result["checks"]
        ),
        "",
        f"Load average at the end: {result['load_avg_1m']:.1f} on {result['cpus']} CPUs.",
    ]
    return "\n".join(lines) + "\n"


def speed_markdown(runs: list[dict[str, Any]]) -> str:
    lines = [
        "# Training speed (`disputes train --data DIR`: features, fit, evaluation, MLflow logging)",
        "",
        "| scale | generate s | train s | end to end s | train peak RSS MB | test ROC-AUC |",
        "|---|---|---|---|---|---|",
        *(
            f"| {r['scale']} | {r['generate_s']:.1f} | {r['train_s']:.1f} | {r['end_to_end_s']:.1f} | "
            f"{r['train_peak_rss_mb']:.0f} | {r['test']['roc_auc']:.4f} |"
            for r in runs
        ),
        "",
        "Targets: district features + training + logging ≤ 180 s; luohu end to end ≤ 900 s with peak RSS ≤ 12 GB.",
    ]
    return "\n".join(lines) + "\n"


def _previous_speed_runs() -> list[dict[str, Any]]:
    """Runs of scales measured earlier, kept when only some scales are measured again."""
    path = RESULTS / "training_speed.json"
    return list(json.loads(path.read_text())["runs"]) if path.exists() else []


def write_results(name: str, payload: object, markdown: str) -> None:
    """benchmarks/results/NAME.json and NAME.md."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    (RESULTS / f"{name}.md").write_text(markdown)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    q = sub.add_parser("quality")
    q.add_argument("--seeds", default="1,2,3")
    q.add_argument("--scale", default="district")
    s = sub.add_parser("speed")
    s.add_argument("--scales", default="district,luohu")
    inner = sub.add_parser("_quality_run")
    inner.add_argument("scale")
    inner.add_argument("seed", type=int)
    inner.add_argument("--vary", type=int, default=None)
    inner.add_argument("--model-seed", type=int, default=None)
    inner_speed = sub.add_parser("_speed_run")
    inner_speed.add_argument("scale")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.mode == "_quality_run":
        print(json.dumps(quality_run(args.scale, args.seed, args.vary, args.model_seed)))
    elif args.mode == "_speed_run":
        print(json.dumps(speed_run(args.scale)))
    elif args.mode == "quality":
        result = run_quality(args.scale, [int(s) for s in args.seeds.split(",")])
        write_results("training_quality", result, quality_markdown(result))
    else:
        fresh = {r["scale"]: r for r in (in_subprocess(["_speed_run", s]) for s in args.scales.split(","))}
        runs = [r for r in _previous_speed_runs() if r["scale"] not in fresh] + list(fresh.values())
        write_results("training_speed", {"runs": runs, **machine()}, speed_markdown(runs))


if __name__ == "__main__":
    main()
