"""The event store on real PostgreSQL: append-only, nothing lost, nothing skipped."""

from __future__ import annotations

import threading
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
import pytest
from eventsourcing.persistence import IntegrityError

from events.movements import MovementRequest, MovementType
from events.registry import IdempotencyKey, Registry
from services.app.config import Settings
from services.app.migrations import apply_immutability, apply_sqlite_immutability
from tests.builders import (
    a_movement,
    local_authority,
    on_day,
    random_pupil_key,
    school,
)

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def registry(postgres_dsn: str) -> Registry:
    registry = Registry(env=Settings(database_url=postgres_dsn).eventsourcing_env())
    apply_immutability(postgres_dsn)
    return registry


def row_count(dsn: str) -> int:
    with psycopg.connect(dsn) as conn:
        return int(conn.execute("SELECT count(*) FROM registry_events").fetchone()[0])


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE registry_events SET topic = 'x'",
        "DELETE FROM registry_events",
        "TRUNCATE registry_events",
    ],
)
def test_postgres_refuses_to_change_stored_events(
    registry: Registry, postgres_dsn: str, statement: str
) -> None:
    registry.record_movement(random_pupil_key(), a_movement("suspension"), school())
    before = row_count(postgres_dsn)
    with psycopg.connect(postgres_dsn) as conn, pytest.raises(psycopg.Error) as refused:
        conn.execute(statement)
    assert "append-only" in str(refused.value)
    assert row_count(postgres_dsn) == before


def test_the_app_role_may_only_read_and_append(registry: Registry, postgres_dsn: str):
    with psycopg.connect(postgres_dsn) as conn:
        rows = conn.execute(
            "SELECT privilege_type FROM information_schema.role_table_grants "
            "WHERE grantee = 'pmr_app' AND table_name = 'registry_events'"
        ).fetchall()
    assert {r[0] for r in rows} == {"SELECT", "INSERT"}


def test_sqlite_refuses_to_change_stored_events(tmp_path: Path) -> None:
    path = tmp_path / "events.sqlite"
    registry = Registry(
        env=Settings(database_url=f"sqlite:///{path}").eventsourcing_env()
    )
    registry.record_movement(random_pupil_key(), a_movement("suspension"), school())
    apply_sqlite_immutability(str(path))
    import sqlite3

    with sqlite3.connect(path) as conn:
        for statement in (
            "UPDATE stored_events SET topic = 'x'",
            "DELETE FROM stored_events",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(statement)
        assert conn.execute("SELECT count(*) FROM stored_events").fetchone()[0] == 2


def run_all(workers: list[threading.Thread]) -> None:
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)


def test_twenty_concurrent_writers_on_one_child_lose_no_event(registry: Registry):
    pupil_key, errors = random_pupil_key(), []

    days = iter(range(20))  # distinct dates: the same act twice is one movement

    def suspend() -> None:
        try:
            registry.record_movement(
                pupil_key,
                a_movement("suspension", days=0.5, **on_day(next(days))),
                school(),
            )
        except Exception as error:  # collected and asserted below
            errors.append(error)

    run_all([threading.Thread(target=suspend) for _ in range(20)])
    assert errors == []
    pupil = registry.get_pupil(pupil_key)
    assert len(pupil.movements) == 20
    assert pupil.version == 21  # created + 20 movements
    assert pupil.facts().suspension_days_by_year == {"2025-26": 10.0}


def test_a_tailing_reader_sees_every_notification_under_concurrent_writers(
    registry: Registry, postgres_dsn: str
) -> None:
    start = registry.max_position()
    seen: list[int] = []
    done = threading.Event()

    def write(n: int) -> None:
        for _ in range(60):
            request = MovementRequest(
                MovementType.ADMISSION, date(2026, 1, 8), to_urn="100002", to_la="801"
            )
            registry.record_movement(random_pupil_key(), request, local_authority())

    def tail() -> None:
        last = start
        while not done.is_set() or last < registry.max_position():
            batch = registry.recorder.select_notifications(start=last + 1, limit=500)
            for notification in batch:
                seen.append(notification.id)
                last = notification.id

    reader = threading.Thread(target=tail)
    reader.start()
    run_all([threading.Thread(target=write, args=(n,)) for n in range(4)])
    done.set()
    reader.join(timeout=60)
    with psycopg.connect(postgres_dsn) as conn:
        stored = [
            r[0]
            for r in conn.execute(
                "SELECT notification_id FROM registry_events "
                "WHERE notification_id > %s ORDER BY notification_id",
                (start,),
            )
        ]
    assert len(stored) >= 4 * 60 * 2  # each new child: created + admission
    assert seen == stored  # every one, once, in order: nothing skipped


def test_one_idempotency_key_replayed_concurrently_stores_one_movement(
    registry: Registry,
) -> None:
    pupil_key = random_pupil_key()
    key = IdempotencyKey("school:100001", uuid.uuid4().hex, "fingerprint")
    receipts = []

    def send() -> None:
        receipts.append(
            registry.record_movement(pupil_key, a_movement("suspension"), school(), key)
        )

    run_all([threading.Thread(target=send) for _ in range(5)])
    assert len(receipts) == 5
    assert len({r.movement_id for r in receipts}) == 1
    assert len(registry.get_pupil(pupil_key).movements) == 1


def test_group_commit_batches_writers_and_loses_nothing(postgres_dsn: str) -> None:
    env = Settings(database_url=postgres_dsn).eventsourcing_env()
    registry = Registry(env=env, group_commit=True)
    keys = [random_pupil_key() for _ in range(8)]

    def write(key: str) -> None:
        for n in range(10):
            request = a_movement("suspension", days=0.5, **on_day(n))
            registry.record_movement(key, request, school())

    try:
        run_all([threading.Thread(target=write, args=(k,)) for k in keys])
        assert [len(registry.get_pupil(k).movements) for k in keys] == [10] * 8
        assert registry.group_commit is not None
        assert registry.group_commit.batches < 8 * 11  # some commits carried several
    finally:
        registry.close()


def test_a_conflicting_save_is_refused_by_the_store(registry: Registry) -> None:
    pupil_key = random_pupil_key()
    registry.record_movement(pupil_key, a_movement("suspension"), school())
    first, second = registry.get_pupil(pupil_key), registry.get_pupil(pupil_key)
    later = a_movement("suspension", **on_day(1))
    first.record_movement("m-a", later, school(), date(2026, 3, 1))
    second.record_movement("m-b", later, school(), date(2026, 3, 1))
    registry.save(first)
    with pytest.raises(IntegrityError):
        registry.save(second)


def test_writers_to_one_child_take_turns_instead_of_retrying(registry: Registry):
    pupil_key, outcomes = random_pupil_key(), []
    save = registry._try_save

    def counted(*aggregates: Any, **kwargs: Any) -> int | None:
        position = save(*aggregates, **kwargs)
        outcomes.append(position is not None)
        return position

    registry._try_save = counted  # type: ignore[method-assign]
    days = iter(range(12))

    def suspend() -> None:
        request = a_movement("suspension", days=0.5, **on_day(next(days)))
        registry.record_movement(pupil_key, request, school())

    run_all([threading.Thread(target=suspend) for _ in range(12)])
    assert outcomes == [True] * 12  # no save lost a race and had to retry
