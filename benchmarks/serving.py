"""Serving benchmark: our API against `mlflow models serve` on the same champion, on loopback, one worker each.

    python -m benchmarks.serving [--home DIR] [--scale small] [--rounds 5]

Without --home, a temporary home is prepared through the real commands (generate, ingest, train, promote --force,
score). Each round starts our server (`disputes serve`) and then the MLflow peer, one after the other, and drives
each with bounded request counts at concurrency 8: /v1/score vs /invocations with 1 and 100 rows, and
GET /v1/units/{id}/risk on ours. In-process `pyfunc.score` speed is the limit both approach. A soak of 20,000
mixed requests at concurrency 16 follows. Medians over rounds go to benchmarks/results/serving.json and .md.
Both servers and the in-process measurement run with OMP_NUM_THREADS=1 and NUMBA_NUM_THREADS=1 (one thread
per prediction).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.serving_load import Call, cycle, run_load
from benchmarks.serving_report import write_results
from benchmarks.serving_servers import free_port, mlflow_server, our_server
from benchmarks.serving_setup import BenchWorld, home_env, load_world, prepare_home
from benchmarks.serving_soak import soak

log = logging.getLogger("benchmarks.serving")
RESULTS = Path(__file__).parent / "results"
CONCURRENCY = 8
COUNTS = {"ours_1": 4_000, "ours_100": 400, "peer_1": 800, "peer_100": 300, "risk": 6_000, "warmup": 100}


def score_calls(world: BenchWorld, rows: int, peer: bool) -> list[Call]:
    """Request bodies of `rows` real feature rows each, different rows in each body."""
    calls = []
    for start in range(0, len(world.feature_rows) - rows + 1, max(rows, 10)):
        chunk = world.feature_rows[start : start + rows]
        if peer:
            body = {"dataframe_split": {"columns": world.feature_names, "data": chunk}}
            calls.append(Call("POST", "/invocations", json.dumps(body).encode(), {"Content-Type": "application/json"}))
        else:
            records = [dict(zip(world.feature_names, row, strict=True)) for row in chunk]
            headers = {"Content-Type": "application/json", "Authorization": f"Bearer {world.key}"}
            calls.append(Call("POST", "/v1/score", json.dumps({"rows": records}).encode(), headers))
    return calls


def risk_calls(world: BenchWorld) -> list[Call]:
    headers = {"Authorization": f"Bearer {world.key}"}
    return [Call("GET", f"/v1/units/{unit}/risk", None, headers) for unit in world.unit_ids[:5_000]]


def measure(base: str, calls: list[Call], total: int) -> dict[str, float]:
    run_load(base, cycle(calls[::-1]), COUNTS["warmup"], CONCURRENCY)
    result = run_load(base, cycle(calls), total, CONCURRENCY)
    if result.errors:
        raise RuntimeError(f"{result.errors} errors at {base}{calls[0].path}: {result.statuses}")
    return {
        "requests": total, "seconds": round(result.seconds, 3), "throughput": round(result.throughput, 1),
        "p50_ms": round(result.p50_ms, 3), "p99_ms": round(result.p99_ms, 3),
    }  # fmt: skip


def in_process(world: BenchWorld, scratch: Path) -> dict[str, float]:
    """pyfunc.score calls per second on the same rows, in a child process with the servers' thread setting."""
    rows = scratch / "rows.json"
    rows.write_text(json.dumps(world.feature_rows))
    code = f"from benchmarks.serving_inprocess import main; main({str(rows)!r})"
    env = home_env(world.home) | {"OMP_NUM_THREADS": "1", "NUMBA_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def one_round(world: BenchWorld, calls: dict[str, list[Call]]) -> dict[str, Any]:
    port = free_port()
    with our_server(world.home, port) as base:
        ours = {
            "score_1": measure(base, calls["ours_1"], COUNTS["ours_1"]),
            "score_100": measure(base, calls["ours_100"], COUNTS["ours_100"]),
            "unit_risk": measure(base, calls["risk"], COUNTS["risk"]),
        }
    with mlflow_server(world.home, free_port()) as base:
        peer = {
            "score_1": measure(base, calls["peer_1"], COUNTS["peer_1"]),
            "score_100": measure(base, calls["peer_100"], COUNTS["peer_100"]),
        }
    return {"ours": ours, "peer": peer}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="A prepared home (store with scores, champion); else a temp one.")
    parser.add_argument("--scale", default="small", choices=["small", "district"])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--soak", type=int, default=20_000)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    load_before = os.getloadavg()[1]
    with tempfile.TemporaryDirectory(prefix="bench-serving-") as scratch:
        home = (args.home or Path(scratch) / "home").resolve()
        if not (home / "store.db").exists():
            prepare_home(home, args.scale, seed=7)
        world = load_world(home, args.scale)
        calls = {
            "ours_1": score_calls(world, 1, peer=False), "ours_100": score_calls(world, 100, peer=False),
            "peer_1": score_calls(world, 1, peer=True), "peer_100": score_calls(world, 100, peer=True),
            "risk": risk_calls(world),
        }  # fmt: skip
        limit = in_process(world, Path(scratch))
        rounds = []
        for number in range(args.rounds):
            rounds.append(one_round(world, calls))
            log.info("round %d: %s", number + 1, json.dumps(rounds[-1]))
        soaked = soak(world, free_port(), args.soak)
    machine = {
        "python": platform.python_version(), "cpus": os.cpu_count() or 0, "platform": platform.platform(),
        # Other work on the machine takes CPU from both servers; the 5-minute load average says how much.
        "load_average_5min": [round(load_before, 2), round(os.getloadavg()[1], 2)],
    }  # fmt: skip
    write_results(RESULTS, rounds, limit, soaked, machine, {"scale": args.scale, "units": len(world.unit_ids),
                                                           "features": len(world.feature_names)})  # fmt: skip


if __name__ == "__main__":
    main()
