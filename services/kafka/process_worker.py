"""A process that acts on the log (the case opener, the alert raiser) as a Kafka
consumer group, scaled out the way the projections are.

Each kind consumes pmr.events.v1 in its own group (`pmr.case_opener`,
`pmr.alert_raiser`); records are keyed by pupil_key, so one child's events stay in
order on one partition and N instances share the partitions. A polled batch is
acted on (the process writes its own events, with deterministic ids), then the
consumed offsets and the highest applied log position are stored per partition. A
crash between the two replays the batch on restart, and replaying is harmless: a
case or alert with the same id is not opened or raised twice. Records the relay
published twice carry a position already applied on that partition and are skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from events.envelope import EventEnvelope
from projections.base import Projection
from projections.view import Cursor, Database
from services.kafka.consumer import ProjectionWorker
from services.kafka.envelope import TOPIC, decode
from services.processes.log_process import LogProcess


class _NoRows(Projection):
    """The worker's name for its consumer group; a log process keeps no rows here."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def create_tables(self, cur: Cursor, dialect: str) -> None:
        return None

    def apply(self, cur: Cursor, batch: Sequence[EventEnvelope]) -> None:
        return None


class ProcessWorker(ProjectionWorker):
    """Consumes the topic into one log process."""

    def __init__(
        self,
        db: Database,
        process: LogProcess,
        bootstrap: str,
        topic: str = TOPIC,
        **consumer_options: Any,
    ) -> None:
        super().__init__(
            db, _NoRows(process.name), bootstrap, topic, **consumer_options
        )
        self.process = process

    def setup(self) -> None:
        self.offsets.create_table()
        self.process.setup()

    def _apply_partition(self, partition: int, records: Sequence[Any]) -> int:
        stored = self.offsets.get(partition)
        high = stored[1] if stored else 0
        fresh: list[EventEnvelope] = []
        for record in records:
            envelope = decode(record.value)
            if envelope.position > high:  # else: a republished duplicate
                fresh.append(envelope)
                high = envelope.position
        # Its own transactions, ids fixed by what it read.
        wrote = self.process.handle_batch(fresh)
        with self.db.transaction() as cur:
            self.offsets.put(
                cur, partition, records[-1].offset + 1, high, self._partition_count()
            )
        if wrote:
            self.process.on_write()
        return len(fresh)
