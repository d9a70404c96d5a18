"""What the unit page shows beyond the API's risk read: the score history and what a visit needs to know.

The visit facts are read from the store's contract tables for this one unit, as known at the as-of date of its
latest score (the date its reasons speak of): bills overdue and unpaid, complaints still open and how old they
are, and repair orders open longer than their category's service level (the serving model's feature settings).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import Connection, RowMapping, and_, or_, select

from features.config import DEFAULT_SERVICE_LEVEL_DAYS
from serving.db import outreach, scores, store_table

HISTORY_RUNS = 24


@dataclass(frozen=True)
class VisitFacts:
    """The unit's open matters at `as_of`."""

    as_of: date
    unpaid_bills: list[RowMapping]
    unpaid_total: float
    open_complaints: list[dict[str, object]]
    overdue_repairs: list[dict[str, object]]


def score_history(session: Connection, unit_id: str) -> list[RowMapping]:
    """The unit's probability and band at each as-of date (the newest run of a date re-scored), oldest first."""
    newest = (
        select(scores.c.run_id, scores.c.as_of, scores.c.probability, scores.c.band)
        .where(scores.c.unit_id == unit_id).order_by(scores.c.run_id.desc()).limit(HISTORY_RUNS * 2)
    )  # fmt: skip
    by_date: dict[object, RowMapping] = {}
    for row in session.execute(newest).mappings():
        by_date.setdefault(row["as_of"], row)  # newest run first, so the first seen of a date wins
    return sorted(by_date.values(), key=lambda row: row["as_of"])[-HISTORY_RUNS:]


def _unpaid_bills(session: Connection, unit_id: str, t: datetime) -> list[RowMapping]:
    bills = store_table("fee_bills")
    due = and_(bills.c.unit_id == unit_id, bills.c.due_date < t.date())
    unpaid = or_(bills.c.paid_at.is_(None), bills.c.paid_at > t.date())
    query = select(bills.c.period, bills.c.amount_due_cny, bills.c.due_date).where(due, unpaid)
    return list(session.execute(query.order_by(bills.c.due_date)).mappings())


def _open_complaints(session: Connection, unit_id: str, t: datetime) -> list[dict[str, object]]:
    complaints = store_table("complaints")
    still_open = or_(complaints.c.resolved_at.is_(None), complaints.c.resolved_at > t)
    query = select(complaints.c.created_at, complaints.c.category, complaints.c.channel, complaints.c.text).where(
        complaints.c.unit_id == unit_id, complaints.c.created_at <= t, still_open
    )
    rows = session.execute(query.order_by(complaints.c.created_at)).mappings()
    return [{**row, "age_days": (t - row["created_at"]).days} for row in rows]


def _overdue_repairs(
    session: Connection, unit_id: str, t: datetime, levels: Mapping[str, int]
) -> list[dict[str, object]]:
    repairs = store_table("repair_orders")
    still_open = or_(repairs.c.completed_at.is_(None), repairs.c.completed_at > t)
    query = select(repairs.c.reported_at, repairs.c.category).where(
        repairs.c.unit_id == unit_id, repairs.c.reported_at <= t, still_open
    )
    out = []
    for row in session.execute(query.order_by(repairs.c.reported_at)).mappings():
        waited, allowed = t - row["reported_at"], levels.get(row["category"], 0)
        if waited.total_seconds() > allowed * 86_400:  # as the features count it: longer than the service level
            out.append({**row, "age_days": waited.days, "service_days": allowed})
    return out


def visit_facts(session: Connection, unit_id: str, as_of: date, levels: Mapping[str, int] | None = None) -> VisitFacts:
    """The unit's unpaid bills, open complaints and overdue repairs as known at `as_of`."""
    t = datetime.combine(as_of, time())
    bills = _unpaid_bills(session, unit_id, t)
    return VisitFacts(
        as_of, bills, float(sum(row["amount_due_cny"] for row in bills)), _open_complaints(session, unit_id, t),
        _overdue_repairs(session, unit_id, t, levels or DEFAULT_SERVICE_LEVEL_DAYS),
    )  # fmt: skip


def outreach_history(session: Connection, unit_id: str) -> list[RowMapping]:
    """Every outreach recorded for the unit, newest first."""
    query = (
        select(outreach.c.status, outreach.c.note, outreach.c.occurred_at, outreach.c.recorded_at, outreach.c.key_name)
        .where(outreach.c.unit_id == unit_id).order_by(outreach.c.recorded_at.desc(), outreach.c.outreach_id.desc())
    )  # fmt: skip
    return list(session.execute(query).mappings())
