"""Contributions benchmark: `models.tree_shap` against LightGBM's `pred_contrib` on the champion, same rows.

    python -m benchmarks.contributions --home DIR [--data DIR] [--rounds 5]

The champion comes from DIR's MLflow; feature rows are the world's units at its latest as-of (DIR/data/district
unless --data is given), tiled to the larger sizes. Each size is timed in alternating rounds; the table reports
medians and the ratio. The tables are also checked equal to `pred_contrib` on every size before timing.
Results go to benchmarks/results/contributions.json and .md.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from statistics import median

import numpy as np

RESULTS = Path(__file__).parent / "results"
SIZES = (1, 100, 10_000, 50_000)
log = logging.getLogger("benchmarks.contributions")


def seconds(call: Callable[[], object], min_seconds: float = 0.5) -> float:
    """Median seconds per call over repeated calls filling about min_seconds."""
    call()
    times: list[float] = []
    while sum(times) < min_seconds or len(times) < 3:
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="A home whose MLflow holds the champion.")
    parser.add_argument("--data", type=Path, help="A generated world (default: HOME/data/district).")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")

    from data.loading import load_dataset
    from data.timeline import latest_as_of
    from features import build_unit_features
    from models.registry import Registry
    from models.tree_shap import TreeShap

    model = Registry(f"sqlite:///{(args.home / 'mlflow.db').resolve()}", "dispute-risk").load_approved().pyfunc.model
    dataset = load_dataset(args.data or args.home / "data" / "district")
    units = model.spec.matrix(build_unit_features(dataset, latest_as_of(dataset))).to_numpy()
    booster, trees = model.booster_, model.best_iteration_
    started = time.perf_counter()
    explainer = TreeShap.from_booster(booster, trees)
    build_s = time.perf_counter() - started

    rows = []
    for size in SIZES:
        X = np.ascontiguousarray(np.resize(units, (size, units.shape[1])))
        reference = booster.predict(X, num_iteration=trees, pred_contrib=True, num_threads=1)
        assert np.allclose(explainer.contributions(X), reference, atol=1e-9), "tables disagree with pred_contrib"
        for threads in (1, 2):
            ours, lightgbm = [], []

            def reference_call(X: np.ndarray = X, t: int = threads) -> object:
                return booster.predict(X, num_iteration=trees, pred_contrib=True, num_threads=t)

            def tables_call(X: np.ndarray = X, t: int = threads) -> object:
                return explainer.contributions(X, threads=t)

            for _ in range(args.rounds):
                ours.append(seconds(tables_call))
                lightgbm.append(seconds(reference_call))
            row = {
                "rows": size, "threads": threads, "tables_ms": round(median(ours) * 1e3, 3),
                "pred_contrib_ms": round(median(lightgbm) * 1e3, 3),
                "ratio": round(median(lightgbm) / median(ours), 2),
                "tables_rows_per_s": round(size / median(ours)),
            }  # fmt: skip
            rows.append(row)
            log.info("%s", row)
    dump = booster.dump_model(num_iteration=trees)
    result = {
        "trees": trees, "leaves": int(sum(t["num_leaves"] for t in dump["tree_info"])),
        "features": units.shape[1], "build_s": round(build_s, 3), "table_mb": round(explainer.table_bytes / 1e6, 2),
        "rounds": args.rounds, "cpus": os.cpu_count(), "load_average_5min": round(os.getloadavg()[1], 2),
        "results": rows,
    }  # fmt: skip
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "contributions.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / "contributions.md").write_text(_markdown(result))


def _markdown(result: dict[str, object]) -> str:
    lines = [
        "# Benchmark: contributions (`models.tree_shap` against LightGBM `pred_contrib`)",
        "",
        f"Champion: {result['trees']} trees, {result['leaves']:,} leaves, {result['features']} features. "
        f"Tables built in {result['build_s']} s ({result['table_mb']} MB). "
        f"Medians of {result['rounds']} alternating rounds; {result['cpus']} CPUs, "
        f"5-minute load average {result['load_average_5min']}. Same values checked first.",
        "",
        "| rows | threads | tables | `pred_contrib` | speed-up |",
        "|---|---|---|---|---|",
    ]
    for row in result["results"]:  # type: ignore[attr-defined]
        lines.append(
            f"| {row['rows']:,} | {row['threads']} | {row['tables_ms']:,} ms | {row['pred_contrib_ms']:,} ms | "
            f"{row['ratio']}× |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
