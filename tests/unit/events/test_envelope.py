"""The event envelope: names, stable ids, and a payload that identifies no child."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from uuid import uuid4

import pytest

from events.envelope import EventEnvelope, envelope_of, event_id_of
from events.movements import MovementType
from events.movements.correction import Amendment
from events.registry import IdempotencyKey, IdempotencyRecord, Registry
from tests.builders import (
    LA_A,
    SCHOOL_A,
    FakeClock,
    a_movement,
    random_pupil_key,
    school,
)

IDENTIFYING = {"upn", "date_of_birth", "notes"}


def stored_events() -> list[tuple[int, Any]]:
    """(position, domain event) for one child's whole life in the register."""
    registry = Registry(clock=FakeClock())
    pupil_key = random_pupil_key()
    movement = a_movement(
        MovementType.SUSPENSION,
        date_of_birth=date(2012, 5, 1),
        characteristics={"year_group": "9", "sen_provision": "K"},
    )
    receipt = registry.record_movement(pupil_key, movement, school())
    registry.correct_movement(
        pupil_key,
        receipt.movement_id,
        Amendment(days=1.5),
        "data_entry_error",
        school(),
    )
    registry.withdraw_movement(pupil_key, receipt.movement_id, "duplicate", school())
    notifications = registry.notification_log.select(start=1, limit=10)
    return [(n.id, registry.mapper.to_domain_event(n)) for n in notifications]


@pytest.fixture(scope="module")
def events() -> list[tuple[int, Any]]:
    return stored_events()


@pytest.fixture(scope="module")
def envelopes(events: list[tuple[int, Any]]) -> list[EventEnvelope]:
    wrapped = [envelope_of(event, position) for position, event in events]
    return [envelope for envelope in wrapped if envelope is not None]


def test_each_pupil_event_type_has_its_envelope_name(
    envelopes: list[EventEnvelope],
) -> None:
    assert [e.event_type for e in envelopes] == [
        "pupil_opened",
        "movement_recorded",
        "movement_corrected",
        "movement_withdrawn",
    ]


def test_idempotency_records_are_not_events_about_a_child() -> None:
    registry = Registry(clock=FakeClock())
    key = IdempotencyKey(SCHOOL_A, uuid4().hex, "f" * 64)
    registry.record_movement(
        random_pupil_key(), a_movement(MovementType.SUSPENSION), school(), key
    )
    notifications = registry.notification_log.select(start=1, limit=10)
    events = [(n.id, registry.mapper.to_domain_event(n)) for n in notifications]

    records = [(p, e) for p, e in events if isinstance(e, IdempotencyRecord.Created)]

    assert len(records) == 1
    assert [envelope_of(event, position) for position, event in records] == [None]


def test_an_event_id_is_the_same_on_every_replay(
    events: list[tuple[int, Any]],
) -> None:
    position, event = events[0]

    now, republished = envelope_of(event, position), envelope_of(event, position + 9)

    assert now is not None and republished is not None
    assert now.event_id == republished.event_id
    assert now.event_id == event_id_of(event.originator_id, event.originator_version)


def test_event_ids_differ_between_versions_of_one_stream(
    envelopes: list[EventEnvelope],
) -> None:
    assert len({e.event_id for e in envelopes}) == len(envelopes)
    assert len({e.originator_id for e in envelopes}) == 1


def test_no_payload_holds_a_upn_date_of_birth_or_notes(
    envelopes: list[EventEnvelope],
) -> None:
    for envelope in envelopes:
        assert not IDENTIFYING & set(envelope.payload), envelope.event_type


def test_a_recorded_movement_envelope_names_its_school_la_and_date(
    envelopes: list[EventEnvelope],
) -> None:
    recorded = envelopes[1]

    assert (recorded.school_urn, recorded.la_code, recorded.effective_date) == (
        SCHOOL_A,
        LA_A,
        "2026-01-08",
    )


def test_envelope_positions_follow_the_log(envelopes: list[EventEnvelope]) -> None:
    positions = [e.position for e in envelopes]

    assert positions == sorted(set(positions))


def test_an_envelope_survives_a_round_trip_through_json(
    envelopes: list[EventEnvelope],
) -> None:
    for envelope in envelopes:
        wire = json.loads(json.dumps(envelope.as_dict()))

        assert EventEnvelope.from_dict(wire) == envelope
