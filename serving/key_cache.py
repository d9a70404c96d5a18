"""Recently verified API keys, kept for a short time so a busy client is not re-verified on every request."""

from __future__ import annotations

import hashlib
import time

from serving.auth import Principal

KEY_CACHE_SECONDS = 30.0
KEY_CACHE_SIZE = 10_000


class KeyCache:
    """SHA-256 of a verified key → its principal, for `ttl` seconds (a revoked key stops working within it)."""

    def __init__(self, ttl: float = KEY_CACHE_SECONDS, size: int = KEY_CACHE_SIZE) -> None:
        self.ttl, self.size = ttl, size
        self._entries: dict[bytes, tuple[Principal, float]] = {}

    @staticmethod
    def _slot(key: str) -> bytes:
        return hashlib.sha256(key.encode()).digest()  # the key itself is never kept

    def get(self, key: str) -> Principal | None:
        entry = self._entries.get(self._slot(key))
        if entry is None or entry[1] < time.monotonic():
            return None
        return entry[0]

    def put(self, key: str, principal: Principal) -> None:
        if len(self._entries) >= self.size:
            self._entries.clear()
        self._entries[self._slot(key)] = (principal, time.monotonic() + self.ttl)
