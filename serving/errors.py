"""One JSON error shape for every failure: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)

_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "too_many_requests",
    500: "internal_error",
    503: "unavailable",
}


class ErrorDetail(BaseModel):
    """What went wrong, for the person who can fix it."""

    code: str = Field(examples=["not_found"])
    message: str = Field(examples=["No risk score for unit 'U000123'."])
    details: dict[str, Any] = Field(default_factory=dict)


class ErrorBody(BaseModel):
    """The body of every error response."""

    error: ErrorDetail


class ApiError(Exception):
    """An error answered with the shared shape; raised by routes and dependencies."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.details = details or {}
        self.headers = headers or {}


def not_found(kind: str, key: str) -> ApiError:
    """The one answer for both an unknown id and one outside the caller's scope."""
    return ApiError(404, "not_found", f"No {kind} '{key}'.")


_DESCRIPTIONS = {
    400: "The body is not readable JSON",
    401: "Missing or invalid API key",
    403: "The key's role may not do this",
    404: "Unknown, or outside the caller's scope",
    413: "Request body too large",
    415: "Unsupported content type",
    422: "The request does not follow the schema",
    429: "Too many failed authentications from this client; see Retry-After",
    503: "Model or store unavailable",
}


_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before trying again", "schema": {"type": "integer"}}}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries for the given statuses, all with the shared error model.

    A route that authenticates (401) can also throttle a client after repeated failures, so 401 brings 429.
    """
    wanted = sorted({*statuses, 429} if 401 in statuses else set(statuses))
    out: dict[int | str, dict[str, Any]] = {}
    for status in wanted:
        out[status] = {"model": ErrorBody, "description": _DESCRIPTIONS[status]}
        if status == 429:
            out[status]["headers"] = _RETRY_AFTER
    return out


def error_response(status: int, code: str, message: str, details: dict[str, Any] | None = None) -> JSONResponse:
    body = ErrorBody(error=ErrorDetail(code=code, message=message, details=details or {}))
    return JSONResponse(body.model_dump(mode="json"), status_code=status)


async def _api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    response = error_response(exc.status, exc.code, exc.message, exc.details)
    response.headers.update(exc.headers)
    return response


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _STATUS_CODES.get(exc.status_code, "error")
    response = error_response(exc.status_code, code, str(exc.detail))
    response.headers.update(exc.headers or {})
    return response


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"location": [str(part) for part in error["loc"]], "message": error["msg"], "type": error["type"]}
        for error in exc.errors()
    ]
    return error_response(422, "validation_error", "The request does not follow the schema.", {"problems": problems})


async def _server_error(request: Request, exc: Exception) -> JSONResponse:
    # Starlette calls this only for errors no other handler took; the traceback is logged, never sent.
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, "internal_error", "The server failed to answer this request.")


def install_error_handlers(app: FastAPI) -> None:
    """Route every error through the shared shape."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(500, _server_error)
