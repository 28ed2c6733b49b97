"""The event log's hash chain: `verify` passes on an untouched log and names the
position of an event rewritten or deleted by someone who switched the append-only
protection off (the owner can; the chain still tells)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from events.movements import MovementRequest, MovementType, Recorder, RecorderKind
from services.app.bootstrap import Container, bootstrap
from services.app.config import Settings
from services.processes.event_chain import EventChain
from tests.builders import on_day, random_pupil_key

pytestmark = pytest.mark.integration
SCHOOL = Recorder(RecorderKind.SCHOOL, urn="100001")


@pytest.fixture(params=["sqlite", "postgres"])
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Container]:
    """A store of its own: these tests tamper with it on purpose."""
    if request.param == "sqlite":
        settings = Settings(
            env="test", database_url=f"sqlite:///{tmp_path / 'c.sqlite'}"
        )
        container = bootstrap(settings, start_follower=False)
        yield container
        container.close()
        return
    from tests.servicefixtures import throwaway_database

    with throwaway_database(request.getfixturevalue("postgres_admin_dsn")) as dsn:
        container = bootstrap(
            Settings(env="test", database_url=dsn), start_follower=False
        )
        yield container
        container.close()


def some_events(container: Container) -> list[int]:
    positions = []
    for n in range(5):
        request = MovementRequest(
            MovementType.SUSPENSION, reasons=("DB",), days=1.0, from_urn="100001",
            from_la="801", **on_day(n),
        )  # fmt: skip
        receipt = container.registry.record_movement(
            random_pupil_key(), request, SCHOOL
        )
        assert receipt.position is not None
        positions.append(receipt.position)
    return positions


def tamper(container: Container, sql: str, position: int) -> None:
    """As an owner would: switch the protection off, change the row, switch it on."""
    with container.db.transaction() as cur:
        if container.db.dialect == "sqlite":
            cur.execute("DROP TRIGGER IF EXISTS stored_events_no_update")
            cur.execute("DROP TRIGGER IF EXISTS stored_events_no_delete")
            sql = sql.replace("notification_id", "rowid")  # SQLite's log position
            cur.execute(sql.format(table="stored_events"), (position,))
        else:
            cur.execute("ALTER TABLE registry_events DISABLE TRIGGER ALL")
            cur.execute(sql.format(table="registry_events"), (position,))
            cur.execute("ALTER TABLE registry_events ENABLE TRIGGER ALL")


def test_an_untouched_log_verifies(fresh: Container) -> None:
    some_events(fresh)
    chain = EventChain(fresh.registry, fresh.db)
    chain.catch_up()

    check = chain.verify()

    assert check.ok and check.checked == fresh.registry.max_position()


def test_a_rewritten_event_is_found_at_its_position(fresh: Container) -> None:
    positions = some_events(fresh)
    chain = EventChain(fresh.registry, fresh.db)
    chain.catch_up()

    # The suspension's reason rewritten: disruption becomes verbal abuse.
    rewrite = (
        "UPDATE {table} SET state = convert_to(replace(convert_from(state, 'UTF8'), "
        "'DB', 'VA'), 'UTF8') WHERE notification_id = ?"
        if fresh.db.dialect == "postgresql"
        else "UPDATE {table} SET state = CAST(replace(CAST(state AS TEXT), 'DB', 'VA') "
        "AS BLOB) WHERE notification_id = ?"
    )
    tamper(fresh, rewrite, positions[2])

    assert chain.verify().broken_at == positions[2]


def test_a_deleted_event_breaks_the_chain_where_it_stood(fresh: Container) -> None:
    positions = some_events(fresh)
    chain = EventChain(fresh.registry, fresh.db)
    chain.catch_up()

    tamper(fresh, "DELETE FROM {table} WHERE notification_id = ?", positions[1])

    broken = chain.verify().broken_at
    assert broken is not None and positions[1] <= broken <= positions[1] + 1


def test_readyz_and_metrics_report_a_broken_chain_after_verification(
    fresh: Container,
) -> None:
    from fastapi.testclient import TestClient

    from services.api.main import create_app

    positions = some_events(fresh)
    chain = EventChain(fresh.registry, fresh.db)
    with TestClient(create_app(container=fresh)) as client:
        assert client.get("/readyz").json()["event_chain"]["status"] == "unchecked"
        chain.verify_and_keep("2026-11-29T09:00:00+00:00")
        intact = client.get("/readyz").json()["event_chain"]
        assert intact["status"] == "intact"
        assert intact["verified_events"] == fresh.registry.max_position()

        tamper(fresh, "DELETE FROM {table} WHERE notification_id = ?", positions[3])
        chain.verify_and_keep("2026-11-29T09:15:00+00:00")

        ready = client.get("/readyz")
        metrics = client.get("/metrics").text
    assert ready.status_code == 200  # still serving: the breach is reported
    broken = ready.json()["event_chain"]
    assert broken["status"] == "broken"
    assert positions[3] <= broken["broken_at"] <= positions[3] + 1
    assert broken["checked_at"] == "2026-11-29T09:15:00+00:00"
    assert "pmr_event_chain_broken 1.0" in metrics
    assert f"pmr_event_chain_broken_at {float(broken['broken_at'])}" in metrics
