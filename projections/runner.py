"""Follows the event store's notification log in process and feeds projections.

Reads the log in batches (hundreds to thousands of events), folds each batch into
every projection in one transaction per projection, and records the new position in
that same transaction: exactly-once effects, whatever crashes. The embedded default
runs this in a thread; production feeds the same projections from Kafka.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from events.envelope import (
    EventEnvelope,
    NeedsMapper,
    envelope_from_stored,
    envelope_of,
)
from events.registry import Registry
from projections.base import Projection
from projections.view import (
    Database,
    create_tracking_table,
    read_position,
    write_position,
)

log = logging.getLogger(__name__)


class LogFollower:
    """Applies the notification log to projections; wakes on saves or on a timer."""

    def __init__(
        self,
        registry: Registry,
        db: Database,
        projections: Sequence[Projection],
        batch_size: int = 1000,
        poll_interval: float = 0.25,
        coalesce: float = 0.02,
    ) -> None:
        self.registry = registry
        self.db = db
        self.projections = list(projections)
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        # After a wake-up, let more saves arrive so each transaction carries a batch:
        # per-event transactions would steal the writers' CPU under load.
        self.coalesce = coalesce
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._progress = threading.Condition()
        self._thread: threading.Thread | None = None
        self.applied = 0  # position every projection has reached, as last seen
        self.listeners: list[Callable[[int], None]] = []  # told of each new position
        # Called once the log is caught up after applying something: work that
        # should follow new events but not slow each batch (warming report caches).
        self.idle_listeners: list[Callable[[], None]] = []
        self.create_tables = True
        # Woken with the follower: the log processes that follow on their own threads.
        self.also_wake: list[Callable[[], None]] = []

    def setup(self) -> None:
        if not self.create_tables:
            return  # the schema is migrated apart (`pmr migrate`): no DDL here
        create_tracking_table(self.db)
        with self.db.transaction() as cur:
            for projection in self.projections:
                projection.create_tables(cur, self.db.dialect)

    def position(self, projection: Projection | None = None) -> int:
        """Lowest position reached (of one projection, or of all)."""
        chosen = [projection] if projection else self.projections
        return min((read_position(self.db, p.name) for p in chosen), default=0)

    def catch_up(self) -> int:
        """Apply everything in the log now; return how many notifications were read."""
        total = 0
        while (count := self.step()) > 0:
            total += count
        return total

    def step(self) -> int:
        """Apply one batch of the log; return how many notifications it held."""
        start = self.position() + 1
        notifications = self.registry.recorder.select_notifications(
            start=start, limit=self.batch_size
        )
        if not notifications:
            return 0
        batch = [self._envelope(n) for n in notifications]
        last = notifications[-1].id
        for projection in self.projections:
            done = read_position(self.db, projection.name)
            todo = [e for e in batch if e is not None and e.position > done]
            with self.db.transaction() as cur:
                projection.apply(cur, todo)
                write_position(cur, projection.name, last)
        with self._progress:
            self.applied = max(self.applied, last)
            self._progress.notify_all()
        for listener in self.listeners:
            listener(last)
        return len(notifications)

    def _envelope(self, notification: Any) -> EventEnvelope | None:
        return envelope_of_notification(self.registry, notification)

    # --- running in a thread --------------------------------------------------

    def start(self) -> None:
        self.setup()
        self._stop.clear()  # a stopped follower may be started again
        self._thread = threading.Thread(
            target=self._run, name="log-follower", daemon=True
        )
        self._thread.start()

    def wake(self) -> None:
        """Called after a save so new events show without waiting for the timer."""
        self._wake.set()
        for wake in self.also_wake:
            wake()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout=10)

    def wait_for(self, position: int, timeout: float = 5.0) -> bool:
        """Block until every projection has applied `position` (read-your-writes)."""
        deadline = time.monotonic() + timeout
        if self.applied < position:  # another process may have applied it
            self.applied = max(self.applied, self.position())
        with self._progress:
            while self.applied < position:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self.wake()
                self._progress.wait(min(remaining, 0.05))
        return True

    def _caught_up(self) -> None:
        for listener in self.idle_listeners:
            try:
                listener()
            except Exception:  # a cache left cold must not stop the projections
                log.exception("listener after catching up failed")

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if self.catch_up():
                    self._caught_up()
            except Exception:
                log.exception("projection step failed; retrying")
                time.sleep(1)
            if self._wake.wait(self.poll_interval) and not self._stop.is_set():
                time.sleep(self.coalesce)
            self._wake.clear()


def envelope_of_notification(
    registry: Registry, notification: Any
) -> EventEnvelope | None:
    """The envelope of one stored event: straight from its JSON where possible."""
    mapper = registry.mapper
    if not (mapper.cipher or mapper.compressor):
        with contextlib.suppress(NeedsMapper):
            return envelope_from_stored(
                notification.topic,
                notification.originator_id,
                notification.originator_version,
                notification.state,
                notification.id,
            )
    domain_event = mapper.to_domain_event(notification)
    return envelope_of(domain_event, notification.id)
