"""The statements of the latency-critical reads, compiled once per dialect (see data/store/prepared.py)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Dialect

from data.store.prepared import Prepared, prepare
from serving.auth import KEY_ROW, KEY_STATUS
from serving.risk_reads import UNIT_SCORES


@dataclass(frozen=True)
class HotStatements:
    """A unit's latest two scores; an API key's row, and its revocation and expiry alone."""

    unit_scores: Prepared
    key_row: Prepared
    key_status: Prepared

    @classmethod
    def for_dialect(cls, dialect: Dialect) -> HotStatements:
        return cls(
            unit_scores=prepare(UNIT_SCORES, dialect),
            key_row=prepare(KEY_ROW, dialect),
            key_status=prepare(KEY_STATUS, dialect),
        )
