"""Benchmark the Dask engine: luohu in process against a 2-worker LocalCluster, and a partitioned Shenzhen (or a
share of it) generated, featurised, trained and scored end to end through Dask with each worker limited to 8 GB.

    python -m benchmarks.scale [--share 1.0] [--skip-luohu] [--skip-city] [--workers 2]

Per step: wall time, and for Dask the peak RSS of every worker (read with client.run at the end of the step).
Shenzhen at --share S keeps S of each district's 40,000-unit blocks (at least one each). Results go to
benchmarks/results/scale.json and scale.md; docs/scale.md projects a cluster from the per-partition costs.
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
Row = dict[str, Any]


def _worker_peaks(client: Any) -> list[float]:
    def peak() -> float:
        # VmHWM, not ru_maxrss: a spawned worker's ru_maxrss starts at its parent's peak (kept across fork + exec)
        with open("/proc/self/status", encoding="ascii") as status:
            line = next(line for line in status if line.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024

    return [round(v, 0) for v in client.run(peak).values()]


def _timed(rows: list[Row], scale: str, step: str, func: Any, client: Any = None) -> Any:
    started = time.perf_counter()
    out = func()
    row: Row = {"scale": scale, "step": step, "seconds": round(time.perf_counter() - started, 1)}
    row["peak_mb"] = _worker_peaks(client) if client is not None else _self_peak()
    rows.append(row)
    return out


def _self_peak() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0)


def luohu(rows: list[Row], workers: int) -> None:
    """Features and scoring at one as-of, in process and on the cluster, with one quickly trained model."""
    from data.cluster import EngineConfig, dask_client
    from data.synth import WorldConfig, generate_world
    from data.timeline import latest_as_of
    from features import build_unit_features
    from features.distributed import gather_frames, scatter_dataset, unit_feature_parts
    from models.risk_model import RiskModelParams
    from scoring.batch import score_features
    from scoring.dask_engine import dask_batch_score
    from training.fit import TrainingConfig
    from training.run import train_on_dataset

    world = generate_world(WorldConfig(scale="luohu", seed=7))
    dataset = _as_dataset(world)
    when = latest_as_of(dataset)
    cfg = TrainingConfig(params=RiskModelParams(n_estimators=200))
    pyfunc = _timed(rows, "luohu", "local train (200 trees)", lambda: train_on_dataset(dataset, cfg)).fitted.pyfunc
    features = _timed(rows, "luohu", "local features", lambda: build_unit_features(dataset, when))
    _timed(rows, "luohu", "local score", lambda: score_features(pyfunc, features, when))
    with dask_client(EngineConfig(kind="dask", workers=workers)) as client:
        parts = _timed(rows, "luohu", "dask scatter", lambda: scatter_dataset(client, dataset), client)
        _timed(rows, "luohu", "dask features", lambda: gather_frames(client, unit_feature_parts(parts, when)), client)
        _timed(rows, "luohu", "dask score", lambda: dask_batch_score(parts, pyfunc, when), client)


def _as_dataset(world: Any) -> Any:
    from data.validation import validate_tables

    return validate_tables(dict(world.tables))


def city(rows: list[Row], share: float, workers: int) -> None:
    """Generate the partitioned city, then train and score it through Dask, never loading it in one process."""
    from data.cluster import EngineConfig, dask_client
    from data.synth.shenzhen import city_units, generate_city
    from data.timeline import as_of_after
    from features.distributed import read_partitioned
    from models.registry import LoadedModel
    from scoring.pipeline import score_partitions
    from training.dask_run import train_on_partitions
    from training.fit import TrainingConfig

    scale = f"shenzhen×{share:g} ({city_units(share):,} units)"
    out = Path(tempfile.mkdtemp(prefix="city-", dir="/work")) / "city"
    generate = lambda: generate_city(out, share=share, processes=workers)  # noqa: E731
    _timed(rows, scale, f"generate ({workers} processes, block by block)", generate)
    with dask_client(EngineConfig(kind="dask", workers=workers, memory_limit="8GB")) as client:
        parts = _timed(rows, scale, "read spans", lambda: read_partitioned(client, out), client)
        outcome = _timed(rows, scale, "features + train", lambda: train_on_partitions(parts, TrainingConfig()), client)
        rows[-1]["roc_auc"] = round(outcome.metrics["roc_auc"], 4)
        for name, seconds in outcome.stages.items():
            rows.append({"scale": scale, "step": f"  train: {name}", "seconds": round(seconds, 1), "peak_mb": []})
        when = as_of_after(parts.end)
        model = LoadedModel("dispute-risk", "bench", None, outcome.fitted.pyfunc)
        store = f"sqlite:///{out.parent / 'serving.db'}"
        scored = _timed(
            rows, scale, "features + score + store writes", lambda: score_partitions(parts, model, when, store), client
        )
        rows[-1]["units"] = scored[0].units
    steps = [r for r in rows if r["scale"] == scale and not str(r["step"]).startswith(" ")]
    total = round(sum(float(r["seconds"]) for r in steps), 1)
    end_to_end = "end to end (generate + read + train + score)"
    rows.append({"scale": scale, "step": end_to_end, "seconds": total, "peak_mb": []})
    rows.append({"scale": scale, "step": "partitions", "seconds": len(parts.parts), "peak_mb": []})
    rows.append({"scale": scale, "step": "client peak (whole run)", "seconds": "", "peak_mb": _self_peak()})
    shutil.rmtree(out.parent, ignore_errors=True)


def write(new: list[Row]) -> None:
    """Merge into the results: a scale measured now replaces its earlier rows, other scales stay."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / "scale.json"
    earlier = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
    rows = [r for r in earlier if r["scale"] not in {n["scale"] for n in new}] + new
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    lines = [
        "# Dask engine at scale",
        "",
        "| scale | step | s | peak RSS MB (per worker) | ROC-AUC |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['scale']} | {r['step']} | {r['seconds']} | {r['peak_mb']} | {r.get('roc_auc', '')} |" for r in rows
    ]
    (RESULTS / "scale.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--share", type=float, default=1.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-luohu", action="store_true")
    parser.add_argument("--skip-city", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    rows: list[Row] = []
    if not args.skip_luohu:
        luohu(rows, args.workers)
    try:
        if not args.skip_city:
            city(rows, args.share, args.workers)
    finally:
        write(rows)  # the steps measured so far, also when a later one fails


if __name__ == "__main__":
    main()
