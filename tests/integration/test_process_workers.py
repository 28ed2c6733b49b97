"""The case opener and the alert raiser as Kafka consumer groups: two workers of a
kind split a 2-partition topic between them and open every case once; a worker
that dies between acting and storing its offsets replays the batch on restart and
still leaves each case exactly once."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from kafka.partitioner.default import murmur2

from events.registry import Registry
from projections.view import create_tracking_table
from services.app.config import Settings
from services.app.storage import PostgresDatabase
from services.kafka.process_worker import ProcessWorker
from services.kafka.relay import Relay, make_producer
from services.processes.alert_raiser import AlertRaiser
from services.processes.case_opener import CaseOpener
from tests.builders import a_movement, random_pupil_key, school
from tests.integration.kafka_helpers import new_topic

pytestmark = pytest.mark.integration
CHILDREN = 6


@pytest.fixture
def fresh_dsn(postgres_admin_dsn: str) -> Iterator[str]:
    from tests.servicefixtures import throwaway_database

    with throwaway_database(postgres_admin_dsn) as dsn:
        yield dsn


@pytest.fixture
def registry(fresh_dsn: str) -> Iterator[Registry]:
    registry = Registry(env=Settings(database_url=fresh_dsn).eventsourcing_env())
    yield registry
    registry.close()


@pytest.fixture
def db(fresh_dsn: str) -> Iterator[PostgresDatabase]:
    db = PostgresDatabase(fresh_dsn)
    create_tracking_table(db)
    yield db
    db.close()


def excluded_children(
    registry: Registry, kind: str = "permanent_exclusion"
) -> list[str]:
    """Looked-after children excluded (each exclusion opens a review and the
    sixth-day duty) or taken off roll to home education (each raises an alert)."""
    keys = on_both_partitions(CHILDREN)
    yesterday = registry.clock().date() - timedelta(days=1)  # not backdated
    for key in keys:
        request = a_movement(
            kind,
            characteristics={"looked_after": True},
            effective_date=yesterday,
        )
        registry.record_movement(key, request, school())
    return keys


def on_both_partitions(count: int) -> list[str]:
    """Random children, half on each of two partitions (as the relay keys them)."""
    halves: dict[int, list[str]] = {0: [], 1: []}
    while min(len(h) for h in halves.values()) < count // 2:
        key = random_pupil_key()
        halves[(murmur2(key.encode()) & 0x7FFFFFFF) % 2].append(key)
    return halves[0][: count // 2] + halves[1][: count - count // 2]


def publish(
    registry: Registry, db: PostgresDatabase, bootstrap: str, topic: str
) -> None:
    relay = Relay(registry, db, lambda: make_producer(bootstrap), topic=topic)
    while relay.publish_batch():
        pass
    relay.close()


def cases_created(registry: Registry) -> list[str]:
    """Every case opened, one entry per creation event (a second would show)."""
    notifications = registry.recorder.select_notifications(start=1, limit=10**6)
    return [
        str(n.originator_id) for n in notifications if n.topic == "pmr.case.opened.v1"
    ]


def drain(workers: list[ProcessWorker], expected: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for worker in workers:
            worker.poll_once(timeout_ms=200)
        if sum(w.applied for w in workers) >= expected:
            for worker in workers:  # anything left
                worker.poll_once(timeout_ms=300)
            return
    raise AssertionError(f"applied {[w.applied for w in workers]} of {expected}")


def worker(db: PostgresDatabase, process: Any, bootstrap: str, topic: str) -> Any:
    made = ProcessWorker(db, process, bootstrap, topic=topic)
    made.setup()
    return made


def test_two_openers_split_the_partitions_and_open_every_case_once(
    registry: Registry, db: PostgresDatabase, kafka_bootstrap: str
) -> None:
    topic = new_topic(kafka_bootstrap)
    excluded_children(registry)
    publish(registry, db, kafka_bootstrap, topic)
    one = worker(db, CaseOpener(registry, db), kafka_bootstrap, topic)
    two = worker(db, CaseOpener(registry, db), kafka_bootstrap, topic)
    one.assign([0])
    two.assign([1])
    try:
        drain([one, two], expected=CHILDREN)
    finally:
        one.close()
        two.close()
    assert one.applied > 0 and two.applied > 0, "each worker had a partition's share"
    opened = cases_created(registry)
    assert len(opened) == 2 * CHILDREN and len(set(opened)) == len(opened)


def test_a_worker_that_dies_before_storing_offsets_replays_harmlessly(
    registry: Registry,
    db: PostgresDatabase,
    kafka_bootstrap: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    topic = new_topic(kafka_bootstrap, partitions=1)
    excluded_children(registry)
    publish(registry, db, kafka_bootstrap, topic)
    doomed = worker(db, CaseOpener(registry, db), kafka_bootstrap, topic)
    doomed.assign([0])

    def killed(*_: Any, **__: Any) -> None:
        raise KeyboardInterrupt("killed after acting, before its offsets")

    monkeypatch.setattr(doomed.offsets, "put", killed)
    with pytest.raises(KeyboardInterrupt):
        drain([doomed], expected=CHILDREN)
    doomed.close()
    assert cases_created(registry), "it acted on its first batch, then died"
    restarted = worker(db, CaseOpener(registry, db), kafka_bootstrap, topic)
    restarted.assign([0])
    try:
        drain([restarted], expected=CHILDREN)  # the whole batch again
    finally:
        restarted.close()
    opened = cases_created(registry)
    assert len(opened) == 2 * CHILDREN and len(set(opened)) == len(opened)


def test_two_raisers_split_the_partitions_and_raise_each_alert_once(
    registry: Registry, db: PostgresDatabase, kafka_bootstrap: str
) -> None:
    topic = new_topic(kafka_bootstrap)
    excluded_children(registry, "elective_home_education")
    publish(registry, db, kafka_bootstrap, topic)
    one = worker(db, AlertRaiser(registry, db), kafka_bootstrap, topic)
    two = worker(db, AlertRaiser(registry, db), kafka_bootstrap, topic)
    one.assign([0])
    two.assign([1])
    try:
        drain([one, two], expected=CHILDREN)
    finally:
        one.close()
        two.close()
    notifications = registry.recorder.select_notifications(start=1, limit=10**6)
    raised = [
        n.originator_id for n in notifications if n.topic == "pmr.alert.raised.v1"
    ]
    assert len(raised) >= CHILDREN and len(set(raised)) == len(raised)
