"""A small asyncio load generator (aiohttp on uvloop): a bounded number of requests at a fixed concurrency."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import aiohttp
import numpy as np
import uvloop


@dataclass(frozen=True)
class Call:
    """One prepared request."""

    method: str
    path: str
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LoadResult:
    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p99_ms: float
    statuses: dict[int, int] = field(default_factory=dict)

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds


async def _load(base: str, calls: Callable[[int], Call], total: int, concurrency: int) -> LoadResult:
    latencies = np.zeros(total)
    statuses: dict[int, int] = {}
    errors = 0
    next_index = 0
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=False)
    async with aiohttp.ClientSession(base, connector=connector, timeout=aiohttp.ClientTimeout(total=60)) as session:

        async def worker() -> None:
            nonlocal next_index, errors
            while next_index < total:
                index = next_index
                next_index += 1
                call = calls(index)
                started = time.perf_counter()
                try:
                    async with session.request(call.method, call.path, data=call.body, headers=call.headers) as resp:
                        await resp.read()
                        statuses[resp.status] = statuses.get(resp.status, 0) + 1
                        errors += resp.status >= 400
                except (TimeoutError, aiohttp.ClientError):
                    errors += 1
                latencies[index] = (time.perf_counter() - started) * 1000

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        seconds = time.perf_counter() - started
    p50, p99 = (float(np.percentile(latencies, q)) for q in (50, 99))
    return LoadResult(total, seconds, errors, p50, p99, statuses)


def run_load(base: str, calls: Callable[[int], Call], total: int, concurrency: int) -> LoadResult:
    """Send `total` requests from `concurrency` workers; each worker waits for its answer before the next."""
    return uvloop.run(_load(base, calls, total, concurrency))  # uvloop: less client CPU on a shared 2-core box


def cycle(calls: Sequence[Call]) -> Callable[[int], Call]:
    return lambda index: calls[index % len(calls)]
