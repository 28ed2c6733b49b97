"""The relay: the register's log published to Kafka, in order, at least once.

The event store is the outbox. The relay reads notifications after its position,
publishes each as an envelope keyed by pupil_key (one child's events stay in order on
one partition), waits until the broker has acknowledged every record (acks=all,
idempotent producer), and only then records its new position. A crash in between
republishes the batch: consumers deduplicate. While the broker is down it backs off
and retries; its lag is the log head minus its position. Only one relay publishes
at a time (a PostgreSQL advisory lock, or a lock file beside the SQLite database).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
from kafka import KafkaProducer
from kafka.errors import KafkaError

from events.envelope import envelope_of
from events.registry import Registry
from projections.view import Database, read_position, reset_position, write_position
from services.kafka.envelope import ALERTS_TOPIC, TOPIC, encode

log = logging.getLogger("pmr.relay")

RELAY = "relay"  # its row in projection_tracking
LOCK_ID = 0x706D7231  # "pmr1": the advisory lock only one relay holds


def make_producer(bootstrap: str) -> KafkaProducer:
    return KafkaProducer(
        bootstrap_servers=bootstrap,
        acks="all",
        enable_idempotence=True,
        linger_ms=5,
        max_block_ms=10_000,
        request_timeout_ms=10_000,
        delivery_timeout_ms=30_000,
    )


class Relay:
    """Publishes the notification log to the topic, tracking its position durably."""

    def __init__(
        self,
        registry: Registry,
        db: Database,
        producer_factory: Callable[[], Any],
        topic: str = TOPIC,
        batch_size: int = 500,
        alerts_topic: str = ALERTS_TOPIC,
    ) -> None:
        self.registry = registry
        self.db = db
        self.producer_factory = producer_factory
        self.topic = topic
        # Alert events go on their own topic too, for consumers of alerts only.
        self.alerts_topic = alerts_topic
        self.batch_size = batch_size
        self._producer: Any = None
        self.published = 0

    def position(self) -> int:
        return read_position(self.db, RELAY)

    def lag(self) -> int:
        return max(self.registry.max_position() - self.position(), 0)

    def start_from(self, position: int) -> None:
        """Republish everything after `position` (e.g. 0 after the broker lost data)."""
        with self.db.transaction() as cur:
            reset_position(cur, RELAY, position)

    def publish_batch(self) -> int:
        """Publish the next batch; return how many notifications it covered."""
        notifications = self.registry.recorder.select_notifications(
            start=self.position() + 1, limit=self.batch_size
        )
        if not notifications:
            return 0
        producer = self._ensure_producer()
        futures = []
        for notification in notifications:
            domain_event = self.registry.mapper.to_domain_event(notification)
            envelope = envelope_of(domain_event, notification.id)
            if envelope is None:
                continue
            key, value, headers = encode(envelope)
            futures.append(
                producer.send(self.topic, value=value, key=key, headers=headers)
            )
            if envelope.event_type.startswith("alert_"):
                futures.append(
                    producer.send(
                        self.alerts_topic, value=value, key=key, headers=headers
                    )
                )
        producer.flush()
        for future in futures:
            future.get(timeout=30)  # raises if the broker did not take it
        with self.db.transaction() as cur:
            write_position(cur, RELAY, notifications[-1].id)
        self.published += len(futures)
        return len(notifications)

    def run(self, stop: threading.Event, idle_wait: float = 0.05) -> None:
        """Publish until stopped, backing off while the broker is unavailable."""
        backoff = 0.5
        while not stop.is_set():
            try:
                count = self.publish_batch()
                backoff = 0.5
            except KafkaError as error:
                log.warning(
                    "broker unavailable; retrying",
                    extra={
                        "error": type(error).__name__,
                        "retry_in_s": backoff,
                        "lag": self.lag(),
                    },
                )
                self._close_producer()
                stop.wait(backoff)
                backoff = min(backoff * 2, 30)
                continue
            if count == 0:
                stop.wait(idle_wait)

    def _ensure_producer(self) -> Any:
        if self._producer is None:
            self._producer = self.producer_factory()
        return self._producer

    def _close_producer(self) -> None:
        if self._producer is not None:
            with contextlib.suppress(Exception):
                self._producer.close(timeout=1)
            self._producer = None

    def close(self) -> None:
        self._close_producer()


@contextlib.contextmanager
def single_relay(
    database_url: str, data_dir: Path, wait: float = 1.0
) -> Iterator[None]:
    """Hold the one-relay lock for the life of the block, waiting as a standby."""
    if database_url.startswith(("postgresql://", "postgres://")):
        with psycopg.connect(database_url, autocommit=True) as conn:
            while not _try_lock(conn):
                log.info("another relay is active; standing by")
                time.sleep(wait)
            yield
        return
    data_dir.mkdir(parents=True, exist_ok=True)
    with (data_dir / "relay.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _try_lock(conn: psycopg.Connection[Any]) -> bool:
    row = conn.execute("SELECT pg_try_advisory_lock(%s)", (LOCK_ID,)).fetchone()
    return bool(row and row[0])
