"""The relay and the projection workers against real PostgreSQL and a Kafka broker."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

from events.registry import Registry
from projections.history.pupil_history import PupilHistory
from projections.runner import LogFollower
from projections.view import create_tracking_table
from services.app.config import Settings
from services.app.storage import PostgresDatabase, SQLiteDatabase
from services.kafka.consumer import ProjectionWorker
from services.kafka.envelope import decode, schema
from services.kafka.relay import Relay, make_producer
from tests.builders import a_movement, on_day, random_pupil_key, school
from tests.integration.kafka_helpers import new_topic, positions, read_all

pytestmark = pytest.mark.integration


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


def record_some(registry: Registry, children: int = 6, each: int = 5) -> list[str]:
    keys = [random_pupil_key() for _ in range(children)]
    for key in keys:
        for n in range(each):
            request = a_movement("suspension", days=0.5, **on_day(n))
            registry.record_movement(key, request, school())
    return keys


def publish_all(relay: Relay) -> None:
    while relay.publish_batch():
        pass


def test_relay_publishes_every_event_keyed_and_in_per_child_order(
    registry: Registry, db: PostgresDatabase, kafka_bootstrap: str
) -> None:
    keys = record_some(registry)
    topic = new_topic(kafka_bootstrap)
    relay = Relay(registry, db, lambda: make_producer(kafka_bootstrap), topic=topic)
    publish_all(relay)
    relay.close()
    assert relay.lag() == 0
    records = read_all(kafka_bootstrap, topic, expected=36)
    assert sorted(positions(records)) == list(range(1, 37))
    by_child: dict[str, list[int]] = defaultdict(list)
    for record in records:
        value = json.loads(record.value)
        jsonschema.validate(value, schema())
        assert record.key.decode() == value["pupil_key"]
        by_child[value["pupil_key"]].append(value["position"])
    assert set(by_child) == set(keys)
    assert all(p == sorted(p) for p in by_child.values())


def test_republished_events_are_applied_once_and_match_a_rebuild(
    registry: Registry, db: PostgresDatabase, kafka_bootstrap: str, tmp_path: Path
) -> None:
    record_some(registry)
    topic = new_topic(kafka_bootstrap)
    relay = Relay(registry, db, lambda: make_producer(kafka_bootstrap), topic=topic)
    publish_all(relay)
    relay.start_from(10)  # as if it crashed after sending, before saving its position
    publish_all(relay)
    relay.close()
    assert len(read_all(kafka_bootstrap, topic, expected=36)) == 62  # 26 twice

    worker_db = SQLiteDatabase(str(tmp_path / "worker.sqlite"))
    worker = ProjectionWorker(worker_db, PupilHistory(), kafka_bootstrap, topic=topic)
    worker.setup()
    worker.assign([0, 1])
    while worker.poll_once(timeout_ms=500):
        pass
    worker.close()
    assert worker.applied == 36  # 26 duplicates skipped
    last_position: dict[str, int] = {}
    for record in read_all(kafka_bootstrap, topic, expected=36):
        envelope = decode(record.value)
        last_position[envelope.pupil_key] = envelope.position
    for key, position in last_position.items():  # read-your-writes per child
        assert worker.offsets.applied_for_key(key) >= position

    again = ProjectionWorker(worker_db, PupilHistory(), kafka_bootstrap, topic=topic)
    again.assign([0, 1])
    assert again.poll_once(timeout_ms=1000) == 0  # resumes after stored offsets
    again.close()

    rebuilt = SQLiteDatabase(str(tmp_path / "rebuilt.sqlite"))
    LogFollower(registry, rebuilt, [PupilHistory()]).setup()
    LogFollower(registry, rebuilt, [PupilHistory()]).catch_up()
    query = "SELECT * FROM history_movements ORDER BY movement_id"
    assert worker_db.query(query) == rebuilt.query(query)
    assert len(worker_db.query(query)) == 30


def test_envelopes_on_the_topic_carry_nothing_personal(
    registry: Registry, db: PostgresDatabase, kafka_bootstrap: str
) -> None:
    record_some(registry, children=2, each=1)
    topic = new_topic(kafka_bootstrap)
    relay = Relay(registry, db, lambda: make_producer(kafka_bootstrap), topic=topic)
    publish_all(relay)
    relay.close()
    for record in read_all(kafka_bootstrap, topic, expected=4):
        payload = decode(record.value).payload
        assert not {"upn", "date_of_birth", "notes"} & set(payload)


def test_alert_events_also_go_on_the_alerts_topic_keyed_by_child(
    registry: Registry, db: PostgresDatabase, kafka_bootstrap: str
) -> None:
    from datetime import UTC, datetime

    from events.alerts.alert import Alert, due_by

    record_some(registry, children=1, each=1)
    raised = datetime(2026, 11, 27, 9, tzinfo=UTC)
    alert = Alert(
        rule="off_rolling_report", pupil_key="pk_alerted", window="m-1",
        severity="high", evidence=["m-1"], recipients=["la:801"], raised_at=raised,
        due_by=due_by(raised, 48), thresholds_version="2026.11",
    )  # fmt: skip
    registry.record(alert)
    topic, alerts_topic = new_topic(kafka_bootstrap), new_topic(kafka_bootstrap)
    relay = Relay(
        registry,
        db,
        lambda: make_producer(kafka_bootstrap),
        topic=topic,
        alerts_topic=alerts_topic,
    )
    publish_all(relay)
    relay.close()

    (record,) = read_all(kafka_bootstrap, alerts_topic, expected=1)
    value = json.loads(record.value)
    jsonschema.validate(value, schema())
    assert (record.key.decode(), value["event_type"]) == ("pk_alerted", "alert_raised")
    assert len(read_all(kafka_bootstrap, topic, expected=3)) == 3


def test_the_nhs_number_never_reaches_the_stream(
    fresh_dsn: str, kafka_bootstrap: str, tmp_path: Path
) -> None:
    """Recorded through the one recording path, the number goes to the vault only:
    no record on the topic carries it, in its value or its key."""
    from services.access.tokens import Principal, Role
    from services.app.bootstrap import bootstrap
    from services.recording.movement_body import MovementCreate
    from services.recording.service import record
    from services.reference.schools import import_gias
    from tests.builders import SCHOOL_A, random_upn
    from tests.conftest import FIXTURES
    from tests.e2e.helpers import movement_body
    from tests.e2e.test_nhs_number_api import an_nhs_number

    number = an_nhs_number()
    container = bootstrap(
        Settings(database_url=fresh_dsn, data_dir=tmp_path, env="test"),
        start_follower=False,
    )
    try:
        import_gias(container.schools, FIXTURES / "gias_sample.csv")
        pupil = {"upn": random_upn(), "date_of_birth": "2012-03-14",
                 "nhs_number": number}  # fmt: skip
        body = movement_body("suspension", pupil=pupil, effective_date="2026-01-08")
        record(
            container,
            Principal("test-school", Role.SCHOOL, urn=SCHOOL_A),
            MovementCreate.model_validate(body),
        )
        topic = new_topic(kafka_bootstrap)
        relay = Relay(container.registry, container.db,
                      lambda: make_producer(kafka_bootstrap), topic=topic)  # fmt: skip
        publish_all(relay)
        relay.close()
        records = read_all(kafka_bootstrap, topic, expected=1)
    finally:
        container.close()
    assert records, "the search looks at what the relay published"
    for published in records:
        assert number.encode() not in published.value
        assert number.encode() not in (published.key or b"")
