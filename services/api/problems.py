"""One registry turning every error into RFC 9457 problem+json.

Domain errors carry their field and rule; validation errors name each field; 4xx are
logged at info without the request body; anything unexpected is a 500 that reveals
nothing.
"""

from __future__ import annotations

import logging
from typing import Any

import psycopg
import psycopg_pool
from eventsourcing import persistence as es_persistence
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from events.errors import (
    DomainError,
    DuplicateMovement,
    FirstContactLimited,
    TransitionNotAllowed,
)
from services.access.denials import Forbidden, NotFound
from services.access.tokens import TokenInvalid

log = logging.getLogger("pmr.api")

PROBLEM_JSON = "application/problem+json"
# Relative: each resolves to the app's own page explaining it (problem_pages.py).
TYPE_BASE = "/problems/"
RETRY_AFTER_OUTAGE = 5
# What the store and the pool raise when the database cannot be reached in time.
OUTAGES: tuple[type[Exception], ...] = (
    psycopg.OperationalError,
    psycopg_pool.PoolTimeout,
    es_persistence.OperationalError,
    es_persistence.InterfaceError,
)


def problem(
    status: int,
    title: str,
    detail: str,
    rule: str,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
    extensions: dict[str, Any] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": TYPE_BASE + rule.replace("_", "-"),
        "title": title,
        "status": status,
        "detail": detail,
        **(extensions or {}),
    }
    if errors is not None:
        body["errors"] = errors
    return JSONResponse(
        body, status_code=status, media_type=PROBLEM_JSON, headers=headers
    )


def _field_of(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


async def on_validation(_: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [
        {"field": _field_of(tuple(e["loc"])), "rule": e["type"], "message": e["msg"]}
        for e in exc.errors()
    ]
    log.info(
        "request refused", extra={"status": 422, "rules": [e["rule"] for e in errors]}
    )
    return problem(
        422,
        "Invalid request",
        "the request body or query is invalid",
        "validation",
        errors,
    )


async def on_domain(_: Request, exc: DomainError) -> JSONResponse:
    status = exc.status_hint
    log.info("domain rule refused", extra={"status": status, "rule": exc.rule})
    error = {"field": exc.field, "rule": exc.rule, "message": exc.message}
    extensions: dict[str, Any] | None = None
    if isinstance(exc, DuplicateMovement):
        extensions = {"movement_id": exc.movement_id}
    if isinstance(exc, TransitionNotAllowed):
        extensions = {"state": exc.state, "allowed": exc.allowed}
    # Busy (a retry exhausted): say when to come back, as an outage does.
    headers = {"Retry-After": "1"} if status == 503 else None
    if isinstance(exc, FirstContactLimited):
        headers = {"Retry-After": str(exc.retry_after_seconds)}
    return problem(
        status,
        _title(status),
        exc.message,
        exc.rule,
        [error],
        headers=headers,
        extensions=extensions,
    )


async def on_token(_: Request, exc: TokenInvalid) -> JSONResponse:
    return problem(
        401,
        "Unauthorized",
        "a valid bearer token is required",
        "unauthorized",
        headers={"WWW-Authenticate": 'Bearer realm="pmr"'},
    )


async def on_forbidden(_: Request, exc: Forbidden) -> JSONResponse:
    log.info("out of scope", extra={"status": 403})
    errors = [{"field": exc.field, "rule": "scope", "message": exc.detail}]
    return problem(403, "Forbidden", exc.detail, "forbidden", errors)


async def on_not_found(_: Request, exc: NotFound) -> JSONResponse:
    return problem(404, "Not Found", exc.detail, "not_found")


async def on_http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
    return problem(exc.status_code, _title(exc.status_code), str(exc.detail), "http")


async def on_outage(request: Request, exc: Exception) -> JSONResponse:
    """The database is unreachable or has no connection free: retry shortly."""
    log.warning("database unavailable", extra={"status": 503})
    return problem(
        503,
        "Service Unavailable",
        "the register's database is unavailable; retry shortly",
        "database_unavailable",
        headers={"Retry-After": str(RETRY_AFTER_OUTAGE)},
    )


async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    correlation = getattr(request.state, "correlation_id", None) or "none"
    log.error("unexpected error", exc_info=exc, extra={"correlation_id": correlation})
    return problem(
        500,
        "Internal Server Error",
        "something went wrong; quote the correlation id",
        "internal",
        extensions={"correlation_id": correlation},
    )


def _title(status: int) -> str:
    return {
        401: "Unauthorized",
        403: "Forbidden",
        404: "Not Found",
        409: "Conflict",
        422: "Unprocessable Content",
        429: "Too Many Requests",
        503: "Service Unavailable",
    }.get(status, "Error")


def install(app: FastAPI) -> None:
    """Register every handler; the catch-all goes last."""
    app.add_exception_handler(RequestValidationError, on_validation)  # type: ignore[arg-type]
    app.add_exception_handler(DomainError, on_domain)  # type: ignore[arg-type]
    app.add_exception_handler(TokenInvalid, on_token)  # type: ignore[arg-type]
    app.add_exception_handler(Forbidden, on_forbidden)  # type: ignore[arg-type]
    app.add_exception_handler(NotFound, on_not_found)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, on_http)  # type: ignore[arg-type]
    for outage in OUTAGES:
        app.add_exception_handler(outage, on_outage)
    app.add_exception_handler(Exception, on_unexpected)
