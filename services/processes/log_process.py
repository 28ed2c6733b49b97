"""A process that acts on the event log: reads it from its own tracked position,
handles each event (writing events of its own), then records the position.

Whatever it writes must be idempotent by construction (deterministic ids), because
a crash between acting and recording the position replays the batch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from events.envelope import EventEnvelope
from events.registry import Registry
from projections.runner import envelope_of_notification
from projections.view import Database, read_position, write_position


class LogProcess:
    """Subclasses name themselves and handle one envelope at a time."""

    name: str

    def __init__(self, registry: Registry, db: Database, batch_size: int = 500) -> None:
        self.registry = registry
        self.db = db
        self.batch_size = batch_size
        self.on_write: Callable[[], None] = lambda: None

    def setup(self) -> None:
        """Create what the process reads and writes besides the event store."""

    def handle(self, envelope: EventEnvelope) -> bool:
        """Act on one event; True when something was written."""
        raise NotImplementedError

    def handle_batch(self, envelopes: Sequence[EventEnvelope]) -> bool:
        """Act on a batch in log order; True when something was written. A process
        that can share reads and writes across a batch does so here."""
        wrote = False
        for envelope in envelopes:
            wrote = self.handle(envelope) or wrote
        return wrote

    def catch_up(self) -> int:
        """Act on every event after the tracked position; return how many were read."""
        total = 0
        while True:
            start = read_position(self.db, self.name) + 1
            notifications = self.registry.recorder.select_notifications(
                start=start, limit=self.batch_size
            )
            if not notifications:
                return total
            envelopes = [
                envelope_of_notification(self.registry, n) for n in notifications
            ]
            wrote = self.handle_batch([e for e in envelopes if e is not None])
            with self.db.transaction() as cur:
                write_position(cur, self.name, notifications[-1].id)
            total += len(notifications)
            if wrote:
                self.on_write()
