"""Projection workers: Kafka → one projection, exactly-once effects.

Each projection consumes pmr.events.v1 in its own consumer group. A polled batch is
folded into the projection's rows and the consumed offsets are written in the same
database transaction; on (re)assignment the consumer seeks to the stored offsets, so
a crash anywhere neither loses nor double-applies a record. Records the relay
published twice (at-least-once) carry a log position already applied on that
partition and are skipped. Scale out by running N workers of one projection: the
group shares the topic's partitions.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import Any

from kafka import ConsumerRebalanceListener, KafkaConsumer, TopicPartition
from kafka.partitioner.default import murmur2

from events.envelope import EventEnvelope
from projections.base import Projection
from projections.view import Cursor, Database
from services.kafka.envelope import TOPIC, decode

log = logging.getLogger("pmr.consumer")

OFFSETS_DDL = (
    "CREATE TABLE IF NOT EXISTS kafka_offsets (group_id TEXT NOT NULL, "
    "topic TEXT NOT NULL, partition_id INTEGER NOT NULL, next_offset BIGINT NOT NULL, "
    "max_position BIGINT NOT NULL, partition_count INTEGER NOT NULL, "
    "PRIMARY KEY (group_id, topic, partition_id))"
)


class StoredOffsets:
    """Offsets and the highest applied log position, per group and partition."""

    def __init__(self, db: Database, group_id: str, topic: str) -> None:
        self.db, self.group_id, self.topic = db, group_id, topic

    def create_table(self) -> None:
        with self.db.transaction() as cur:
            cur.execute(OFFSETS_DDL)

    def get(self, partition: int) -> tuple[int, int] | None:
        rows = self.db.query(
            "SELECT next_offset, max_position FROM kafka_offsets "
            "WHERE group_id = ? AND topic = ? AND partition_id = ?",
            (self.group_id, self.topic, partition),
        )
        return (int(rows[0][0]), int(rows[0][1])) if rows else None

    def put(
        self,
        cur: Cursor,
        partition: int,
        next_offset: int,
        max_position: int,
        partition_count: int,
    ) -> None:
        cur.execute(
            "INSERT INTO kafka_offsets (group_id, topic, partition_id, next_offset, "
            "max_position, partition_count) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (group_id, topic, partition_id) "
            "DO UPDATE SET next_offset = excluded.next_offset, "
            "max_position = excluded.max_position, "
            "partition_count = excluded.partition_count",
            (
                self.group_id,
                self.topic,
                partition,
                next_offset,
                max_position,
                partition_count,
            ),
        )

    def next_offsets(self) -> tuple[tuple[int, int], ...]:
        """(partition, next offset) for every partition this group has applied."""
        rows = self.db.query(
            "SELECT partition_id, next_offset FROM kafka_offsets "
            "WHERE group_id = ? AND topic = ? ORDER BY partition_id",
            (self.group_id, self.topic),
        )
        return tuple((int(p), int(n)) for p, n in rows)

    def applied_for_key(self, key: str) -> int:
        """Highest log position applied on the partition that carries this key.

        One child's events are keyed by pupil_key, so they share a partition and
        arrive in log order: once that partition has applied position P, every
        earlier event of the child is applied too (read-your-writes per child).
        """
        rows = self.db.query(
            "SELECT partition_id, max_position, partition_count FROM kafka_offsets "
            "WHERE group_id = ? AND topic = ?",
            (self.group_id, self.topic),
        )
        if not rows:
            return 0
        wanted = (murmur2(key.encode()) & 0x7FFFFFFF) % int(rows[0][2])
        return next((int(r[1]) for r in rows if int(r[0]) == wanted), 0)


class _SeekToStored(ConsumerRebalanceListener):
    def __init__(self, worker: ProjectionWorker) -> None:
        self.worker = worker

    def on_partitions_revoked(self, revoked: Any) -> None:
        log.info(
            "partitions revoked", extra={"partitions": [tp.partition for tp in revoked]}
        )

    def on_partitions_assigned(self, assigned: Any) -> None:
        for tp in assigned:
            stored = self.worker.offsets.get(tp.partition)
            if stored is not None:
                self.worker.consumer.seek(tp, stored[0])
        log.info(
            "partitions assigned",
            extra={"partitions": [tp.partition for tp in assigned]},
        )


class ProjectionWorker:
    """Consumes the topic into one projection."""

    def __init__(
        self,
        db: Database,
        projection: Projection,
        bootstrap: str,
        topic: str = TOPIC,
        **consumer_options: Any,
    ) -> None:
        self.db = db
        self.projection = projection
        self.topic = topic
        self.group_id = f"pmr.{projection.name}"
        self.offsets = StoredOffsets(db, self.group_id, topic)
        options = {
            "bootstrap_servers": bootstrap,
            "group_id": self.group_id,
            "enable_auto_commit": False,
            "auto_offset_reset": "earliest",
            "max_poll_records": 2000,
            **consumer_options,
        }
        self.consumer = KafkaConsumer(**options)
        self.applied = 0
        self._partitions: int | None = None

    def setup(self) -> None:
        self.offsets.create_table()
        with self.db.transaction() as cur:
            self.projection.create_tables(cur, self.db.dialect)

    def subscribe(self) -> None:
        self.consumer.subscribe([self.topic], listener=_SeekToStored(self))

    def assign(self, partitions: Sequence[int]) -> None:
        """Manual assignment (no group join), seeking to the stored offsets."""
        tps = [TopicPartition(self.topic, p) for p in partitions]
        self.consumer.assign(tps)
        for tp in tps:
            stored = self.offsets.get(tp.partition)
            if stored is not None:
                self.consumer.seek(tp, stored[0])
            else:
                self.consumer.seek_to_beginning(tp)

    def poll_once(self, timeout_ms: int = 200) -> int:
        """Apply one poll's records; return how many were applied (not skipped)."""
        polled = self.consumer.poll(timeout_ms=timeout_ms)
        applied = 0
        for tp, records in polled.items():
            applied += self._apply_partition(tp.partition, records)
        if polled:  # broker-side offsets are for monitoring; the database is the truth
            self.consumer.commit_async()
        self.applied += applied
        return applied

    def _apply_partition(self, partition: int, records: Sequence[Any]) -> int:
        stored = self.offsets.get(partition)
        high = stored[1] if stored else 0
        fresh: list[EventEnvelope] = []
        for record in records:
            envelope = decode(record.value)
            if envelope.position > high:  # else: a republished duplicate
                fresh.append(envelope)
                high = envelope.position
        with self.db.transaction() as cur:
            self.projection.apply(cur, fresh)
            self.offsets.put(
                cur, partition, records[-1].offset + 1, high, self._partition_count()
            )
        return len(fresh)

    def _partition_count(self) -> int:
        if self._partitions is None:
            self._partitions = len(self.consumer.partitions_for_topic(self.topic) or ())
        return self._partitions

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            self.poll_once()

    def close(self) -> None:
        self.consumer.close()
