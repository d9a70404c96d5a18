"""Writing the page benchmark's results: benchmarks/results/pages.json and pages.md."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

log = logging.getLogger("benchmarks.pages")
RESULTS = Path(__file__).parent / "results"


@dataclass(frozen=True)
class World:
    """The world the pages were precomputed for."""

    communities: int
    units: int
    precompute_s: float
    ids: list[str]


def _row(name: str, figures: dict[str, float], target: float) -> str:
    met = figures["p50_ms"] <= target
    return (
        f"| {name} | {figures['p50_ms']:.1f} | {figures['p95_ms']:.1f} | {figures['p99_ms']:.1f} | "
        f"{figures['bytes'] / 1024:.0f} KB | {met} |"
    )


def markdown(world: World, pages: dict[str, dict[str, float]], load: dict[str, float], machine: dict[str, object],
             target: float) -> str:  # fmt: skip
    """The results as a Markdown page."""
    lines = [
        "# Benchmark: transparency pages",
        "",
        f"Machine: {machine['platform']}, Python {machine['python']}, {machine['cpus']} CPUs, shared with other work. "
        f"World: `district` ({world.communities} communities, {world.units:,} units). One uvicorn worker on "
        "loopback; one client, request after request, over a kept-alive connection; community pages cycle through "
        "every community. Produced by `python -m benchmarks.pages`.",
        "",
        f"Precomputing every page (what `disputes score` adds after scoring): {world.precompute_s:.2f} s.",
        "",
        f"| page | p50 ms | p95 ms | p99 ms | size | p50 ≤ {target:.0f} ms |",
        "|---|---|---|---|---|---|",
        *(_row(name, figures, target) for name, figures in pages.items()),
        "",
        f"Community pages (zh-CN) at concurrency {load['workers']:.0f}: {load['req_per_s']:.0f} req/s, "
        f"p50 {load['p50_ms']:.1f} ms, p95 {load['p95_ms']:.1f} ms.",
        "",
    ]
    return "\n".join(lines)


def write_results(world: World, pages: dict[str, dict[str, float]], load: dict[str, float],
                  machine: dict[str, object], target: float) -> None:  # fmt: skip
    """Write pages.json and pages.md under benchmarks/results."""
    RESULTS.mkdir(exist_ok=True)
    summary = {k: v for k, v in asdict(world).items() if k != "ids"}
    payload = {"machine": machine, "world": summary, "pages": pages, "concurrency": load, "target_p50_ms": target}
    (RESULTS / "pages.json").write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "pages.md").write_text(markdown(world, pages, load, machine, target), encoding="utf-8")
    log.info("wrote %s and %s", RESULTS / "pages.json", RESULTS / "pages.md")
