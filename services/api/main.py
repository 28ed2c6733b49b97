"""create_app(): the HTTP API of the pupil movement register."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from types import ModuleType

from fastapi import FastAPI

from services import web
from services.api import openapi_docs, problem_pages, problems
from services.api.body_limit import BodyLimit
from services.api.private_headers import PrivateHeaders
from services.api.request_log import RequestLog
from services.api.routers import (
    alerts,
    cases,
    census,
    children_not_in_school,
    findings,
    health,
    me,
    metrics,
    movement_statistics,
    movements,
    providers,
    pupils,
    research,
    rights,
    schools,
    statistics,
    steps,
    term_dates,
    webhooks,
)
from services.app.bootstrap import Container, bootstrap
from services.app.config import Settings

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
            chosen, start_follower=not chosen.kafka_bootstrap, watch_chain=True
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
    problem_pages.install(app)
    routers = (health, metrics, movements, steps, pupils, schools, providers)
    others: tuple[ModuleType, ...] = (census, statistics, movement_statistics)
    others += (research, findings, cases, term_dates, alerts, webhooks, me, rights)
    others += (children_not_in_school,)
    for module in (*routers, *others):
        app.include_router(module.router)
    web.install(app)  # the pages (services/web), after the API's own routes
    app.add_middleware(PrivateHeaders)
    app.add_middleware(RequestLog)
    app.add_middleware(BodyLimit)  # outermost: before anything reads the body
    return app
