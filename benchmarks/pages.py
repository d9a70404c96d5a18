"""Transparency page speed on the `district` world: p50/p95 per page over HTTP, one uvicorn worker on loopback.

    python -m benchmarks.pages [--data DIR] [--requests 400]

Without --data, the district world (seed 7) is generated into a temporary folder. The pages are precomputed as
`disputes score` does after scoring (the risk section from made-up unit scores: page speed does not depend on the
model), then a server is started with the public router and driven by one client, request after request, over a
kept-alive connection: the overview (plain, sorted and paged, searched) and the community pages in both languages,
and the JSON. A round at concurrency 8 on the community pages follows. Results: benchmarks/results/pages.json, .md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import numpy as np
import pandas as pd

from benchmarks.pages_report import World, write_results

if TYPE_CHECKING:
    from fastapi import FastAPI

    from data.dataset import Dataset

log = logging.getLogger("benchmarks.pages")
HOST = "127.0.0.1"
TARGET_P50_MS = 50.0


def public_app() -> FastAPI:
    """The app factory's app, with the public router included if the factory does not include it yet."""
    from serving.app import create_app
    from serving.routers import public

    app = create_app()
    if not any(getattr(route, "path", None) == "/communities/{community_id}" for route in app.routes):
        app.include_router(public.router)
    return app


def made_up_rollups(dataset: Dataset) -> pd.DataFrame:
    """Community rollups of seeded random unit scores, shaped as batch scoring writes them."""
    from models.reason_text import GENERIC
    from scoring.rollups import community_rollups

    rng = np.random.default_rng(7)
    units = dataset["units"]
    families = [f for f in ("arrears", "complaints", "repairs", "history", "fees") if f in GENERIC]
    reasons = [json.dumps([{"family": families[i], "contribution": 0.4}]) for i in rng.integers(0, 5, len(units))]
    scores = pd.DataFrame({
        "unit_id": units["unit_id"].astype(object), "community_id": units["community_id"].astype(object),
        "probability": rng.beta(1, 40, len(units)), "band": "low", "reasons": reasons,
    })  # fmt: skip
    return community_rollups(scores)


def prepare(data: Path | None, home: Path) -> World:
    """Load (or generate) the world and precompute its pages into the home's store; returns timings and sizes."""
    from data.loading import load_dataset
    from data.synth import WorldConfig, generate_world, write_world
    from data.timeline import latest_as_of
    from scoring.transparency.precompute import precompute_transparency
    from serving.db import open_engine

    if data is None:
        data = home / "district"
        write_world(generate_world(WorldConfig(scale="district", seed=7)), data)
    dataset = load_dataset(data)
    rollups = made_up_rollups(dataset)
    engine = open_engine(f"sqlite:///{home / 'store.db'}")
    started = time.perf_counter()
    pages = precompute_transparency(dataset, latest_as_of(dataset), rollups, "bench", engine)
    seconds = time.perf_counter() - started
    engine.dispose()
    ids = dataset["communities"]["community_id"].astype(str).tolist()
    return World(communities=pages, units=len(dataset["units"]), precompute_s=seconds, ids=ids)


@contextlib.contextmanager
def server(home: Path, port: int) -> Iterator[str]:
    """uvicorn with the public app, as `disputes serve` runs it, in its own process group."""
    run = f"uvicorn.run(public_app(), host={HOST!r}, port={port})"
    code = f"import uvicorn; from benchmarks.pages import public_app; {run}"
    env = os.environ | {"DISPUTES_HOME": str(home), "OMP_NUM_THREADS": "1"}
    env.pop("DATABASE_URL", None)
    env.pop("MLFLOW_TRACKING_URI", None)
    process = subprocess.Popen(
        [sys.executable, "-c", code], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with {process.returncode}")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            time.sleep(0.25)
        yield base
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def timed(client: httpx.Client, urls: list[str]) -> dict[str, float]:
    """Latency percentiles (ms) of the URLs requested one after another; every answer must be a 200."""
    took = []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url)
        took.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    ms = np.array(took)
    return {
        "requests": len(urls), "p50_ms": float(np.percentile(ms, 50)), "p95_ms": float(np.percentile(ms, 95)),
        "p99_ms": float(np.percentile(ms, 99)), "mean_ms": float(ms.mean()), "bytes": len(response.content),
    }  # fmt: skip


def scenarios(ids: list[str], n: int) -> dict[str, list[str]]:
    """Each measured page, as n URLs (community pages cycle through every community)."""
    cycle = [ids[i % len(ids)] for i in range(n)]
    return {
        "overview": ["/"] * n,
        "overview, sorted, page 3 (en)": ["/?lang=en&sort=collection_rate&order=desc&page=3"] * n,
        "overview, searched": ["/?q=%E8%8A%B1%E5%9B%AD"] * n,  # 花园
        "community page (zh-CN)": [f"/communities/{c}" for c in cycle],
        "community page (en)": [f"/communities/{c}?lang=en" for c in cycle],
        "community JSON": [f"/v1/public/communities/{c}/transparency" for c in cycle],
    }


def concurrent(base: str, urls: list[str], workers: int = 8) -> dict[str, float]:
    """Throughput and latency of the URLs spread over `workers` clients."""
    parts = [urls[i::workers] for i in range(workers)]
    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        results = list(pool.map(lambda part: timed(httpx.Client(base_url=base), part), parts))
    seconds = time.perf_counter() - started
    return {"workers": workers, "requests": len(urls), "req_per_s": len(urls) / seconds,
            "p50_ms": float(np.median([r["p50_ms"] for r in results])),
            "p95_ms": float(max(r["p95_ms"] for r in results))}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="A district dataset folder (default: generate one)")
    parser.add_argument("--requests", type=int, default=400, help="Requests per page measured")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="pages-bench-") as tmp:
        home = Path(tmp)
        world = prepare(args.data, home)
        log.info("precomputed %d pages in %.2f s", world.communities, world.precompute_s)
        with server(home, _free_port()) as base, httpx.Client(base_url=base) as client:
            urls = scenarios(world.ids, args.requests)
            for batch in urls.values():  # warm-up: every community's page once
                timed(client, batch[: len(world.ids)])
            pages = {name: timed(client, batch) for name, batch in urls.items()}
            load = concurrent(base, urls["community page (zh-CN)"] * 2)
    machine: dict[str, object] = {"platform": platform.platform(), "python": platform.python_version()}
    machine["cpus"] = os.cpu_count()
    write_results(world, pages, load, machine, TARGET_P50_MS)


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


if __name__ == "__main__":
    main()
