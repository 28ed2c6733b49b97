"""Prometheus scrape endpoint (public like the probes: it holds no personal data)."""

from __future__ import annotations

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from services.api.deps import ContainerDep

router = APIRouter(tags=["health"])


@router.get("/metrics", operation_id="metrics", response_class=Response)
def metrics(container: ContainerDep) -> Response:
    """Request latency, events appended, relay lag and projection lag."""
    body = generate_latest(container.metrics.registry)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
