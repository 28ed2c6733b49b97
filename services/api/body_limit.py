"""Refuse request bodies over a size before anything reads them (413 problem+json).

Pure ASGI: a declared Content-Length over the limit is refused at once; a chunked
body is counted as it streams and refused when it passes the limit, so a 200 MB body
never sits in memory. Applied before authentication, so it costs an attacker
without a token nothing either.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY_BYTES = 1_000_000  # a movement is ~1 kB
BATCH_BODY_BYTES = 8_000_000  # a batch of up to 1,000 movements with notes
BATCH_PATHS = ("/v1/movements:batch",)


class BodyLimit:
    """ASGI middleware: bodies over `limit` bytes get 413 and are not read."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = BATCH_BODY_BYTES if scope.get("path") in BATCH_PATHS else self.limit
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _refuse(send, limit)
            return
        seen, refused = 0, False

        async def counted() -> Message:
            nonlocal seen, refused
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit and not refused:
                refused = True
                await _refuse(send, limit)
                return {"type": "http.disconnect"}  # the app stops reading
            return message

        async def quiet_after_refusal(message: Message) -> None:
            if not refused:
                await send(message)

        try:
            await self.app(scope, counted, quiet_after_refusal)
        except Exception:
            if not refused:
                raise


async def _refuse(send: Send, limit: int) -> None:
    body = json.dumps(
        {
            "type": "/problems/body-too-large",
            "title": "Content Too Large",
            "status": 413,
            "detail": f"request bodies are at most {limit} bytes",
            "errors": [
                {"field": "body", "rule": "body_too_large", "message": "too large"}
            ],
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
