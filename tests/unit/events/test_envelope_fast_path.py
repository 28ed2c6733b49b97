"""The fast path from stored JSON gives exactly the envelopes the mapper path gives."""

from __future__ import annotations

from datetime import date

import pytest

from events.envelope import NeedsMapper, envelope_from_stored, envelope_of
from events.movements.correction import Amendment
from events.registry import IdempotencyKey, Registry
from tests.builders import a_movement, random_pupil_key, school


def test_fast_and_mapper_envelopes_are_identical_for_every_event_type():
    registry = Registry()
    key = random_pupil_key()
    first = registry.record_movement(
        key, a_movement("roll_deletion"), school(), IdempotencyKey("s", "k", "f")
    )
    registry.correct_movement(
        key,
        first.movement_id,
        Amendment(effective_date=date(2026, 1, 7)),
        "wrong_date",
        school(),
    )
    registry.record_movement(
        key,
        a_movement(
            "suspension",
            effective_date=date(2025, 12, 1),
            characteristics={"year_group": "11"},
        ),
        school(),
    )
    registry.withdraw_movement(key, first.movement_id, "duplicate", school())
    seen = set()
    for n in registry.recorder.select_notifications(start=1, limit=20):
        fast = envelope_from_stored(
            n.topic, n.originator_id, n.originator_version, n.state, n.id
        )
        assert fast == envelope_of(registry.mapper.to_domain_event(n), n.id)
        seen.add(fast.event_type if fast else None)
    assert seen == {
        None,
        "pupil_opened",
        "movement_recorded",
        "movement_corrected",
        "movement_withdrawn",
    }


def test_an_upcast_or_unknown_event_goes_the_slow_way():
    from uuid import uuid4

    with pytest.raises(NeedsMapper):
        envelope_from_stored("pmr.unknown.v1", uuid4(), 1, b"{}", 1)
    with pytest.raises(NeedsMapper):
        envelope_from_stored("pmr.pupil.movement_recorded.v1", uuid4(), 2, b"{}", 1)
