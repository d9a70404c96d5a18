"""Levers benchmark: in-process levers for 100 units, the unit endpoint under load, and the batch top lever.

    python -m benchmarks.levers [--home DIR] [--batch-scale luohu]

DIR is a serving home (generated, trained, promoted and scored); it is prepared from the `district` world when it
holds no store yet. The batch stage generates the given scale in memory and times `top_levers` over every unit
with DIR's champion. Results go to benchmarks/results/levers.json and .md.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import time
from pathlib import Path
from typing import Literal

import numpy as np

from benchmarks.serving_load import Call, cycle, run_load
from benchmarks.serving_servers import free_port, our_server
from benchmarks.serving_setup import create_admin_key, prepare_home

RESULTS = Path(__file__).parent / "results"
TARGETS = {"levers_100_units_p50_ms": 50.0, "unit_endpoint_p99_ms": 25.0, "top_levers_batch_s": 30.0}
log = logging.getLogger("benchmarks.levers")


def stored_rows(home: Path, names: tuple[str, ...], rows: int = 2_000) -> tuple[list[str], np.ndarray]:
    """Unit ids and model-order feature rows of the home's latest scoring run."""
    from sqlalchemy import select

    from scoring.tables import feature_sets, unit_features
    from serving.db import open_engine
    from serving.lever_reads import in_model_order

    engine = open_engine(f"sqlite:///{(home / 'store.db').resolve()}")
    with engine.connect() as connection:
        latest = connection.execute(select(feature_sets).order_by(feature_sets.c.run_id.desc())).first()
        if latest is None:
            raise SystemExit(f"{home} has no scoring run with feature rows: run `disputes score` there first")
        run_id, stored = latest
        found = connection.execute(
            select(unit_features.c.unit_id, unit_features.c.features).where(unit_features.c.run_id == run_id)
        ).all()
    engine.dispose()
    picked = [found[i] for i in np.random.default_rng(7).permutation(len(found))[:rows]]
    return [r.unit_id for r in picked], in_model_order([r.features for r in picked], json.loads(stored), names)


def in_process(home: Path, rounds: int) -> dict[str, float]:
    """Median time of levers for 100 units at once, and for one unit, with the home's champion."""
    from models.registry import Registry
    from scoring.levers import levers_for_units, unit_levers

    pyfunc = Registry(f"sqlite:///{(home / 'mlflow.db').resolve()}").load().pyfunc
    _, matrix = stored_rows(home, pyfunc.feature_names)
    hundred, one = [], []
    for r in range(rounds):
        block = matrix[(r * 100) % (len(matrix) - 100) :][:100]
        started = time.perf_counter()
        levers_for_units(pyfunc, block)
        hundred.append(time.perf_counter() - started)
        started = time.perf_counter()
        unit_levers(pyfunc, block[0])
        one.append(time.perf_counter() - started)
    return {
        "levers_100_units_p50_ms": round(statistics.median(hundred) * 1e3, 2),
        "levers_one_unit_p50_ms": round(statistics.median(one) * 1e3, 2),
    }


def endpoint(home: Path, requests: int) -> dict[str, object]:
    """GET /v1/units/{id}/levers at concurrency 8 over many units, with an admin key."""
    from models.registry import Registry

    names = Registry(f"sqlite:///{(home / 'mlflow.db').resolve()}").load().pyfunc.feature_names
    unit_ids, _ = stored_rows(home, names, rows=500)
    key = create_admin_key(home)
    headers = {"Authorization": f"Bearer {key}"}
    calls = [Call("GET", f"/v1/units/{unit}/levers", headers=headers) for unit in unit_ids]
    with our_server(home, free_port()) as base:
        run_load(base, cycle(calls), 400, 8)  # warm-up
        rounds = [run_load(base, cycle(calls), requests, 8) for _ in range(3)]
    middle = sorted(rounds, key=lambda r: r.p99_ms)[1]
    return {
        "unit_endpoint_p50_ms": round(middle.p50_ms, 2), "unit_endpoint_p99_ms": round(middle.p99_ms, 2),
        "unit_endpoint_req_s": round(middle.throughput, 1), "unit_endpoint_errors": middle.errors,
        "unit_endpoint_p99_rounds_ms": [round(r.p99_ms, 2) for r in rounds],
    }  # fmt: skip


def batch(home: Path, scale: Literal["small", "district", "luohu"]) -> dict[str, float]:
    """`top_levers` over every unit of a generated world, with the home's champion."""
    from data.dataset import Dataset
    from data.synth import WorldConfig, generate_world
    from data.timeline import latest_as_of
    from features import build_unit_features
    from models.registry import Registry
    from scoring.levers import top_levers

    pyfunc = Registry(f"sqlite:///{(home / 'mlflow.db').resolve()}").load().pyfunc
    world = Dataset(tables=generate_world(WorldConfig(scale=scale, seed=7)).tables)
    matrix = pyfunc.model.spec.matrix(build_unit_features(world, latest_as_of(world))).to_numpy()
    started = time.perf_counter()
    top = top_levers(pyfunc, matrix)
    seconds = time.perf_counter() - started
    return {
        "top_levers_batch_s": round(seconds, 2), "top_levers_units": len(matrix),
        "top_levers_with_a_lever": int((top.lever != "").sum()), "champion_trees": pyfunc.model.best_iteration_,
    }  # fmt: skip


def write(results: dict[str, object]) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "levers.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    lines = ["# Levers", "", f"Batch world: `{results['batch_scale']}`; serving home: `{results['home_scale']}`.", ""]
    lines += ["| measure | value | target |", "|---|---|---|"]
    for key, value in results.items():
        if key in ("batch_scale", "home_scale"):
            continue
        target = TARGETS.get(key)
        lines.append(f"| {key} | {value} | {'≤ ' + str(target) if target else ''} |")
    (RESULTS / "levers.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, default=Path("var/bench-levers"))
    parser.add_argument("--batch-scale", default="luohu", choices=["small", "district", "luohu"])
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--requests", type=int, default=3_000)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    home = args.home.resolve()
    if not (home / "store.db").exists():
        prepare_home(home, "district", 7)
    results: dict[str, object] = {"home_scale": "district", "batch_scale": args.batch_scale}
    results |= in_process(home, args.rounds)
    results |= endpoint(home, args.requests)
    results |= batch(home, args.batch_scale)
    write(results)
    log.info("%s", json.dumps(results))


if __name__ == "__main__":
    main()
