"""Wrong console passwords, counted per username and per client: after too many, logins answer 429 for a while.

Kept in the process's memory (the service runs one worker): a restart forgets the counts, which only gives an
attacker the attempts of one more window. While a username or client is locked even the right password is refused,
so guessing cannot go on behind the lock.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

MAX_TRACKED = 50_000  # distinct usernames and clients remembered; beyond it the oldest are forgotten


class LoginThrottle:
    """Failures within the last `window` seconds; `limit` of them lock the username or client until they age out."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.get(key) or deque()
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def retry_after(self, *keys: str) -> int | None:
        """Seconds until the first of the keys may try again, or None when none of them is locked."""
        now, waits = self.clock(), []
        with self._lock:
            for key in keys:
                times = self._recent(key, now)
                if len(times) >= self.limit:  # locked until the oldest of the last `limit` failures ages out
                    waits.append(times[-self.limit] + self.window - now)
        return max(1, math.ceil(max(waits))) if waits else None

    def failed(self, *keys: str) -> None:
        """Count one wrong password against each key."""
        now = self.clock()
        with self._lock:
            if len(self._failures) >= MAX_TRACKED:
                self._failures.pop(next(iter(self._failures)))
            for key in keys:
                times = self._recent(key, now)
                times.append(now)
                self._failures[key] = times

    def succeeded(self, key: str) -> None:
        """Forget a username's failures after its correct password (a client's failures keep counting)."""
        with self._lock:
            self._failures.pop(key, None)
