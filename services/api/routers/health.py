"""Liveness and readiness probes (public: they reveal nothing about children)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from projections.view import read_position
from services.api.deps import ContainerDep
from services.api.problems import problem
from services.metrics import projection_positions

router = APIRouter(tags=["health"])

PUBLIC_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


@router.get("/healthz", operation_id="healthz")
def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz", operation_id="readyz", response_model=None)
def readyz(container: ContainerDep) -> Any:
    """The store answers; reports how far projections lag behind the log."""
    try:
        head = container.registry.max_position()
        applied = min(projection_positions(container).values(), default=head)
    except Exception:
        return problem(
            503, "Service Unavailable", "the event store is unreachable", "not_ready"
        )
    relay = read_position(container.db, "relay")
    return {
        "status": "ready",
        "log_position": head,
        "projection_lag": head - applied,
        "relay_lag": head - relay if container.settings.kafka_bootstrap else None,
    }
