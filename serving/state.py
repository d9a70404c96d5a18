"""What the app holds while it runs: the database engine, the store, the model slot and the scorer."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import Engine

from data.settings import Settings
from data.store import Store
from serving.audit import AuditLog
from serving.champion import ModelSlot
from serving.hot_statements import HotStatements
from serving.key_cache import KeyCache
from serving.scoring import CoalescingScorer
from serving.throttle import FailureThrottle

log = logging.getLogger(__name__)


@dataclass
class ServingState:
    """Opened by the lifespan, closed when the app stops; reached through the dependencies in deps.py."""

    settings: Settings
    engine: Engine
    store: Store
    models: ModelSlot
    scorer: CoalescingScorer
    hot: HotStatements
    audit: AuditLog
    keys: KeyCache = field(default_factory=KeyCache)
    throttle: FailureThrottle = field(default_factory=FailureThrottle)

    def close(self) -> None:
        if self.scorer.calls:
            log.info("scored %d rows in %d model calls", self.scorer.rows, self.scorer.calls)
        self.engine.dispose()
        self.store.dispose()
