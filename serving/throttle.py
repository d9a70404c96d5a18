"""Throttling failed authentication per client: after `limit` failures within `window` seconds, wait (429).

A client is its peer address as the server sees it (behind a proxy that is the proxy: run one worker per client
network or throttle at the proxy too). While a client is throttled, only keys it has already proven valid (in the
key cache) get through, so guessing stops but a working client behind the same address keeps working.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

FAILURE_LIMIT = 10
FAILURE_WINDOW_SECONDS = 60.0
MAX_CLIENTS = 100_000


class FailureThrottle:
    """Recent authentication failures per client, in one process."""

    def __init__(
        self, limit: int | None = None, window: float | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = FAILURE_LIMIT if limit is None else limit
        self.window = FAILURE_WINDOW_SECONDS if window is None else window
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, client: str) -> deque[float]:
        failures = self._failures.get(client)
        if failures is None:
            return deque()
        horizon = self.clock() - self.window
        while failures and failures[0] <= horizon:
            failures.popleft()
        if not failures:
            del self._failures[client]
        return failures

    def retry_after(self, client: str) -> int | None:
        """Whole seconds until the client may try again, or None when it is not throttled."""
        failures = self._recent(client)
        if len(failures) < self.limit:
            return None
        return max(1, math.ceil(failures[-self.limit] + self.window - self.clock()))

    def failed(self, client: str) -> None:
        """Count one failed authentication of the client."""
        if client not in self._failures and len(self._failures) >= MAX_CLIENTS:
            self._failures.clear()  # a flood of addresses: forget them all rather than grow without bound
        failures = self._failures.setdefault(client, deque())
        failures.append(self.clock())
        while len(failures) > self.limit:
            failures.popleft()

    def clear(self) -> None:
        self._failures.clear()
