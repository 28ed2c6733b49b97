"""`pmr migrate` makes the schema as the owner; serving runs as a member of
`pmr_app`, runs no DDL, records and projects, and cannot UPDATE, DELETE, TRUNCATE,
ALTER or switch off a trigger on the event table."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date

import psycopg
import pytest

from events.movements import MovementRequest, MovementType, Recorder, RecorderKind
from services.app.bootstrap import bootstrap
from services.app.config import Settings
from services.app.migrations import grant_app_role
from services.processes.event_chain import EventChain

pytestmark = pytest.mark.integration

REFUSED = (
    "UPDATE registry_events SET topic = topic",
    "DELETE FROM registry_events",
    "TRUNCATE registry_events",
    "ALTER TABLE registry_events DISABLE TRIGGER ALL",
    "ALTER TABLE registry_events ADD COLUMN sneaky TEXT",
    "DROP TABLE registry_events",
)


@pytest.fixture
def migrated(postgres_admin_dsn: str) -> Iterator[tuple[str, str]]:
    """A database migrated by its owner, and a login role that is only pmr_app."""
    from tests.servicefixtures import throwaway_database

    with throwaway_database(postgres_admin_dsn) as dsn:
        owner = bootstrap(Settings(env="test", database_url=dsn), start_follower=False)
        EventChain(owner.registry, owner.db)
        owner.close()
        grant_app_role(dsn)
        role = f"pmr_app_test_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f"CREATE ROLE {role} LOGIN IN ROLE pmr_app")
        try:
            yield dsn, dsn.replace("postgres@", f"{role}@", 1)
        finally:
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute(f"DROP ROLE IF EXISTS {role}")


def test_the_app_role_serves_without_ddl_and_cannot_change_events(
    migrated: tuple[str, str],
) -> None:
    _, app_dsn = migrated
    settings = Settings(env="test", database_url=app_dsn, migrate_on_start=False)
    container = bootstrap(settings, start_follower=False)
    try:
        request = MovementRequest(
            MovementType.SUSPENSION, date(2026, 11, 2), from_urn="100001",
            from_la="801", reasons=("DB",), days=1.0,
        )  # fmt: skip
        school = Recorder(RecorderKind.SCHOOL, urn="100001")
        receipt = container.registry.record_movement("pk_least", request, school)
        assert receipt.position is not None
        assert container.follower.catch_up() > 0  # projections written as pmr_app
    finally:
        container.close()

    for statement in REFUSED:
        with (
            psycopg.connect(app_dsn, autocommit=True) as conn,
            pytest.raises(psycopg.Error),
        ):
            conn.execute(statement)
