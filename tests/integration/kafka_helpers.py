"""Small helpers for the Kafka integration tests."""

from __future__ import annotations

import time
import uuid
from typing import Any

from kafka import KafkaConsumer, TopicPartition
from kafka.admin import KafkaAdminClient

from services.kafka.envelope import decode


def new_topic(bootstrap: str, partitions: int = 2, name: str | None = None) -> str:
    topic = name or f"pmr.test.{uuid.uuid4().hex[:8]}"
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        admin.create_topics(
            {topic: {"num_partitions": partitions, "replication_factor": 1}}
        )
    finally:
        admin.close()
    return topic


def read_all(
    bootstrap: str, topic: str, expected: int, timeout: float = 30
) -> list[Any]:
    """Every record on the topic (both partitions), waiting for at least `expected`."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    partitions = consumer.partitions_for_topic(topic) or set()
    tps = [TopicPartition(topic, p) for p in sorted(partitions)]
    consumer.assign(tps)
    consumer.seek_to_beginning(*tps)
    records: list[Any] = []
    deadline = time.monotonic() + timeout
    try:
        seen: set[int] = set()
        while len(seen) < expected and time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=200).values():
                records.extend(batch)
                seen.update(decode(r.value).position for r in batch)
        for batch in consumer.poll(timeout_ms=300).values():  # anything extra
            records.extend(batch)
    finally:
        consumer.close()
    return records


def positions(records: list[Any]) -> list[int]:
    return [decode(r.value).position for r in records]
