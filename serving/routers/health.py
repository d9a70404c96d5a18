"""Liveness and readiness: /health answers while the process runs, /ready only with a model and a store."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from serving.deps import StateDep
from serving.errors import ApiError, error_responses
from serving.schemas import Health, Readiness

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health, summary="The process is alive")
async def health() -> Health:
    """Always 200 while the server runs."""
    return Health(status="ok")


@router.get("/ready", response_model=Readiness, responses=error_responses(503), summary="Model loaded, store reachable")
async def ready(state: StateDep) -> Readiness:
    """200 when a model is loaded and the store answers a query; 503 with the reason otherwise."""
    model = state.models.current
    if model is None:
        raise ApiError(503, "model_unavailable", f"No model is loaded: {state.models.last_error or 'not yet'}")
    try:
        with state.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        raise ApiError(503, "store_unavailable", f"The store does not answer: {error.__class__.__name__}") from None
    return Readiness(status="ready", model_version=model.version, store="ok")
