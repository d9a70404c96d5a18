"""Reading a unit's or a community's latest score, with the previous run's for the change."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, RowMapping, bindparam, literal_column, select

from serving.db import communities, community_rollups, score_runs, scores, units
from serving.schemas import BandCounts, CommunityRisk, Driver, Reason, ScoreChange, UnitRisk

UNIT_SCORES = (
    select(
        scores.c.unit_id, scores.c.community_id, scores.c.as_of, scores.c.probability, scores.c.band,
        scores.c.reasons, scores.c.model_version, scores.c.scored_at, communities.c.subdistrict, communities.c.firm_id,
    )
    .join(communities, communities.c.community_id == scores.c.community_id)
    .where(scores.c.unit_id == bindparam("unit_id"))
    .order_by(scores.c.run_id.desc())
    .limit(literal_column("2"))  # a literal: a LIMIT's anonymous bind does not survive prepare() on psycopg
)  # fmt: skip
# Statements are built once: a per-request select() costs more than SQLite's own work on these lookups.

_COMMUNITY_ROLLUPS = (
    select(community_rollups, score_runs.c.horizon_days)
    .join(score_runs, score_runs.c.run_id == community_rollups.c.run_id)
    .where(community_rollups.c.community_id == bindparam("community_id"))
    .order_by(community_rollups.c.run_id.desc())
    .limit(2)
)
_UNIT_COMMUNITY = (
    select(units.c.unit_id, communities.c.community_id, communities.c.firm_id, communities.c.subdistrict)
    .join(communities, communities.c.community_id == units.c.community_id)
    .where(units.c.unit_id == bindparam("unit_id"))
)
_COMMUNITY = select(communities).where(communities.c.community_id == bindparam("community_id"))
_LATEST_RUN = select(score_runs).order_by(score_runs.c.run_id.desc()).limit(1)


def latest_run(session: Connection) -> RowMapping | None:
    """The newest scoring run, or None before the first."""
    return session.execute(_LATEST_RUN).mappings().first()


def unit_scores(session: Connection, unit_id: str) -> list[RowMapping]:
    """The unit's latest and previous scores (newest first), each with its community's firm and subdistrict."""
    return list(session.execute(UNIT_SCORES, {"unit_id": unit_id}).mappings())


def unit_community(session: Connection, unit_id: str) -> RowMapping | None:
    """The unit's community (id, firm, subdistrict), or None for an unknown unit."""
    return session.execute(_UNIT_COMMUNITY, {"unit_id": unit_id}).mappings().first()


def community_row(session: Connection, community_id: str) -> RowMapping | None:
    return session.execute(_COMMUNITY, {"community_id": community_id}).mappings().first()


def community_rollup_rows(session: Connection, community_id: str) -> list[RowMapping]:
    """The community's latest and previous rollups, newest first."""
    return list(session.execute(_COMMUNITY_ROLLUPS, {"community_id": community_id}).mappings())


def parse_reasons(text: str) -> list[Reason]:
    return [Reason(**reason) for reason in json.loads(text)]


def unit_risk(rows: list[RowMapping]) -> UnitRisk:
    """The response for a unit from its latest (and previous) score rows."""
    latest = rows[0]
    change = None
    if len(rows) > 1:
        previous = rows[1]
        change = ScoreChange(
            previous_probability=previous["probability"], previous_band=previous["band"],
            previous_as_of=previous["as_of"], delta=latest["probability"] - previous["probability"],
        )  # fmt: skip
    return UnitRisk(
        unit_id=latest["unit_id"], community_id=latest["community_id"], subdistrict=latest["subdistrict"],
        as_of=latest["as_of"], probability=latest["probability"], band=latest["band"],
        reasons=parse_reasons(latest["reasons"]), model_version=latest["model_version"],
        scored_at=latest["scored_at"], change=change,
    )  # fmt: skip


def community_risk(community: Mapping[Any, Any], rows: list[RowMapping]) -> CommunityRisk:
    """The response for a community from its row in the store and its latest (and previous) rollups."""
    latest = rows[0]
    bands = BandCounts(**{band: latest[f"band_{band}"] for band in BandCounts.model_fields})
    return CommunityRisk(
        community_id=community["community_id"], name=community["name"], subdistrict=community["subdistrict"],
        as_of=latest["as_of"], horizon_days=latest["horizon_days"], units=latest["units"],
        expected_disputes=latest["expected_disputes"], p_at_least_one=latest["p_at_least_one"], bands=bands,
        top_drivers=[Driver(**driver) for driver in json.loads(latest["top_drivers"])],
        model_version=latest["model_version"], scored_at=latest["scored_at"],
        previous_expected_disputes=rows[1]["expected_disputes"] if len(rows) > 1 else None,
    )  # fmt: skip
