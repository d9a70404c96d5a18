"""The `transparency_pages` table (SQLAlchemy Core): one row per community and as-of date, in the store's database.

Each row holds the page content as language-neutral JSON and the community's line of the district overview. A
precompute run replaces the rows of its own as-of date and leaves older dates as history; pages read the newest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Date,
    DateTime,
    Engine,
    Index,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    delete,
    func,
    insert,
    select,
)

metadata = MetaData()

transparency_pages = Table(
    "transparency_pages",
    metadata,
    Column("community_id", String, primary_key=True),
    Column("as_of", Date, primary_key=True),
    Column("payload", Text, nullable=False),  # JSON of scoring.transparency.page_model.TransparencyPage
    Column("overview", Text, nullable=False),  # JSON of OverviewRow
    Column("model_version", String, nullable=True),
    Column("computed_at", DateTime, nullable=False),
    Index("ix_transparency_pages_as_of", "as_of"),
)

# Statements are built once: these reads run on every page view.
_PAGE = (
    select(transparency_pages.c.payload)
    .where(transparency_pages.c.community_id == bindparam("community_id"))
    .order_by(transparency_pages.c.as_of.desc())
    .limit(1)
)
_LATEST = select(func.max(transparency_pages.c.as_of)).scalar_subquery()
_OVERVIEW = select(transparency_pages.c.overview, transparency_pages.c.as_of, transparency_pages.c.model_version).where(
    transparency_pages.c.as_of == _LATEST
)


def create_transparency_schema(engine: Engine) -> None:
    """Create the table if it does not exist yet."""
    metadata.create_all(engine)


def replace_pages(engine: Engine, as_of: date, rows: Sequence[dict[str, Any]]) -> int:
    """Store one run's rows (community_id, payload, overview, model_version, computed_at) in one transaction."""
    create_transparency_schema(engine)
    with engine.begin() as connection:
        connection.execute(delete(transparency_pages).where(transparency_pages.c.as_of == as_of))
        if rows:
            connection.execute(insert(transparency_pages), [{**row, "as_of": as_of} for row in rows])
    return len(rows)


def read_page(session: Connection, community_id: str) -> str | None:
    """The community's newest page JSON, or None when it has none."""
    return session.execute(_PAGE, {"community_id": community_id}).scalar_one_or_none()


@dataclass(frozen=True)
class StoredOverview:
    """Every community's overview JSON of the newest as-of date, with that date and its model version."""

    rows: list[str]
    as_of: date | None
    model_version: str | None


def read_overview(session: Connection) -> StoredOverview:
    """The newest run's overview rows (none before the first run)."""
    records = session.execute(_OVERVIEW).all()
    if not records:
        return StoredOverview([], None, None)
    return StoredOverview([r.overview for r in records], records[0].as_of, records[0].model_version)
