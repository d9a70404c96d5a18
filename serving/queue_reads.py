"""The outreach queue: the latest run's units in the caller's scope, riskiest first.

A unit drops out once someone marks it `resolved` or `declined` after that run was scored; the next run brings it
back if it is still at risk.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, RowMapping, Select, and_, exists, func, select

from serving.auth import Principal
from serving.csv_cells import csv_text
from serving.db import communities, outreach, scores
from serving.risk_reads import latest_run, parse_reasons
from serving.schemas import Band, Queue, QueueItem
from serving.scope import community_filter

CLOSED_STATUSES = ("resolved", "declined")
CSV_COLUMNS = (
    "rank", "unit_id", "community_id", "community_name", "subdistrict", "probability", "band", "reasons_zh",
    "reasons_en",
)  # fmt: skip


@dataclass(frozen=True)
class QueueFilter:
    """What the caller asked for, on top of its scope."""

    limit: int = 50
    offset: int = 0
    subdistrict: str | None = None
    community_id: str | None = None
    band: Band | None = None


def _queue_rows(principal: Principal, run: RowMapping, wanted: QueueFilter) -> Select[tuple[object, ...]]:
    closed = exists().where(
        outreach.c.unit_id == scores.c.unit_id,
        outreach.c.status.in_(CLOSED_STATUSES),
        outreach.c.recorded_at >= run["scored_at"],
    )
    conditions = [scores.c.run_id == run["run_id"], community_filter(principal), ~closed]
    if wanted.subdistrict is not None:
        conditions.append(communities.c.subdistrict == wanted.subdistrict)
    if wanted.community_id is not None:
        conditions.append(scores.c.community_id == wanted.community_id)
    if wanted.band is not None:
        conditions.append(scores.c.band == wanted.band.value)
    columns = (
        scores.c.unit_id, scores.c.community_id, communities.c.name.label("community_name"),
        communities.c.subdistrict, scores.c.probability, scores.c.band, scores.c.reasons,
    )  # fmt: skip
    joined = scores.join(communities, communities.c.community_id == scores.c.community_id)
    return select(*columns).select_from(joined).where(and_(*conditions))


def read_queue(session: Connection, principal: Principal, wanted: QueueFilter) -> Queue:
    """One page of the queue and the number of units behind it."""
    run = latest_run(session)
    if run is None:
        return Queue(as_of=None, model_version=None, total=0, limit=wanted.limit, offset=wanted.offset, items=[])
    rows = _queue_rows(principal, run, wanted)
    total = session.execute(select(func.count()).select_from(rows.subquery())).scalar_one()
    page = rows.order_by(scores.c.probability.desc(), scores.c.unit_id).limit(wanted.limit).offset(wanted.offset)
    items = [
        QueueItem(rank=wanted.offset + i + 1, **{k: v for k, v in row.items() if k != "reasons"},
                  reasons=parse_reasons(row["reasons"]))
        for i, row in enumerate(session.execute(page).mappings())
    ]  # fmt: skip
    return Queue(
        as_of=run["as_of"], model_version=run["model_version"], total=total, limit=wanted.limit,
        offset=wanted.offset, items=items,
    )  # fmt: skip


def queue_csv(queue: Queue) -> str:
    """The queue as CSV for spreadsheets (formula-safe cells; a BOM, so Excel reads the Chinese text as UTF-8)."""
    rows = (
        (
            item.rank, item.unit_id, item.community_id, item.community_name, item.subdistrict,
            f"{item.probability:.6f}", item.band.value, "；".join(r.zh for r in item.reasons),
            "; ".join(r.en for r in item.reasons),
        )
        for item in queue.items
    )  # fmt: skip
    return csv_text(CSV_COLUMNS, rows)


def queue_unit_ids(queue: Queue) -> list[str]:
    return [item.unit_id for item in queue.items]
