"""Liveness and readiness probes (public: they reveal nothing about children)."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request

from projections.view import read_position
from services.api.problems import problem
from services.app.bootstrap import Container
from services.app.metrics import projection_positions
from services.processes.event_chain import last_check

router = APIRouter(tags=["health"])

PUBLIC_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


@router.get("/healthz", operation_id="healthz")
async def healthz() -> dict[str, str]:
    """The process is up (on the event loop: never waits for a worker thread,
    the database or a lock)."""
    return {"status": "ok"}


READY_WITHIN = 1.0  # seconds: a readiness probe must answer promptly


def _positions(container: Container) -> tuple[int, int, int, dict[str, Any]]:
    head = container.registry.max_position()
    applied = min(projection_positions(container).values(), default=head)
    relay = read_position(container.db, "relay")
    return head, applied, relay, last_check(container.db)


@router.get("/readyz", operation_id="readyz", response_model=None)
async def readyz(request: Request) -> Any:
    """The store answers within a second; reports how far projections lag."""
    try:
        # The container straight from the app: no dependency's thread-pool hop.
        container = request.app.state.container
        head, applied, relay, chain = await asyncio.wait_for(
            asyncio.to_thread(_positions, container), timeout=READY_WITHIN
        )
    except Exception:  # unreachable, or too slow to call ready
        return problem(
            503,
            "Service Unavailable",
            "the event store is unreachable",
            "not_ready",
            headers={"Retry-After": "5"},
        )
    return {
        "status": "ready",
        "log_position": head,
        "projection_lag": head - applied,
        "relay_lag": head - relay if container.settings.kafka_bootstrap else None,
        # The last full verification of the event log's hash chain: a broken chain
        # (an event rewritten, deleted or moved) is reported, not hidden; the API
        # stays up so the LA can still read and the operators can investigate.
        "event_chain": chain,
    }
