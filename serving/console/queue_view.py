"""The console's queue: the API's queue statement (same scope, same closed-unit rule) with more filters and sorts.

On top of the API's filters (subdistrict, community, band) a mediator can filter by the latest outreach status and
sort by probability, change since the previous run, community or unit. The capacity line compares the expected
disputes (Σp) of the first K units of the list with Σp of the whole list, as the API's `capacity=K` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import ColumnElement, Connection, RowMapping, Select, and_, exists, func, select

from serving.auth import Principal
from serving.console.queue_cache import OrderKey, QueueCaches
from serving.db import communities, outreach, score_runs, scores
from serving.queue_reads import QueueFilter, queue_item, queue_statement
from serving.risk_reads import latest_run
from serving.schemas import Band, Capacity, Queue, QueueItem
from serving.scope import community_filter

EXPORT_MAX = 10_000
Status = Literal["none", "contacted", "mediating", "resolved", "declined"]
Sort = Literal["probability", "change", "community", "unit"]


class QueueQuery(BaseModel):
    """The queue page's query string; an empty form field means "any"."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    subdistrict: str | None = Field(None, max_length=128)
    community_id: str | None = Field(None, max_length=128)
    band: Band | None = None
    status: Status | None = None
    sort: Sort = "probability"
    order: Literal["asc", "desc"] = "desc"
    page: int = Field(1, ge=1, le=100_000)
    per_page: int = Field(25, ge=1, le=100)
    capacity: int = Field(40, ge=1, le=EXPORT_MAX)

    @model_validator(mode="before")
    @classmethod
    def _empty_is_any(cls, data: Any) -> Any:
        return {k: v for k, v in data.items() if v != ""} if isinstance(data, dict) else data

    def filters(self) -> dict[str, object]:
        """The filters that are set (for links, the audit log and the CSV)."""
        names = ("subdistrict", "community_id", "band", "status")
        return {name: getattr(self, name) for name in names if getattr(self, name) is not None}


@dataclass(frozen=True)
class QueueLine:
    """One unit of the page: the API's queue item, its latest outreach status and its change since the last run."""

    item: QueueItem
    status: str | None
    status_at: object
    delta: float | None


@dataclass(frozen=True)
class QueuePage:
    """A page of the list, its size, and the capacity line's figures."""

    as_of: object
    total: int
    lines: list[QueueLine]
    capacity: int
    capacity_expected: float
    list_expected: float

    @property
    def capacity_share(self) -> float:
        """Share of the list's expected disputes held by its first `capacity` units."""
        return self.capacity_expected / self.list_expected if self.list_expected > 0 else 0.0


def _latest_status() -> ColumnElement[Any]:
    return (
        select(outreach.c.status).where(outreach.c.unit_id == scores.c.unit_id)
        .order_by(outreach.c.recorded_at.desc(), outreach.c.outreach_id.desc()).limit(1)
        .correlate(scores).scalar_subquery()
    )  # fmt: skip


def _previous_run_id(session: Connection, run_id: int) -> int | None:
    found = session.execute(select(func.max(score_runs.c.run_id)).where(score_runs.c.run_id < run_id)).scalar()
    return int(found) if found is not None else None


def _filtered(principal: Principal, run: RowMapping, query: QueueQuery) -> Select[Any]:
    """The API's queue statement (scope, closed units, subdistrict, community, band), narrowed by status."""
    wanted = QueueFilter(subdistrict=query.subdistrict, community_id=query.community_id, band=query.band)
    rows = queue_statement(principal, run, wanted)
    if query.status == "none":
        return rows.where(~exists().where(outreach.c.unit_id == scores.c.unit_id))
    if query.status is not None:
        return rows.where(_latest_status() == query.status)
    return rows


def _listing(rows: Select[Any], query: QueueQuery, previous: int | None) -> Select[Any]:
    """The rows with their change since the previous run as `delta`, in the order asked for."""
    prev = scores.alias("prev")
    on_prev = and_(prev.c.run_id == (previous if previous is not None else -1), prev.c.unit_id == scores.c.unit_id)
    rows = rows.add_columns((scores.c.probability - prev.c.probability).label("delta")).outerjoin(prev, on_prev)
    column = rows.selected_columns
    key = {"probability": column.probability, "change": column.delta, "community": column.community_name,
           "unit": column.unit_id}[query.sort]  # fmt: skip
    first = key.asc() if query.order == "asc" else key.desc()
    if query.sort == "change":
        first = first.nulls_last()  # a unit new in this run has no change
    return rows.order_by(first, column.probability.desc(), column.unit_id)


def _sum_and_count(session: Connection, rows: Select[Any]) -> tuple[float, int]:
    """Σp and the number of units, read from the index alone (no row's reasons)."""
    totals = rows.with_only_columns(func.coalesce(func.sum(scores.c.probability), 0.0), func.count())
    total, count = session.execute(totals).one()
    return float(total), int(count)


def _top_sum(session: Connection, rows: Select[Any], count: int) -> float:
    top = rows.limit(count).subquery()
    return float(session.execute(select(func.coalesce(func.sum(top.c.probability), 0.0))).scalar_one())


def _statuses(session: Connection, unit_ids: list[str]) -> dict[str, tuple[str, object]]:
    """Each unit's latest outreach status and when it happened."""
    rows = session.execute(
        select(outreach.c.unit_id, outreach.c.status, outreach.c.occurred_at).where(outreach.c.unit_id.in_(unit_ids))
        .order_by(outreach.c.recorded_at, outreach.c.outreach_id)
    )  # fmt: skip
    return {unit: (status, at) for unit, status, at in rows}


