"""Online scoring for /v1/score: concurrent requests share one model call.

Each model call has a fixed cost (pandas frames, calibration, the contribution matrix behind the reasons) that
dwarfs the per-row cost of a few rows. The first request to arrive opens a batch, yields to the event loop so the
requests already parsed can join it, then scores all of them at once and hands each its own rows. A lone request
waits for nothing but one pass of the event loop.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
import pandas as pd

from models.pyfunc import DisputeRiskPyfunc

JOIN_PASSES = 2
"""Event-loop passes the first request yields before closing its batch."""


class BatchFailedError(RuntimeError):
    """The shared model call failed; the request that made it carries the original error."""


@dataclass
class _Batch:
    model: DisputeRiskPyfunc
    parts: list[np.ndarray] = field(default_factory=list)
    waiters: list[asyncio.Future[pd.DataFrame]] = field(default_factory=list)


class CoalescingScorer:
    """Scores feature matrices, merging the ones that arrive together into one model call."""

    def __init__(self, max_rows: int = 20_000) -> None:
        self.max_rows = max_rows
        self._open: _Batch | None = None
        self.calls = 0
        self.rows = 0

    async def score(self, model: DisputeRiskPyfunc, matrix: np.ndarray) -> pd.DataFrame:
        """Probability, band and reasons for each row of the matrix (columns = the model's features)."""
        batch = self._open
        if batch is not None and batch.model is model and self._rows(batch) + len(matrix) <= self.max_rows:
            future: asyncio.Future[pd.DataFrame] = asyncio.get_running_loop().create_future()
            batch.parts.append(matrix)
            batch.waiters.append(future)
            return await future
        return await self._lead(model, matrix)

    async def _lead(self, model: DisputeRiskPyfunc, matrix: np.ndarray) -> pd.DataFrame:
        batch = _Batch(model, [matrix])
        self._open = batch
        for _ in range(JOIN_PASSES):
            await asyncio.sleep(0)
        if self._open is batch:
            self._open = None
        try:
            results = self._run(batch)
            for waiter, result in zip(batch.waiters, results[1:], strict=True):
                if not waiter.done():  # a waiter is cancelled when its client went away
                    waiter.set_result(result)
        finally:
            for waiter in batch.waiters:
                if not waiter.done():
                    waiter.set_exception(BatchFailedError("the model call this request shared failed"))
        return results[0]

    def _run(self, batch: _Batch) -> list[pd.DataFrame]:
        matrix = np.vstack(batch.parts) if len(batch.parts) > 1 else batch.parts[0]
        scored = batch.model.score_matrix(matrix)
        self.calls += 1
        self.rows += len(matrix)
        bounds = np.cumsum([0, *(len(part) for part in batch.parts)])
        return [scored.iloc[start:stop] for start, stop in pairwise(bounds)]

    @staticmethod
    def _rows(batch: _Batch) -> int:
        return sum(len(part) for part in batch.parts)
