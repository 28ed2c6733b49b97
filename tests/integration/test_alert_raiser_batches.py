"""The alert raiser works a batch at a time (each child's stream read once, one save
for the batch's alerts) and raises exactly what it raised one movement at a time;
when the inbox has not yet shown an alert that exists, the batch falls back to
raising one alert at a time and still leaves one alert with all its evidence."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest

from events.alerts.alert import Alert
from events.registry import Registry
from projections.view import create_tracking_table
from services.app.config import Settings
from services.app.storage import PostgresDatabase
from services.processes.alert_raiser import AlertRaiser
from tests.builders import a_movement, random_pupil_key, school

pytestmark = pytest.mark.integration
TERM_START = date(2025, 11, 3)  # autumn term: every suspension below in one term


@pytest.fixture
def stores(postgres_admin_dsn: str) -> Iterator[list[tuple[Registry, Any]]]:
    """Two empty stores, for the same log raised two ways."""
    from tests.servicefixtures import throwaway_database

    with (
        throwaway_database(postgres_admin_dsn) as one,
        throwaway_database(postgres_admin_dsn) as two,
    ):
        made = []
        for dsn in (one, two):
            registry = Registry(env=Settings(database_url=dsn).eventsourcing_env())
            db = PostgresDatabase(dsn)
            create_tracking_table(db)
            made.append((registry, db))
        yield made
        for registry, db in made:
            registry.close()
            db.close()


def alerts_in(registry: Registry) -> dict[Any, dict[str, Any]]:
    """Every alert in the store, by id (from rule, child and window)."""
    ids = {
        n.originator_id
        for n in registry.recorder.select_notifications(start=1, limit=100_000)
        if n.topic.startswith("pmr.alert.")
    }
    found = {}
    for alert_id in ids:
        alert: Alert = registry.repository.get(alert_id)
        found[alert_id] = {
            "rule": alert.rule,
            "pupil_key": alert.pupil_key,
            "version": alert.version,
            "evidence": sorted(alert.evidence),
            "recipients": sorted(alert.recipients),
            "raised_at": alert.raised_at,
        }
    return found


def test_a_batch_raises_what_one_at_a_time_raises(stores) -> None:
    (one_registry, one_db), (batch_registry, batch_db) = stores
    pupil_keys = [random_pupil_key() for _ in range(4)]
    for registry in (one_registry, batch_registry):
        for n, key in enumerate(pupil_keys):
            for day in range(4 + n):
                request = a_movement(
                    "suspension", effective_date=TERM_START + timedelta(days=day)
                )
                registry.record_movement(key, request, school())
    one_at_a_time = AlertRaiser(one_registry, one_db, batch_size=1)
    batched = AlertRaiser(batch_registry, batch_db, batch_size=500)
    for process in (one_at_a_time, batched):
        process.setup()
        process.catch_up()
    singly, together = alerts_in(one_registry), alerts_in(batch_registry)
    assert singly, "the log raises alerts"
    for found in (singly, together):  # movement ids differ between stores
        for alert in found.values():
            alert["evidence"] = len(alert["evidence"])
            alert.pop("raised_at")
    assert together == singly


def test_an_alert_the_inbox_has_not_shown_gets_the_new_evidence(stores) -> None:
    (registry, db), _ = stores
    key = random_pupil_key()
    raiser = AlertRaiser(registry, db)
    raiser.setup()
    for day in range(3):  # the third suspension in the term raises the alert
        request = a_movement(
            "suspension", effective_date=TERM_START + timedelta(days=day)
        )
        registry.record_movement(key, request, school())
    raiser.catch_up()
    (first,) = alerts_in(registry).values()
    # No projection runs here: the inbox never shows it, so the next batch opens
    # it afresh, collides with the stored alert and raises one at a time instead.
    request = a_movement("suspension", effective_date=TERM_START + timedelta(days=5))
    registry.record_movement(key, request, school())
    raiser.catch_up()
    (after,) = alerts_in(registry).values()
    assert len(after["evidence"]) == len(first["evidence"]) + 1
    assert after["raised_at"] == first["raised_at"]
