"""The FastAPI app factory and its lifespan: load the champion, open the store, route, answer errors alike."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi_offline import FastAPIOffline

from data.settings import Settings
from data.store import Store
from models.registry import Registry
from serving.audit import AuditLog
from serving.champion import ModelLoadError, ModelSlot
from serving.console.deps import install_console_handlers
from serving.console.router import router as console_router
from serving.db import create_serving_schema, open_engine
from serving.errors import install_error_handlers
from serving.hot_statements import HotStatements
from serving.routers import admin, communities, health, ingest, levers, model, monitoring, public, queue, score, units
from serving.row_schema import row_schema
from serving.scoring import CoalescingScorer
from serving.state import ServingState

DESCRIPTION = """Dispute risk of households and communities, with reasons, for mediation committees and
property firms. Send an API key as `Authorization: Bearer <key>`. Anything outside the key's scope answers 404,
exactly as an unknown id does. Every error has the shape `{"error": {"code", "message", "details"}}`."""


def open_state(settings: Settings) -> ServingState:
    """Open the store and the serving tables, and load the champion (a failure leaves /ready at 503)."""
    settings.ensure_home()
    store = Store(settings.store_url)
    store.create_schema()
    engine = open_engine(settings.store_url)
    create_serving_schema(engine)
    models = ModelSlot(Registry(settings.tracking_uri, settings.model_name))
    with contextlib.suppress(ModelLoadError):  # logged; kept by the slot for /ready and /v1/score
        models.load()
    hot = HotStatements.for_dialect(engine.dialect)
    return ServingState(settings, engine, store, models, CoalescingScorer(), hot, AuditLog(engine.dialect))


def create_app(settings: Settings | None = None) -> FastAPI:
    """A new app; settings are read from the environment unless given."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = open_state(settings or Settings())
        app.state.serving = state
        # What is loaded now lives until shutdown; keeping it out of garbage collection shortens GC pauses.
        gc.freeze()
        try:
            yield
        finally:
            state.close()

    # /docs and /redoc load their scripts and styles from the installed package, never from a CDN: the service
    # runs offline. No validator badge either (it would call validator.swagger.io).
    app = FastAPIOffline(
        title="Dispute Radar", version="1", description=DESCRIPTION, lifespan=lifespan,
        swagger_ui_parameters={"validatorUrl": None},
    )  # fmt: skip
    for router in (health, model, units, communities, levers, queue, score, ingest, admin, monitoring, public):
        app.include_router(router.router)
    app.include_router(console_router)
    install_error_handlers(app)
    install_console_handlers(app)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The schema, with /v1/score's rows derived from the serving model's features (rebuilt after a reload)."""
    if app.openapi_schema is None:
        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )  # fmt: skip
        state: ServingState | None = getattr(app.state, "serving", None)
        current = state.models.current if state is not None else None
        names = current.pyfunc.feature_names if current is not None else ()
        schema.setdefault("components", {}).setdefault("schemas", {}).update(row_schema(names).openapi_components())
        app.openapi_schema = schema
    return app.openapi_schema
