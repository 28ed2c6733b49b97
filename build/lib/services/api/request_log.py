"""The request log and request metrics, as pure ASGI middleware.

Method, route template, status and time only: paths may hold a pupil_key, bodies
personal data. Every request gets a correlation id (in scope state, where the error
handler finds it); a request that fails with an exception is logged and counted as
a 500 here, and answered by the error registry. Pure ASGI rather than
`BaseHTTPMiddleware`: no extra task and stream per request.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

log = logging.getLogger("pmr.api")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class RequestLog:
    """Logs and times each HTTP request; counts the 500s."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        correlation = uuid.uuid4().hex
        scope.setdefault("state", {})["correlation_id"] = correlation
        status = 500

        async def noted(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, noted)
        except Exception:
            _record(scope, 500, started, correlation, failed=True)
            raise
        _record(scope, status, started, correlation, failed=False)


def _record(
    scope: Scope, status: int, started: float, correlation: str, failed: bool
) -> None:
    route = getattr(scope.get("route"), "path", "unmatched")
    elapsed = time.perf_counter() - started
    app = scope.get("app")
    container = getattr(getattr(app, "state", None), "container", None)
    if container is not None:
        container.metrics.request_seconds.labels(
            scope["method"], route, status
        ).observe(elapsed)
        if failed:
            container.metrics.server_errors.labels(route).inc()
    extra = {"method": scope["method"], "route": route, "status": status}
    if failed:
        log.error("request", extra={**extra, "correlation_id": correlation})
    else:
        log.info("request", extra={**extra, "ms": round(elapsed * 1000, 1)})
