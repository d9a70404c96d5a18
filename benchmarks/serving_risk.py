"""GET /v1/units/{id}/risk latency alone: our server on loopback, concurrency 8, a few rounds.

    python -m benchmarks.serving_risk [--home DIR] [--rounds 3] [--requests 6000]

The quick check for changes on the audited hot path (authentication, scope, audit append), without the MLflow peer
and the soak of `benchmarks.serving`. Without --home, a temporary small world is prepared through the real commands.
Prints one JSON object per round and the medians on the last line.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from pathlib import Path

from sqlalchemy import select

from benchmarks.serving import CONCURRENCY
from benchmarks.serving_load import Call, cycle, run_load
from benchmarks.serving_servers import free_port, our_server
from benchmarks.serving_setup import create_admin_key, prepare_home
from serving.db import open_engine, score_runs, scores


def unit_ids(home: Path) -> list[str]:
    """Unit ids of the latest scoring run."""
    engine = open_engine(f"sqlite:///{(home / 'store.db').resolve()}")
    with engine.connect() as connection:
        run_id = connection.execute(select(score_runs.c.run_id).order_by(score_runs.c.run_id.desc())).scalar()
        ids = list(connection.execute(select(scores.c.unit_id).where(scores.c.run_id == run_id)).scalars())
    engine.dispose()
    return ids


def one_round(home: Path, calls: list[Call], total: int) -> dict[str, float]:
    with our_server(home, free_port()) as base:
        run_load(base, cycle(calls[::-1]), 200, CONCURRENCY)
        result = run_load(base, cycle(calls), total, CONCURRENCY)
    if result.errors:
        raise RuntimeError(f"{result.errors} errors: {result.statuses}")
    return {"throughput": round(result.throughput, 1), "p50_ms": round(result.p50_ms, 3),
            "p99_ms": round(result.p99_ms, 3)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="A prepared home (store with scores, champion); else a temp one.")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=6_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-risk-") as scratch:
        home = (args.home or Path(scratch) / "home").resolve()
        if not (home / "store.db").exists():
            prepare_home(home, "small", seed=7)
        headers = {"Authorization": f"Bearer {create_admin_key(home)}"}
        calls = [Call("GET", f"/v1/units/{unit}/risk", None, headers) for unit in unit_ids(home)[:5_000]]
        rounds = []
        for _ in range(args.rounds):
            rounds.append(one_round(home, calls, args.requests))
            print(json.dumps(rounds[-1]), flush=True)
    medians = {name: statistics.median(r[name] for r in rounds) for name in rounds[0]}
    print(json.dumps({"median": medians, "rounds": len(rounds)}))


if __name__ == "__main__":
    main()
