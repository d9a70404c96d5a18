"""Soak: 20,000 mixed requests at concurrency 16 against our server; zero errors, and RSS must stay flat."""

from __future__ import annotations

import json
from typing import Any

import psutil

from benchmarks.serving_load import Call, cycle, run_load
from benchmarks.serving_servers import our_server_process
from benchmarks.serving_setup import BenchWorld

CONCURRENCY = 16
WARMUP = 1_000
CHUNKS = 4
# How many of every 100 requests go to each kind of call.
MIX = {"unit_risk": 45, "community_risk": 10, "queue": 10, "queue_csv": 2, "score_1": 20, "score_100": 5,
       "model": 5, "outreach": 3}  # fmt: skip


def mixed_calls(world: BenchWorld) -> list[Call]:
    """A deterministic sequence of calls in the MIX proportions, over many units and communities."""
    auth = {"Authorization": f"Bearer {world.key}"}
    post = auth | {"Content-Type": "application/json"}
    names, rows = world.feature_names, world.feature_rows
    kinds = [kind for kind, share in MIX.items() for _ in range(share)]
    calls = []
    for i in range(2_000):
        kind, unit = kinds[(i * 37) % len(kinds)], world.unit_ids[(i * 7919) % len(world.unit_ids)]
        community = world.community_ids[i % len(world.community_ids)]
        if kind == "unit_risk":
            calls.append(Call("GET", f"/v1/units/{unit}/risk", None, auth))
        elif kind == "community_risk":
            calls.append(Call("GET", f"/v1/communities/{community}/risk", None, auth))
        elif kind in ("queue", "queue_csv"):
            fmt = "csv" if kind == "queue_csv" else "json"
            calls.append(Call("GET", f"/v1/queue?limit=50&community_id={community}&format={fmt}", None, auth))
        elif kind == "model":
            calls.append(Call("GET", "/v1/model", None, auth))
        elif kind == "outreach":
            body = json.dumps({"status": "contacted", "note": "soak"}).encode()
            calls.append(Call("POST", f"/v1/queue/{unit}/outreach", body, post))
        else:
            n = 1 if kind == "score_1" else 100
            chunk = [dict(zip(names, row, strict=True)) for row in rows[(i * n) % (len(rows) - n) :][:n]]
            calls.append(Call("POST", "/v1/score", json.dumps({"rows": chunk}).encode(), post))
    return calls


def soak(world: BenchWorld, port: int, total: int) -> dict[str, Any]:
    """Run the soak; RSS is read after a warm-up and after each quarter of the requests."""
    calls = mixed_calls(world)
    with our_server_process(world.home, port) as (base, pid):
        process = psutil.Process(pid)
        run_load(base, cycle(calls[::-1]), WARMUP, CONCURRENCY)
        rss = [process.memory_info().rss]
        errors, seconds, statuses = 0, 0.0, dict[int, int]()
        for _ in range(CHUNKS):
            result = run_load(base, cycle(calls), total // CHUNKS, CONCURRENCY)
            errors, seconds = errors + result.errors, seconds + result.seconds
            statuses = {k: statuses.get(k, 0) + v for k, v in result.statuses.items()}
            rss.append(process.memory_info().rss)
    growth = (rss[-1] - rss[0]) / rss[0]
    return {
        "requests": total, "concurrency": CONCURRENCY, "errors": errors, "statuses": statuses,
        "seconds": round(seconds, 1), "throughput": round(total / seconds, 1), "mix_per_100": MIX,
        "rss_mb": [round(r / 2**20, 1) for r in rss], "rss_growth": round(growth, 4),
    }  # fmt: skip
