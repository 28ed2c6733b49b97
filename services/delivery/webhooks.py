"""Webhooks: registrations per organisation, and the deliverer of the outbox.

Each delivery is a POST of a JSON body with
  PMR-Delivery-Id: <uuid>           (the same on every retry: drop duplicates by it)
  PMR-Signature:   t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
A receiver recomputes the HMAC over the timestamp, a dot and the raw body with the
secret it was given at registration, compares in constant time, and refuses a
timestamp more than five minutes old (replay). While a rotated secret overlaps the
old one, the header carries a v1 for each (`t=..,v1=<new>,v1=<old>`): accept any.
Failed deliveries are retried on RETRY_SCHEDULE (30 seconds to 8 hours apart, with
jitter, over more than 24 hours); after the last try they are dead-lettered, visible
to the owner, who may redeliver them. The outbox rows are the state, so a restart
loses nothing.
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
# Seconds to wait after each failed attempt; the last failure dead-letters. Even at
# the jitter's least (JITTER_LEAST of each wait) the retries span over 24 hours.
RETRY_SCHEDULE = (30, 120, 600, 1800, 3600, 7200, 14400, 21600, 28800, 28800, 28800)
MAX_ATTEMPTS = len(RETRY_SCHEDULE) + 1
JITTER_LEAST = 0.8
REPLAY_WINDOW_SECONDS = 300
# Any number of deliverers share the outbox: each claims a few due rows at a time by
# moving their next attempt a lease ahead, so no other deliverer takes them while it
# sends; a deliverer killed mid-send leaves its rows to be taken when the lease ends
# (the receiver drops the repeat by PMR-Delivery-Id). The lease outlasts every
# claimed row timing out in turn.
POST_TIMEOUT_SECONDS = 5.0
CLAIM_ROWS = 4
LEASE = timedelta(seconds=CLAIM_ROWS * POST_TIMEOUT_SECONDS + 10)
ROTATION_OVERLAP = timedelta(hours=24)


def _mac(secret: str, timestamp: int, body: bytes) -> str:
    data = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), data, hashlib.sha256).hexdigest()


def signature(secret: str, timestamp: int, body: bytes, *older: str) -> str:
    """The PMR-Signature header value for a body sent at a time (a v1 for the
    current secret, and for a previous one still in its overlap)."""
    macs = [_mac(s, timestamp, body) for s in (secret, *older)]
    return f"t={timestamp}," + ",".join(f"v1={m}" for m in macs)


def verify(secret: str, header: str, body: bytes, now: int) -> bool:
    """What a receiver does: a v1 matches its secret and the timestamp is fresh."""
    try:
        parts = [item.split("=", 1) for item in header.split(",")]
        timestamp = int(next(v for k, v in parts if k == "t"))
    except (StopIteration, ValueError):
        return False
    if abs(now - timestamp) > REPLAY_WINDOW_SECONDS:
        return False
    expected = _mac(secret, timestamp, body)
    return any(k == "v1" and hmac.compare_digest(expected, v) for k, v in parts)


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

    def rotate(self, webhook_id: str, now: datetime) -> tuple[str, datetime]:
        """A new secret (shown once); the old one still signs until the overlap ends."""
        secret = secrets.token_urlsafe(32)
        until = now + ROTATION_OVERLAP
        with self.db.transaction() as cur:
            cur.execute(
                "UPDATE webhooks SET previous_secret = secret, previous_until = ?, "
                "secret = ? WHERE webhook_id = ?",
                (until.isoformat(), secret, webhook_id),
            )
        return secret, until

    def delete(self, webhook_id: str) -> None:
        """No more deliveries to it; its delivery history stays (cancelled)."""
        with self.db.transaction() as cur:
            cur.execute(
                "UPDATE webhook_deliveries SET status = 'cancelled' "
                "WHERE webhook_id = ? AND status = 'pending'",
                (webhook_id,),
            )
            cur.execute("DELETE FROM webhooks WHERE webhook_id = ?", (webhook_id,))

    def redeliver(
        self, webhook_id: str, now: datetime, delivery_id: str | None = None
    ) -> int:
        """Dead letters (one, or all of the webhook's) back in the queue, from now."""
        where = "webhook_id = ? AND status = 'dead'"
        params: list[Any] = [webhook_id]
        if delivery_id is not None:
            where += " AND delivery_id = ?"
            params.append(delivery_id)
        with self.db.transaction() as cur:
            found = cur.execute(
                f"SELECT COUNT(*) FROM webhook_deliveries WHERE {where}", params
            )
            count = int(found[0][0])
            cur.execute(
                "UPDATE webhook_deliveries SET status = 'pending', attempts = 0, "
                f"next_attempt_at = ? WHERE {where}",
                [now.isoformat(), *params],
            )
        return count

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
        self.client = httpx.Client(timeout=POST_TIMEOUT_SECONDS)

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
        """Attempt pending deliveries whose time has come, up to `limit`, a few
        claimed at a time; return how many were attempted."""
        attempted = 0
        while attempted < limit:
            rows = self._claim(min(CLAIM_ROWS, limit - attempted))
            if not rows:
                break
            for delivery_id, body, attempts, url, secret, older, until in rows:
                now = self.clock().isoformat()
                overlap = (older,) if older and until and until > now else ()
                try:
                    self._attempt(
                        str(delivery_id),
                        str(body).encode(),
                        int(attempts),
                        url,
                        (secret, *overlap),
                    )
                except Exception:  # one bad row never holds back another's alert
                    log.exception("webhook delivery failed unexpectedly")
                    self._failed(str(delivery_id), int(attempts), "delivery failed")
            attempted += len(rows)
        return attempted

    def _claim(self, rows: int) -> list[Any]:
        """Take up to `rows` due deliveries, oldest first, for one lease: rows
        another deliverer holds are skipped, not waited for."""
        now = self.clock()
        skip_locked = (
            " FOR UPDATE SKIP LOCKED" if self.db.dialect == "postgresql" else ""
        )
        with self.db.transaction() as cur:
            claimed = cur.execute(
                "UPDATE webhook_deliveries SET next_attempt_at = ? "
                "WHERE delivery_id IN (SELECT delivery_id FROM webhook_deliveries "
                "WHERE status = 'pending' AND next_attempt_at <= ? "
                f"ORDER BY position LIMIT ?{skip_locked}) RETURNING delivery_id",
                ((now + LEASE).isoformat(), now.isoformat(), rows),
            )
        ids = [str(r[0]) for r in claimed]
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        return self.db.query(
            "SELECT d.delivery_id, d.body, d.attempts, w.url, w.secret, "
            "w.previous_secret, w.previous_until "
            "FROM webhook_deliveries d JOIN webhooks w ON w.webhook_id = d.webhook_id "
            f"WHERE d.delivery_id IN ({marks}) ORDER BY d.position",
            ids,
        )

    def _attempt(
        self,
        delivery_id: str,
        body: bytes,
        attempts: int,
        url: str,
        secrets_: tuple[str, ...],
    ) -> None:
        now = self.clock()
        headers = {
            "Content-Type": "application/json",
            "PMR-Delivery-Id": delivery_id,
            # Signed at the real time: receivers check freshness on their own clocks.
            "PMR-Signature": signature(
                secrets_[0], int(time.time()), body, *secrets_[1:]
            ),
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
        """The schedule's wait after this many attempts, with jitter."""
        wait = RETRY_SCHEDULE[min(attempts, len(RETRY_SCHEDULE) - 1)]
        return timedelta(seconds=wait * self.rng.uniform(JITTER_LEAST, 1.0))
