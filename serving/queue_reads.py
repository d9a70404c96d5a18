"""The outreach queue: the latest run's units in the caller's scope, riskiest first.

A unit drops out once someone marks it `resolved` or `declined` after that run was scored; the next run brings it
back if it is still at risk.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, RowMapping, Select, and_, exists, func, select

from serving.auth import Principal
from serving.csv_cells import csv_text
from serving.db import communities, outreach, scores, unit_levers
from serving.risk_reads import latest_run, parse_reasons
from serving.schemas import Band, Capacity, Queue, QueueItem, TopLever
from serving.scope import community_filter

CLOSED_STATUSES = ("resolved", "declined")
CSV_COLUMNS = (
    "rank", "unit_id", "community_id", "community_name", "subdistrict", "probability", "band", "reasons_zh",
    "reasons_en", "top_lever_zh", "top_lever_en", "probability_after_lever", "cumulative_share_of_expected",
)  # fmt: skip
_LEVER_COLUMNS = ("lever", "label_zh", "label_en", "probability_after")


@dataclass(frozen=True)
class QueueFilter:
    """What the caller asked for, on top of its scope."""

    limit: int = 50
    offset: int = 0
    subdistrict: str | None = None
    community_id: str | None = None
    band: Band | None = None
    capacity: int | None = None  # K visits: the page becomes the top K, with the share of Σp they hold


def queue_statement(principal: Principal, run: RowMapping, wanted: QueueFilter) -> Select[tuple[object, ...]]:
    """The run's queue rows in the caller's scope, closed units left out, narrowed by the filter; unordered.

    Shared by the API and the staff console, so both apply the same scope and closed-unit rule. Each row holds the
    unit, its community, probability, band, reasons and best lever: what `queue_item` reads."""
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
        *(unit_levers.c[name] for name in _LEVER_COLUMNS),
    )  # fmt: skip
    lever_of_run = and_(unit_levers.c.run_id == scores.c.run_id, unit_levers.c.unit_id == scores.c.unit_id)
    joined = scores.join(communities, communities.c.community_id == scores.c.community_id).outerjoin(
        unit_levers, lever_of_run
    )
    return select(*columns).select_from(joined).where(and_(*conditions))


def read_queue(session: Connection, principal: Principal, wanted: QueueFilter) -> Queue:
    """One page of the queue and the number of units behind it."""
    run = latest_run(session)
    if run is None:
        return Queue(
            as_of=None, model_version=None, total=0, limit=wanted.limit, offset=wanted.offset, items=[], capacity=None
        )
    rows = queue_statement(principal, run, wanted)
    total = session.execute(select(func.count()).select_from(rows.subquery())).scalar_one()
    limit, offset = (wanted.capacity, 0) if wanted.capacity else (wanted.limit, wanted.offset)
    page = rows.order_by(scores.c.probability.desc(), scores.c.unit_id).limit(limit).offset(offset)
    items = [queue_item(offset + i + 1, row) for i, row in enumerate(session.execute(page).mappings())]
    capacity = _capacity(session, rows, items, wanted.capacity, run) if wanted.capacity else None
    return Queue(
        as_of=run["as_of"], model_version=run["model_version"], total=total, limit=limit, offset=offset,
        items=items, capacity=capacity,
    )  # fmt: skip


def _capacity(
    session: Connection, rows: Select[tuple[object, ...]], items: list[QueueItem], k: int, run: RowMapping
) -> Capacity:
    """What the top K hold of the scope's expected disputes (Σ calibrated p over the filtered queue)."""
    scope = float(session.execute(select(func.coalesce(func.sum(rows.subquery().c.probability), 0.0))).scalar_one())
    held = sum(item.probability for item in items)
    return Capacity(
        capacity=k, units=len(items), expected_disputes=held, scope_expected_disputes=scope,
        share=held / scope if scope > 0 else 0.0, horizon_days=run["horizon_days"],
    )  # fmt: skip


def queue_item(rank: int, row: RowMapping) -> QueueItem:
    """One queue line from a row of `queue_statement`, with the unit's best lever when one lowers its risk."""
    plain = {k: v for k, v in row.items() if k != "reasons" and k not in _LEVER_COLUMNS}
    lever = TopLever(**{k: row[k] for k in _LEVER_COLUMNS}) if row["lever"] is not None else None
    return QueueItem(rank=rank, **plain, reasons=parse_reasons(row["reasons"]), top_lever=lever)


def queue_csv(queue: Queue) -> str:
    """The queue as CSV for spreadsheets (formula-safe cells; a BOM, so Excel reads the Chinese text as UTF-8)."""
    scope = queue.capacity.scope_expected_disputes if queue.capacity else 0.0
    running, rows = 0.0, []
    for item in queue.items:
        running += item.probability
        rows.append((
            item.rank, item.unit_id, item.community_id, item.community_name, item.subdistrict,
            f"{item.probability:.6f}", item.band.value, "；".join(r.zh for r in item.reasons),
            "; ".join(r.en for r in item.reasons), *_lever_cells(item.top_lever),
            f"{running / scope:.4f}" if scope > 0 else "",
        ))  # fmt: skip
    return csv_text(CSV_COLUMNS, rows)


def _lever_cells(lever: TopLever | None) -> tuple[str, str, str]:
    if lever is None:
        return "", "", ""
    return lever.label_zh, lever.label_en, f"{lever.probability_after:.6f}"


def queue_unit_ids(queue: Queue) -> list[str]:
    return [item.unit_id for item in queue.items]
