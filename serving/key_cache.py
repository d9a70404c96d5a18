"""Recently verified API keys, so a busy client's secret is not re-hashed and its row not re-parsed every request.

An entry lives `ttl` seconds from its verification and a hit never extends it. The cache only spares the secret's
check: revocation and expiry are read from the store on every request (serving/authentication.py), so they take
effect on the very next one.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from serving.auth import Principal

KEY_CACHE_SECONDS = 30.0
KEY_CACHE_SIZE = 10_000


class KeyCache:
    """SHA-256 of a verified key → its principal, until `ttl` seconds after it was verified."""

    def __init__(
        self, ttl: float = KEY_CACHE_SECONDS, size: int = KEY_CACHE_SIZE, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl, self.size, self.clock = ttl, size, clock
        self._entries: dict[bytes, tuple[Principal, float]] = {}

    @staticmethod
    def _slot(key: str) -> bytes:
        return hashlib.sha256(key.encode()).digest()  # the key itself is never kept

    def get(self, key: str) -> Principal | None:
        slot = self._slot(key)
        entry = self._entries.get(slot)
        if entry is None:
            return None
        if entry[1] < self.clock():
            del self._entries[slot]
            return None
        return entry[0]

    def put(self, key: str, principal: Principal) -> None:
        """Remember a key just verified; its time starts now and is never renewed by a hit."""
        if len(self._entries) >= self.size:
            self._entries.clear()
        self._entries[self._slot(key)] = (principal, self.clock() + self.ttl)

    def forget(self, key: str) -> None:
        self._entries.pop(self._slot(key), None)

    def clear(self) -> None:
        self._entries.clear()
