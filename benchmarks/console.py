"""Staff console speed on a scored world: p50/p95 per page over HTTP, one uvicorn worker on loopback.

    python -m benchmarks.console [--home var] [--requests 200]

Reads a home that `make run` (or `disputes demo --no-serve`) has built: the `district` world, trained, promoted and
scored. Its store is copied to a temporary folder (the benchmark's logins, audit rows and sessions stay out of it),
console users are created there, and a server is started as `disputes serve` runs it. One client per user logs in
through the form and then requests each page one after another over a kept-alive connection: the queue of a
subdistrict mediator and of a district mediator (plain, filtered and sorted, paged), unit pages (cycling through
the riskiest units), the firm's communities and community pages, the admin page, and the CSV export. Every view
writes its audit row, as in production. Results: benchmarks/results/console.json and console.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np

log = logging.getLogger("benchmarks.console")
HOST = "127.0.0.1"
TARGET_P50_MS = 50.0
PASSWORD = "benchmark password"
PREFIX = "bench-"  # the home may hold console users of its own
RESULTS = Path(__file__).parent / "results"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def prepare(home: Path, work: Path) -> dict[str, object]:
    """Copy the home's store into `work`, add one console user per role; returns what the world holds."""
    from sqlalchemy import func, select

    from data.settings import Settings
    from serving.auth import Role
    from serving.console.router import create_console_schema
    from serving.console.users import create_user
    from serving.db import communities, create_serving_schema, open_engine, score_runs, units

    source = Settings(home=home).store_url.removeprefix("sqlite:///")
    shutil.copy(source, work / "store.db")
    engine = open_engine(f"sqlite:///{work / 'store.db'}")
    create_serving_schema(engine)
    create_console_schema(engine)
    with engine.begin() as connection:
        subdistrict = connection.execute(select(communities.c.subdistrict).limit(1)).scalar_one()
        firm = connection.execute(select(communities.c.firm_id).limit(1)).scalar_one()
        for name, role, scope in (("mediator", Role.mediator, {"subdistricts": [subdistrict]}),
                                  ("district", Role.mediator, {"district": True}),
                                  ("firm", Role.firm, {"firm_id": firm}), ("admin", Role.admin, {})):  # fmt: skip
            create_user(connection, f"{PREFIX}{name}", PASSWORD, role, **scope)
        sizes = {
            "communities": connection.execute(select(func.count()).select_from(communities)).scalar_one(),
            "units": connection.execute(select(func.count()).select_from(units)).scalar_one(),
            "runs": connection.execute(select(func.count()).select_from(score_runs)).scalar_one(),
            "subdistrict": subdistrict, "firm": firm,
        }  # fmt: skip
    engine.dispose()
    return sizes


@contextlib.contextmanager
def server(home: Path, work: Path, port: int) -> Iterator[str]:
    """uvicorn with the app, as `disputes serve` runs it, in its own process group."""
    from data.settings import Settings

    code = f"import uvicorn; from serving.app import create_app; uvicorn.run(create_app(), host={HOST!r}, port={port})"
    env = os.environ | {"DISPUTES_HOME": str(work), "OMP_NUM_THREADS": "1",
                        "DATABASE_URL": f"sqlite:///{work / 'store.db'}",
                        "MLFLOW_TRACKING_URI": Settings(home=home).tracking_uri}  # fmt: skip
    process = subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with {process.returncode}")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{base}/ready", timeout=2).status_code == 200:
                    break
            time.sleep(0.25)
        else:
            raise RuntimeError("the server was not ready within 180 s: is the champion approved (`disputes promote`)?")
        yield base
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def logged_in(base: str, username: str) -> httpx.Client:
    """A client with a session of `username`, signed in through the login form."""
    client = httpx.Client(base_url=base, timeout=60, follow_redirects=True)
    token = CSRF.search(client.get("/console/login").text)
    assert token, "the login page has no CSRF field"
    answer = client.post("/console/login", data={"username": PREFIX + username, "password": PASSWORD,
                                                 "csrf_token": token.group(1)})  # fmt: skip
    if answer.status_code != 200 or "/console/login" in str(answer.url):
        raise RuntimeError(f"logging in as {username} failed: {answer.status_code}")
    return client


def timed(client: httpx.Client, urls: list[str]) -> dict[str, float]:
    """Latency percentiles (ms) of the URLs requested one after another; every answer must be a 200."""
    took, size = [], 0
    for url in urls:
        started = time.perf_counter()
        response = client.get(url)
        took.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        size = len(response.content)
    ms = np.array(took)
    return {"requests": len(urls), "p50_ms": float(np.percentile(ms, 50)), "p95_ms": float(np.percentile(ms, 95)),
            "p99_ms": float(np.percentile(ms, 99)), "bytes": size}  # fmt: skip


