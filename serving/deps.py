"""Request dependencies: the app state, a database session, the calling principal and the serving model.

Reads against the local SQLite store take tens of microseconds, so the dependencies run them on the event loop
rather than paying a thread hop per request, and each reads the app state from the request itself: every extra
layer of dependencies costs more than the lookups they make.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Connection

from data.store.prepared import raw_connection
from serving.audit import audit_row
from serving.auth import Principal, Role
from serving.authentication import authenticated
from serving.champion import LoadedModel
from serving.errors import ApiError
from serving.state import ServingState

bearer = HTTPBearer(
    auto_error=False, scheme_name="ApiKey", description="An API key from `disputes keys create`."
)  # fmt: skip


def state_of(request: Request) -> ServingState:
    state: ServingState = request.app.state.serving
    return state


async def get_state(request: Request) -> ServingState:
    """The app's state (async: a plain function dependency would cost a thread hop per request)."""
    return state_of(request)


StateDep = Annotated[ServingState, Depends(get_state)]


async def get_session(request: Request) -> AsyncIterator[Connection]:
    """A pooled connection for one request; writes commit explicitly."""
    with state_of(request).engine.connect() as connection:
        yield connection


SessionDep = Annotated[Connection, Depends(get_session)]


async def get_principal(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> Principal:
    """The caller named by the bearer key; 401 when the key is missing or not valid, 429 after many failures."""
    return authenticated(state_of(request), request, credentials.credentials if credentials else None)


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def require_role(*roles: Role, why: str = "") -> Callable[..., Awaitable[Principal]]:
    """A dependency that lets only the given roles through (403 for the others, saying why when given; audited)."""
    allowed = ", ".join(role.value for role in roles)

    async def check(request: Request, principal: PrincipalDep) -> Principal:
        if principal.role not in roles:
            state = state_of(request)
            row = audit_row(principal, "access.forbidden", f"{request.method} {request.url.path}", {"allowed": allowed})
            with raw_connection(state.engine) as connection:
                state.audit.append(connection, [row])
            reason = f" {why}" if why else ""
            message = f"Only {allowed} keys may do this; this key is a {principal.role.value}.{reason}"
            raise ApiError(403, "forbidden", message)
        return principal

    return check


async def single_valued_query(request: Request) -> None:
    """422 when a query parameter is repeated: `?band=high&band=critical` would otherwise keep only the last."""
    names = [name for name, _ in request.query_params.multi_items()]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        problems = [{"location": ["query", name], "message": "give this parameter once", "type": "repeated"}
                    for name in repeated]  # fmt: skip
        raise ApiError(422, "validation_error", "The request does not follow the schema.", {"problems": problems})


async def get_model(state: StateDep) -> LoadedModel:
    """The model being served; 503 when none could be loaded."""
    current = state.models.current
    if current is None:
        reason = state.models.last_error or "no model has been loaded"
        raise ApiError(503, "model_unavailable", f"No model is being served: {reason}")
    return current


ModelDep = Annotated[LoadedModel, Depends(get_model)]