def _narrow(rows: Select[Any]) -> Select[Any]:
    """Only what ordering reads, so the sort never carries every row's reasons (the page's rows come after)."""
    return rows.with_only_columns(scores.c.unit_id, scores.c.probability, communities.c.name.label("community_name"))


def _page_rows(session: Connection, filtered: Select[Any], keys: list[OrderKey]) -> list[Any]:
    """The full rows of one page's units, in the page's order, each with its `delta`."""
    ids = [unit_id for unit_id, _, _ in keys]
    found = {row["unit_id"]: row for row in session.execute(filtered.where(scores.c.unit_id.in_(ids))).mappings()}
    return [{**found[unit_id], "delta": delta} for unit_id, _, delta in keys if unit_id in found]


def _scope_key(principal: Principal, run: RowMapping, query: QueueQuery) -> tuple[object, ...]:
    return (run["run_id"], principal.role, principal.firm_id, principal.subdistricts, *sorted(query.filters().items()))


def _keys(rows: Select[Any]) -> Select[Any]:
    return rows.with_only_columns(*(rows.selected_columns[name] for name in ("unit_id", "probability", "delta")))


def _page_keys(
    session: Connection, principal: Principal, run: RowMapping, query: QueueQuery, order: Select[Any],
    caches: QueueCaches,
) -> tuple[list[OrderKey], float]:  # fmt: skip
    """The page's (unit, probability, delta) keys and Σp of the first `capacity` units of the list.

    Sorted by probability or unit id, the database walks an index and stops early. Sorted by change or community
    it must read and sort the whole list, so that order is kept for the pages that follow.
    """
    offset = (query.page - 1) * query.per_page
    if query.sort in ("probability", "unit"):
        keys = [tuple(row) for row in session.execute(_keys(order).limit(query.per_page).offset(offset))]
        return keys, _top_sum(session, order, query.capacity)
    key = (*_scope_key(principal, run, query), query.sort, query.order)
    full = caches.orders.get(session, key, lambda: [tuple(row) for row in session.execute(_keys(order))])
    return full[offset : offset + query.per_page], float(sum(p for _, p, _ in full[: query.capacity]))


def read_console_queue(
    session: Connection, principal: Principal, query: QueueQuery, caches: QueueCaches | None = None
) -> QueuePage:
    """One page of the list with its total and the capacity line (an empty page before the first run)."""
    run = latest_run(session)
    if run is None:
        return QueuePage(None, 0, [], query.capacity, 0.0, 0.0)
    caches = caches or QueueCaches()
    filtered = _filtered(principal, run, query)
    order = _listing(_narrow(filtered), query, _previous_run_id(session, int(run["run_id"])))
    list_expected, total = _list_totals(session, principal, run, query, caches)
    keys, capacity_expected = _page_keys(session, principal, run, query, order, caches)
    offset = (query.page - 1) * query.per_page
    page = _page_rows(session, filtered, keys)
    statuses = _statuses(session, [row["unit_id"] for row in page])
    lines = []
    for i, row in enumerate(page):
        status, status_at = statuses.get(row["unit_id"], (None, None))
        lines.append(QueueLine(queue_item(offset + i + 1, row), status, status_at, row["delta"]))
    return QueuePage(run["as_of"], total, lines, query.capacity, capacity_expected, list_expected)


def _list_totals(
    session: Connection, principal: Principal, run: RowMapping, query: QueueQuery, caches: QueueCaches
) -> tuple[float, int]:
    """Σp and the number of units of the whole filtered list."""
    filtered = _filtered(principal, run, query)
    return caches.totals.get(session, _scope_key(principal, run, query), lambda: _sum_and_count(session, filtered))


def export_queue(
    session: Connection, principal: Principal, query: QueueQuery, caches: QueueCaches | None = None
) -> Queue:
    """The whole filtered, sorted list (up to EXPORT_MAX units) as the API's Queue, for the API's CSV; its
    capacity is the list itself, so the CSV's running share of expected disputes is filled in."""
    run = latest_run(session)
    if run is None:
        return Queue(as_of=None, model_version=None, total=0, limit=EXPORT_MAX, offset=0, items=[], capacity=None)
    rows = _listing(_filtered(principal, run, query), query, _previous_run_id(session, int(run["run_id"])))
    items = [queue_item(i + 1, row) for i, row in enumerate(session.execute(rows.limit(EXPORT_MAX)).mappings())]
    whole, total = _list_totals(session, principal, run, query, caches or QueueCaches())
    held = sum(item.probability for item in items)
    capacity = Capacity(
        capacity=EXPORT_MAX, units=len(items), expected_disputes=held, scope_expected_disputes=whole,
        share=min(held / whole, 1.0) if whole > 0 else 0.0, horizon_days=run["horizon_days"],
    )  # fmt: skip
    return Queue(as_of=run["as_of"], model_version=run["model_version"], total=total, limit=EXPORT_MAX, offset=0,
                 items=items, capacity=capacity)  # fmt: skip


def subdistricts_in_scope(session: Connection, principal: Principal) -> list[str]:
    """The subdistricts the user's scope covers, for the filter's choices."""
    found = session.execute(select(communities.c.subdistrict).where(community_filter(principal)).distinct())
    return sorted(found.scalars())
