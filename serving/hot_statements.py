"""The statements of the latency-critical unit read, compiled once per dialect (see prepared.py)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Dialect, bindparam, insert

from data.store.prepared import Prepared, prepare
from serving.audit import AUDIT_COLUMNS
from serving.db import audit_log
from serving.risk_reads import UNIT_SCORES


@dataclass(frozen=True)
class HotStatements:
    """A unit's latest two scores, and one audit row."""

    unit_scores: Prepared
    audit: Prepared

    @classmethod
    def for_dialect(cls, dialect: Dialect) -> HotStatements:
        audit_insert = insert(audit_log).values({name: bindparam(name) for name in AUDIT_COLUMNS})
        return cls(unit_scores=prepare(UNIT_SCORES, dialect), audit=prepare(audit_insert, dialect))
