"""The console's routes under /console, kept out of the OpenAPI schema (they are HTML pages, not the API).

The router's lifespan, merged into the app's when the router is included, creates the console's tables and the
indexes its visit facts read by, loads the templates, and starts the login throttle.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from sqlalchemy import Engine, text

from scoring.tables import metadata
from serving.console import routes_admin, routes_auth, routes_communities, routes_queue, routes_units, routes_upload
from serving.console.deps import ConsoleState
from serving.console.login_throttle import LoginThrottle
from serving.console.rendering import ConsoleRenderer
from serving.console.settings import ConsoleSettings
from serving.console.tables import sessions, users
from serving.state import ServingState

# A unit page reads complaints and repairs by unit (fee_bills has its (unit_id, period) unique index already); the
# queue's counts and sums read a run's scores by community without touching the rows' reasons (a covering index).
_INDEXES = (
    ("ix_console_complaints_unit", "complaints", "unit_id"),
    ("ix_console_repair_orders_unit", "repair_orders", "unit_id"),
    ("ix_console_scores_queue", "scores", "run_id, community_id, probability, unit_id"),
)


def create_console_schema(engine: Engine) -> None:
    """Create the console's tables and the indexes its pages read by, where they do not exist yet."""
    metadata.create_all(engine, tables=[users, sessions])
    with engine.begin() as connection:
        for name, table, columns in _INDEXES:
            connection.execute(text(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})"))


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Runs inside the app's lifespan, once the store is open."""
    state: ServingState = app.state.serving
    create_console_schema(state.engine)
    settings = ConsoleSettings()
    throttle = LoginThrottle(settings.login_attempts, settings.lockout_minutes * 60)
    app.state.console = ConsoleState(settings, ConsoleRenderer.load(), throttle)
    yield


router = APIRouter(lifespan=lifespan)
for module in (routes_auth, routes_queue, routes_units, routes_communities, routes_upload, routes_admin):
    router.include_router(module.router)
