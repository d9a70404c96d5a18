"""What the console keeps of the queue between requests, valid until a new run, outreach or upload comes.

The queue changes only with a new scoring run, a new outreach (a resolved or declined unit leaves it, a status
filter changes) or an upload (a community may move to another subdistrict), so a key that holds the run id, plus
the newest outreach id and the last ingest time read at every request, says whether a kept value still holds.
Kept: Σp and counts of filtered lists, and the full order of lists sorted by something no index walks (the change
since the previous run, the community's name), which a mediator then pages through.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from sqlalchemy import Connection, func, select

from serving.db import outreach, store_table

_INGESTS = store_table("dataset_meta")
_MARKS = select(func.max(outreach.c.outreach_id), select(func.max(_INGESTS.c.ingested_at)).scalar_subquery())

Value = TypeVar("Value")


class MarkedCache(Generic[Value]):
    """key + (newest outreach, last ingest) → value; cleared whole when it grows past `size` entries."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: dict[tuple[object, ...], Value] = {}
        self._lock = threading.Lock()

    def get(self, session: Connection, key: tuple[object, ...], compute: Callable[[], Value]) -> Value:
        """The value for the key under the current marks, computed once."""
        full = (*key, *session.execute(_MARKS).one())
        with self._lock:
            found = self._entries.get(full)
        if found is None:
            found = compute()
            with self._lock:
                if len(self._entries) >= self.size:
                    self._entries.clear()
                self._entries[full] = found
        return found


OrderKey = tuple[str, float, float | None]
"""One unit of a kept order: its id, probability and change since the previous run."""


@dataclass
class QueueCaches:
    """Totals of filtered lists (small, many) and full orders of lists (up to 40,000 keys each, few)."""

    totals: MarkedCache[tuple[float, int]] = field(default_factory=lambda: MarkedCache(10_000))
    orders: MarkedCache[list[OrderKey]] = field(default_factory=lambda: MarkedCache(32))
