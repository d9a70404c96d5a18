"""The communities a user may see, ranked by expected disputes, with each one's trend across scoring runs."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, RowMapping, select

from serving.auth import Principal
from serving.db import communities, community_rollups
from serving.risk_reads import latest_run
from serving.schemas import Driver
from serving.scope import community_filter

TREND_RUNS = 24


@dataclass(frozen=True)
class CommunityLine:
    """One community of the ranking: its latest rollup, its top drivers and its expected disputes by run."""

    rollup: RowMapping
    drivers: list[Driver]
    trend: list[float]
    trend_dates: list[date]

    @property
    def change(self) -> float | None:
        """Expected disputes now minus at the previous run."""
        return self.trend[-1] - self.trend[-2] if len(self.trend) > 1 else None


def ranked_communities(session: Connection, principal: Principal) -> list[CommunityLine]:
    """The latest run's communities in scope, most expected disputes first."""
    run = latest_run(session)
    if run is None:
        return []
    latest = (
        select(community_rollups, communities.c.name, communities.c.subdistrict, communities.c.firm_id)
        .join(communities, communities.c.community_id == community_rollups.c.community_id)
        .where(community_rollups.c.run_id == run["run_id"], community_filter(principal))
        .order_by(community_rollups.c.expected_disputes.desc(), community_rollups.c.community_id)
    )  # fmt: skip
    rows = list(session.execute(latest).mappings())
    trends = _trends(session, [row["community_id"] for row in rows])
    return [
        CommunityLine(row, [Driver(**d) for d in json.loads(row["top_drivers"])], *trends[row["community_id"]])
        for row in rows
    ]  # fmt: skip


def _trends(session: Connection, ids: list[str]) -> dict[str, tuple[list[float], list[date]]]:
    """Expected disputes per community at each as-of date (the newest run of a date re-scored), oldest first."""
    found: dict[str, dict[date, float]] = defaultdict(dict)
    if not ids:
        return {}
    query = (
        select(community_rollups.c.community_id, community_rollups.c.as_of, community_rollups.c.expected_disputes)
        .where(community_rollups.c.community_id.in_(ids)).order_by(community_rollups.c.run_id)
    )  # fmt: skip
    for community_id, as_of, expected in session.execute(query):
        found[community_id][as_of] = float(expected)  # later runs overwrite earlier ones of the same date
    out = {}
    for key, by_date in found.items():
        dates = sorted(by_date)[-TREND_RUNS:]
        out[key] = ([by_date[d] for d in dates], list(dates))
    return out


def community_trend(session: Connection, community_id: str) -> tuple[list[float], list[date]]:
    """One community's expected disputes and as-of dates over the runs, oldest first."""
    return _trends(session, [community_id]).get(community_id, ([], []))