def scenarios(clients: dict[str, httpx.Client], n: int) -> dict[str, tuple[str, list[str]]]:
    """Each measured page: (user, n URLs); unit and community pages cycle through the riskiest ones."""
    queue = clients["district"].get("/console/queue?per_page=100").text
    unit_ids = re.findall(r'data-unit="([^"]+)"', queue)
    listed = re.findall(r'data-community="([^"]+)"', clients["firm"].get("/console/communities").text)
    return {
        "queue, subdistrict mediator": ("mediator", ["/console/queue"] * n),
        "queue, band high, sorted by change": ("mediator", ["/console/queue?band=high&sort=change"] * n),
        "queue, not reached yet, page 3 (en)": ("mediator", ["/console/queue?status=none&page=3&lang=en"] * n),
        "queue, district mediator": ("district", ["/console/queue"] * n),
        "queue, district mediator, sorted by change": ("district", ["/console/queue?sort=change"] * n),
        "unit page": ("district", [f"/console/units/{unit_ids[i % len(unit_ids)]}" for i in range(n)]),
        "firm's communities": ("firm", ["/console/communities"] * n),
        "community page": ("firm", [f"/console/communities/{listed[i % len(listed)]}" for i in range(n)]),
        "admin page": ("admin", ["/console/admin"] * n),
        "CSV export, subdistrict (not a page)": ("mediator", ["/console/queue.csv"] * max(n // 10, 5)),
    }


def markdown(world: dict[str, object], pages: dict[str, dict[str, float]], machine: dict[str, object]) -> str:
    """The results as a Markdown page."""
    rows = [
        f"| {name} | {f['first_ms']:.1f} | {f['p50_ms']:.1f} | {f['p95_ms']:.1f} | {f['p99_ms']:.1f} | "
        f"{f['bytes'] / 1024:.0f} KB | "
        f"{f['p50_ms'] <= TARGET_P50_MS} |"
        for name, f in pages.items()
    ]  # fmt: skip
    return "\n".join([
        "# Benchmark: staff console", "",
        f"Machine: {machine['platform']}, Python {machine['python']}, {machine['cpus']} CPUs, shared with other work "
        f"(load average {machine['load']}). World: {world['communities']} communities, {world['units']:,} units, "
        f"{world['runs']} scoring runs; the mediator covers {world['subdistrict']}, the firm is {world['firm']}. One "
        "uvicorn worker on loopback; one client per user, request after request, over a kept-alive connection; "
        "every view writes its audit row. \"First request\" is each page's first answer after the server started "
        "(before the console has kept any total, order or community levers; the district mediator's plain queue and "
        "the firm's communities were opened once before, to pick the units and communities to cycle through); the "
        "percentiles follow a warm-up of 20 requests. Produced by `python -m benchmarks.console`.", "",
        f"| page | first request ms | p50 ms | p95 ms | p99 ms | size | p50 ≤ {TARGET_P50_MS:.0f} ms |",
        "|---|---|---|---|---|---|---|",
        *rows, "",
    ])  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", type=Path, default=Path("var"), help="A scored home (default: var, as make run)")
    parser.add_argument("--requests", type=int, default=200, help="Requests per page measured")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="console-bench-") as tmp:
        work = Path(tmp)
        world = prepare(args.home.resolve(), work)
        with server(args.home.resolve(), work, _free_port()) as base:
            clients = {name: logged_in(base, name) for name in ("mediator", "district", "firm", "admin")}
            plan = scenarios(clients, args.requests)
            cold = {name: timed(clients[user], urls[:1])["p50_ms"] for name, (user, urls) in plan.items()}
            for user, urls in plan.values():  # warm-up: caches and the community levers, once each
                timed(clients[user], urls[: min(len(urls), 20)])
            pages = {name: timed(clients[user], urls) | {"first_ms": cold[name]} for name, (user, urls) in plan.items()}
    machine: dict[str, object] = {
        "platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count(),
        "load": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }  # fmt: skip
    RESULTS.mkdir(exist_ok=True)
    payload = {"machine": machine, "world": world, "pages": pages, "target_p50_ms": TARGET_P50_MS}
    (RESULTS / "console.json").write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (RESULTS / "console.md").write_text(markdown(world, pages, machine), encoding="utf-8")
    for name, figures in pages.items():
        log.info("%-40s p50 %6.1f ms  p95 %6.1f ms", name, figures["p50_ms"], figures["p95_ms"])


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


if __name__ == "__main__":
    main()
