"""create_app(): the HTTP API of the pupil movement register."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response

from services.api import openapi_docs, problems
from services.api.body_limit import BodyLimit
from services.api.routers import (
    alerts,
    cases,
    census,
    findings,
    health,
    me,
    metrics,
    movements,
    providers,
    pupils,
    schools,
    statistics,
    steps,
)
from services.bootstrap import Container, bootstrap
from services.config import Settings

log = logging.getLogger("pmr.api")

DESCRIPTION = """Event-sourced register of pupil movements in England.

Every movement, decision and correction is an immutable event. Children are known
only by a random `pupil_key`; UPNs, dates of birth and notes live encrypted in an
identity vault. Every route needs a bearer token with a role and scope."""


def create_app(
    settings: Settings | None = None, container: Container | None = None
) -> FastAPI:
    """Build the app; the container is created at startup unless one is given."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = container is None
        chosen = settings or Settings()
        # With Kafka, projection workers own the views; without, this process does.
        app.state.container = container or bootstrap(
            chosen, start_follower=not chosen.kafka_bootstrap
        )
        try:
            yield
        finally:
            if owned:
                app.state.container.close()

    app = FastAPI(
        title="Pupil movement register",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served from local assets (openapi_docs.install)
        redoc_url=None,  # ReDoc's page loads its script from a CDN
    )
    openapi_docs.install(app)
    if container is not None:
        app.state.container = container
    problems.install(app)
    routers = (health, metrics, movements, steps, pupils, schools, providers)
    for module in (*routers, census, statistics, findings, cases, alerts, me):
        app.include_router(module.router)
    app.middleware("http")(_access_log)
    app.add_middleware(BodyLimit)  # outermost: before anything reads the body
    return app


async def _access_log(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Method, route template and status only: paths may hold a pupil_key."""
    started = time.perf_counter()
    request.state.correlation_id = uuid.uuid4().hex
    container = getattr(request.app.state, "container", None)
    try:
        response = await call_next(request)
    except Exception:
        # The error handler answers 500 after this; count and log it here too.
        route = request.scope.get("route")
        if container is not None:
            container.metrics.server_errors.labels(
                getattr(route, "path", "unmatched")
            ).inc()
        log.error(
            "request",
            extra={
                "method": request.method,
                "route": getattr(route, "path", "unmatched"),
                "status": 500,
                "correlation_id": request.state.correlation_id,
            },
        )
        raise
    route = request.scope.get("route")
    elapsed = time.perf_counter() - started
    if container is not None:
        container.metrics.request_seconds.labels(
            request.method, getattr(route, "path", "unmatched"), response.status_code
        ).observe(elapsed)
    log.info(
        "request",
        extra={
            "method": request.method,
            "route": getattr(route, "path", "unmatched"),
            "status": response.status_code,
            "ms": round(elapsed * 1000, 1),
        },
    )
    return response
