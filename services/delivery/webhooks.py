"""Webhooks: registrations per organisation, and the deliverer of the outbox.

Each delivery is a POST of a JSON body with
  PMR-Delivery-Id: <uuid>           (the same on every retry: drop duplicates by it)
  PMR-Signature:   t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
A receiver recomputes the HMAC over the timestamp, a dot and the raw body with the
secret it was given at registration, compares in constant time, and refuses a
timestamp more than five minutes old (replay). Failed deliveries are retried with
exponential backoff and jitter; after the last try they are dead-lettered, visible
to the owner. The outbox rows are the state, so a restart loses nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import random
import secrets
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx

from events.clock import utc_now
from events.errors import DomainError
from projections.view import Database
from services.delivery.destinations import check_destination

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
BASE_DELAY_SECONDS = 2.0
MAX_DELAY_SECONDS = 3600.0
REPLAY_WINDOW_SECONDS = 300


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The PMR-Signature header value for a body sent at a time."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, header: str, body: bytes, now: int) -> bool:
    """What a receiver does: the HMAC matches and the timestamp is fresh."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(now - timestamp) > REPLAY_WINDOW_SECONDS:
        return False
    expected = signature(secret, timestamp, body)
    return hmac.compare_digest(expected, header)


@dataclass(frozen=True)
class Webhook:
    webhook_id: str
    owner: str
    url: str
    created_at: str


class Webhooks:
    """Registrations (the `webhooks` table, created by the outbox projection)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def register(self, owner: str, url: str, now: datetime) -> tuple[Webhook, str]:
        """A new webhook and its secret (shown once)."""
        hook = Webhook(str(uuid.uuid4()), owner, url, now.isoformat())
        secret = secrets.token_urlsafe(32)
        with self.db.transaction() as cur:
            cur.execute(
                "INSERT INTO webhooks (webhook_id, owner, url, secret, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (hook.webhook_id, owner, url, secret, hook.created_at),
            )
        return hook, secret

    def owned_by(self, owners: list[str]) -> list[Webhook]:
        marks = ", ".join("?" * len(owners)) or "NULL"
        rows = self.db.query(
            "SELECT webhook_id, owner, url, created_at FROM webhooks "
            f"WHERE owner IN ({marks}) ORDER BY created_at",
            owners,
        )
        return [Webhook(*map(str, r)) for r in rows]

    def deliveries(self, webhook_id: str, status: str | None) -> list[dict[str, Any]]:
        cols = ("delivery_id", "alert_id", "attempts", "status", "last_error",
                "next_attempt_at", "delivered_at")  # fmt: skip
        sql = f"SELECT {', '.join(cols)} FROM webhook_deliveries WHERE webhook_id = ?"
        params: list[Any] = [webhook_id]
        if status:
            sql += " AND status = ?"
            params.append(status)
        rows = self.db.query(sql + " ORDER BY position", params)
        return [dict(zip(cols, r, strict=True)) for r in rows]


Post = Callable[[str, bytes, dict[str, str]], int]


class HttpPost:
    """POSTs over one kept-alive client (a new connection per delivery costs more
    than the delivery)."""

    def __init__(self) -> None:
        self.client = httpx.Client(timeout=5.0)

    def __call__(self, url: str, body: bytes, headers: dict[str, str]) -> int:
        return self.client.post(url, content=body, headers=headers).status_code


class Deliverer:
    """Sends due deliveries, records every attempt; the clock is injected."""

    def __init__(
        self,
        db: Database,
        clock: Callable[[], datetime] = utc_now,
        post: Post | None = None,
        rng: random.Random | None = None,
        destination: Callable[[str], object] | None = None,
    ) -> None:
        self.db, self.clock = db, clock
        self.post: Post = post or HttpPost()
        self.rng = rng or random.Random()
        # Checked again before each send (a name can be re-pointed inside).
        self.destination = destination or (
            lambda url: check_destination(url, production=False)
        )

    def deliver_due(self, limit: int = 100) -> int:
        """Attempt every pending delivery whose time has come; return how many."""
        now = self.clock()
        rows = self.db.query(
            "SELECT d.delivery_id, d.body, d.attempts, w.url, w.secret "
            "FROM webhook_deliveries d JOIN webhooks w ON w.webhook_id = d.webhook_id "
            "WHERE d.status = 'pending' AND d.next_attempt_at <= ? "
            "ORDER BY d.position LIMIT ?",
            (now.isoformat(), limit),
        )
        for delivery_id, body, attempts, url, secret in rows:
            try:
                self._attempt(
                    str(delivery_id), str(body).encode(), int(attempts), url, secret
                )
            except Exception:  # one bad row never holds back another's alert
                log.exception("webhook delivery failed unexpectedly")
                self._failed(str(delivery_id), int(attempts), "delivery failed")
        return len(rows)

    def _attempt(
        self, delivery_id: str, body: bytes, attempts: int, url: str, secret: str
    ) -> None:
        now = self.clock()
        headers = {
            "Content-Type": "application/json",
            "PMR-Delivery-Id": delivery_id,
            # Signed at the real time: receivers check freshness on their own clocks.
            "PMR-Signature": signature(secret, int(time.time()), body),
        }
        try:
            self.destination(url)
        except DomainError:
            self._failed(delivery_id, attempts, "destination refused")
            return
        try:
            status = self.post(url, body, headers)
            error = None if 200 <= status < 300 else f"HTTP {status}"
        except httpx.HTTPError:
            # One word for every transport failure: the message must not tell an
            # open port from a closed one.
            error = "unreachable"
        if error is not None:
            self._failed(delivery_id, attempts, error)
            return
        with self.db.transaction() as cur:
            cur.execute(
                "UPDATE webhook_deliveries SET status = 'delivered', "
                "attempts = ?, delivered_at = ?, last_error = NULL "
                "WHERE delivery_id = ?",
                (attempts + 1, now.isoformat(), delivery_id),
            )

    def _failed(self, delivery_id: str, attempts: int, error: str) -> None:
        """Count the attempt; try again later, or dead-letter it at the last."""
        now = self.clock()
        with self.db.transaction() as cur:
            dead = attempts + 1 >= MAX_ATTEMPTS
            cur.execute(
                "UPDATE webhook_deliveries SET status = ?, attempts = ?, "
                "next_attempt_at = ?, last_error = ? WHERE delivery_id = ?",
                (
                    "dead" if dead else "pending",
                    attempts + 1,
                    (now + self._backoff(attempts)).isoformat(),
                    error,
                    delivery_id,
                ),
            )

    def _backoff(self, attempts: int) -> timedelta:
        """Exponential, capped, with full jitter between half and the whole."""
        ceiling = min(MAX_DELAY_SECONDS, BASE_DELAY_SECONDS * 2**attempts)
        return timedelta(seconds=ceiling * self.rng.uniform(0.5, 1.0))
