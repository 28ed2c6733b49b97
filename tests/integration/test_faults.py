"""Fault tests: a relay killed mid-stream, a broker paused, a worker restarted."""

from __future__ import annotations

import itertools
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from events.registry import Registry
from projections.history.pupil_history import PupilHistory
from projections.view import create_tracking_table, read_position
from services.app.config import Settings
from services.app.storage import PostgresDatabase, SQLiteDatabase
from services.kafka.consumer import ProjectionWorker
from services.kafka.envelope import TOPIC
from services.kafka.relay import Relay
from tests.builders import a_movement, on_day, random_pupil_key, school
from tests.integration.kafka_helpers import new_topic, positions, read_all
from tests.servicefixtures import tansu_broker, throwaway_database

pytestmark = pytest.mark.integration
PMR = str(Path(sys.executable).parent / "pmr")


@pytest.fixture
def fresh_dsn(postgres_admin_dsn: str) -> Iterator[str]:
    with throwaway_database(postgres_admin_dsn) as dsn:
        yield dsn


def stored_positions(dsn: str) -> set[int]:
    """Notification ids in the store (rolled-back conflicts leave sequence gaps)."""
    with psycopg.connect(dsn) as conn:
        rows = conn.execute("SELECT notification_id FROM registry_events").fetchall()
    return {r[0] for r in rows}


def load(registry: Registry, events: int, writers: int = 4) -> None:
    """`events` suspensions over many children from several writer threads."""

    def write(n: int) -> None:
        for i in range(n):
            key = random_pupil_key() if i % 5 == 0 else keys[-1]
            keys.append(key)
            day = next(days) % 250  # writers share children: dates must differ
            request = a_movement("suspension", days=0.5, **on_day(day))
            registry.record_movement(key, request, school())

    keys: list[str] = [random_pupil_key()]
    days = itertools.count()
    threads = [
        threading.Thread(target=write, args=(events // writers,))
        for _ in range(writers)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def relay_position(db: PostgresDatabase) -> int:
    """The relay's position; 0 before any relay got as far as creating its table
    (on a loaded machine every killed relay may have died still starting up)."""
    try:
        return read_position(db, "relay")
    except psycopg.errors.UndefinedTable:
        return 0


def test_relay_killed_at_random_points_still_publishes_every_event(
    fresh_dsn: str,
) -> None:
    settings = Settings(database_url=fresh_dsn)
    registry = Registry(env=settings.eventsourcing_env(), group_commit=True)
    with tansu_broker() as (bootstrap, _broker):
        new_topic(bootstrap, partitions=2, name=TOPIC)
        env = {
            **os.environ,
            "PMR_DATABASE_URL": fresh_dsn,
            "PMR_KAFKA_BOOTSTRAP": bootstrap,
            "PMR_LOG_LEVEL": "WARNING",
        }
        # The 20,000-event run: PMR_FAULT_EVENTS=20000 (CI uses 2,000).
        events = int(os.environ.get("PMR_FAULT_EVENTS", "2000"))
        writer = threading.Thread(target=load, args=(registry, events))
        writer.start()
        kills = 0
        while writer.is_alive() or kills < 3:
            relay = subprocess.Popen([PMR, "relay"], env=env)
            time.sleep(random.uniform(1.0, 2.5))
            relay.send_signal(signal.SIGKILL)
            relay.wait()
            kills += 1
        writer.join()
        head = registry.max_position()
        relay = subprocess.Popen([PMR, "relay"], env=env)
        db = PostgresDatabase(fresh_dsn)
        deadline = time.monotonic() + 120
        while relay_position(db) < head and time.monotonic() < deadline:
            time.sleep(0.2)
        relay.terminate()
        relay.wait(timeout=20)
        stored = stored_positions(fresh_dsn)
        published = set(positions(read_all(bootstrap, TOPIC, expected=len(stored))))
        db.close()
    registry.close()
    assert kills >= 3
    assert published == stored  # every event at least once, none missing


def test_broker_paused_while_writes_go_on_then_backlog_drains(
    fresh_dsn: str, tmp_path: Path
) -> None:
    registry = Registry(env=Settings(database_url=fresh_dsn).eventsourcing_env())
    db = PostgresDatabase(fresh_dsn)
    create_tracking_table(db)
    with tansu_broker() as (bootstrap, broker):
        topic = new_topic(bootstrap)

        def producer() -> object:
            from kafka import KafkaProducer

            return KafkaProducer(
                bootstrap_servers=bootstrap,
                acks="all",
                enable_idempotence=True,
                linger_ms=5,
                max_block_ms=3000,
                request_timeout_ms=3000,
                delivery_timeout_ms=6000,
            )

        relay = Relay(registry, db, producer, topic=topic)
        stop = threading.Event()
        runner = threading.Thread(target=relay.run, args=(stop,))
        runner.start()
        load(registry, 40, writers=2)
        broker.send_signal(signal.SIGSTOP)
        try:
            load(registry, 200, writers=4)  # the register keeps accepting
            time.sleep(1)
            assert relay.lag() > 0
        finally:
            broker.send_signal(signal.SIGCONT)
        deadline = time.monotonic() + 90
        while relay.lag() and time.monotonic() < deadline:
            time.sleep(0.2)
        stop.set()
        runner.join(timeout=30)
        relay.close()
        assert relay.lag() == 0
        stored = stored_positions(fresh_dsn)
        records = read_all(bootstrap, topic, expected=len(stored))
        assert set(positions(records)) == stored

        worker_db = SQLiteDatabase(str(tmp_path / "worker.sqlite"))
        worker = ProjectionWorker(
            worker_db,
            PupilHistory(),
            bootstrap,
            topic=topic,
            session_timeout_ms=6000,
            heartbeat_interval_ms=1000,
        )
        worker.setup()
        worker.subscribe()
        deadline = time.monotonic() + 60
        while worker.applied < len(stored) and time.monotonic() < deadline:
            worker.poll_once()
        worker.close()
        movements = worker_db.query("SELECT count(*) FROM history_movements")[0][0]
    db.close()
    registry.close()
    assert movements == 240
