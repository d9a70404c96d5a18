"""Reading the audit log back: checking its hash chain, and exporting it as CSV (formula-safe) or JSON lines."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from serving.audit import AUDIT_COLUMNS, GENESIS, chain_hash
from serving.csv_cells import csv_lines
from serving.db import audit_log

BATCH = 10_000


@dataclass(frozen=True)
class ChainCheck:
    """The outcome of walking the chain: rows checked, the last hash, and the first broken row if any."""

    rows: int
    last_hash: str
    broken_id: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_id is None


def _rows(connection: Connection, since: datetime | None = None) -> Iterator[dict[str, Any]]:
    query = select(audit_log).order_by(audit_log.c.audit_id)
    if since is not None:
        query = query.where(audit_log.c.at >= since)
    result = connection.execution_options(yield_per=BATCH).execute(query).mappings()
    for row in result:
        yield dict(row)


def _problem(row: dict[str, Any], prev_hash: str) -> str:
    """Why a row does not belong where it stands in the chain ('' when it does)."""
    if row["row_hash"] is None:
        return "it has no hash (written outside the audit log's writer)"
    if row["prev_hash"] != prev_hash:
        return "it does not follow the row before it (a row before it was deleted, inserted or changed)"
    if chain_hash(prev_hash, row) != row["row_hash"]:
        return "its content does not match its hash (the row was edited)"
    return ""


def verify_chain(connection: Connection) -> ChainCheck:
    """Walk every row in id order and recompute its hash; stops at the first row that breaks the chain."""
    prev, count = GENESIS, 0
    for row in _rows(connection):
        problem = _problem(row, prev)
        if problem:
            return ChainCheck(count, prev, int(row["audit_id"]), problem)
        prev, count = row["row_hash"], count + 1
    return ChainCheck(count, prev)


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {name: row[name].isoformat(sep=" ") if name == "at" else row[name] for name in AUDIT_COLUMNS}


def export_jsonl(connection: Connection, since: datetime | None = None) -> Iterable[str]:
    """One JSON object per row (details parsed), oldest first."""
    for row in _rows(connection, since):
        yield json.dumps(_plain(row) | {"details": json.loads(row["details"])}, ensure_ascii=False) + "\n"


def export_csv(connection: Connection, since: datetime | None = None) -> Iterable[str]:
    """Every row as CSV lines, each cell formula-safe (a key name or resource cannot become a formula)."""
    rows = ([_plain(row)[name] for name in AUDIT_COLUMNS] for row in _rows(connection, since))
    return csv_lines(AUDIT_COLUMNS, rows)
