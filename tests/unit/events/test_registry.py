"""The Registry application: idempotency, nothing stored on refusal, receipts."""

from __future__ import annotations

from uuid import uuid4

import pytest

from events.errors import (
    IdempotencyConflict,
    PupilNotFound,
    RecorderNotPermitted,
)
from events.movements import MovementType
from events.movements.correction import Amendment
from events.pupil import Pupil
from events.registry import IdempotencyKey, Registry
from tests.builders import (
    SCHOOL_A,
    SCHOOL_B,
    FakeClock,
    a_movement,
    local_authority,
    on_day,
    random_pupil_key,
    school,
)

SUSPENSION = MovementType.SUSPENSION


@pytest.fixture
def registry() -> Registry:
    return Registry(clock=FakeClock())


def a_key(fingerprint: str = "f" * 64, scope: str = SCHOOL_A) -> IdempotencyKey:
    return IdempotencyKey(scope=scope, key=uuid4().hex, fingerprint=fingerprint)


def topics_after(registry: Registry, position: int) -> list[str]:
    notifications = registry.notification_log.select(start=position + 1, limit=10)
    return [n.topic for n in notifications]


def test_a_repeated_keyed_command_gets_the_first_receipt_and_stores_nothing(
    registry: Registry,
) -> None:
    pupil_key, key = random_pupil_key(), a_key()
    first = registry.record_movement(pupil_key, a_movement(SUSPENSION), school(), key)
    position = registry.max_position()

    again = registry.record_movement(pupil_key, a_movement(SUSPENSION), school(), key)

    assert (again.movement_id, again.pupil_key, again.recorded_at, again.replayed) == (
        first.movement_id,
        first.pupil_key,
        first.recorded_at,
        True,
    )
    assert registry.max_position() == position
    assert len(registry.get_pupil(pupil_key).movements) == 1


def test_a_key_reused_with_a_different_request_is_refused(registry: Registry) -> None:
    pupil_key, key = random_pupil_key(), a_key()
    registry.record_movement(pupil_key, a_movement(SUSPENSION), school(), key)
    position = registry.max_position()
    reused = IdempotencyKey(key.scope, key.key, fingerprint="0" * 64)

    with pytest.raises(IdempotencyConflict) as refused:
        registry.record_movement(
            pupil_key, a_movement(SUSPENSION, days=3.0), school(), reused
        )

    assert (refused.value.field, refused.value.rule) == (
        "Idempotency-Key",
        "idempotency_key_reused",
    )
    assert registry.max_position() == position


def test_the_same_key_from_another_organisation_is_another_command(
    registry: Registry,
) -> None:
    key_at_a = a_key()
    key_at_b = IdempotencyKey(SCHOOL_B, key_at_a.key, key_at_a.fingerprint)
    first = registry.record_movement(
        random_pupil_key(), a_movement(SUSPENSION), school(), key_at_a
    )

    other = registry.record_movement(
        random_pupil_key(),
        a_movement(SUSPENSION, from_urn=SCHOOL_B),
        school(SCHOOL_B),
        key_at_b,
    )

    assert (other.replayed, other.movement_id != first.movement_id) == (False, True)


def test_a_refused_movement_stores_nothing(registry: Registry) -> None:
    pupil_key = random_pupil_key()
    registry.record_movement(pupil_key, a_movement(SUSPENSION), school())
    position = registry.max_position()

    with pytest.raises(RecorderNotPermitted) as refused:
        registry.record_movement(pupil_key, a_movement(SUSPENSION), local_authority())

    assert (refused.value.field, refused.value.rule) == (
        "type",
        "recorder_not_permitted",
    )
    assert registry.max_position() == position


def test_a_refused_first_sighting_opens_no_stream(registry: Registry) -> None:
    pupil_key = random_pupil_key()

    with pytest.raises(RecorderNotPermitted):
        registry.record_movement(pupil_key, a_movement(SUSPENSION), local_authority())

    with pytest.raises(PupilNotFound) as missing:
        registry.get_pupil(pupil_key)
    assert (missing.value.field, missing.value.rule) == ("", "pupil_not_found")


def test_a_refused_keyed_command_leaves_its_key_free(registry: Registry) -> None:
    pupil_key, key = random_pupil_key(), a_key()
    with pytest.raises(RecorderNotPermitted):
        registry.record_movement(
            pupil_key, a_movement(SUSPENSION), school(SCHOOL_B), key
        )

    receipt = registry.record_movement(pupil_key, a_movement(SUSPENSION), school(), key)

    assert receipt.replayed is False


def test_the_first_movement_opens_the_childs_stream(registry: Registry) -> None:
    registry.record_movement(random_pupil_key(), a_movement(SUSPENSION), school())

    assert topics_after(registry, 0) == [
        "pmr.pupil.opened.v1",
        "pmr.pupil.movement_recorded.v1",
    ]


def test_a_correction_is_stored_as_movement_corrected(registry: Registry) -> None:
    pupil_key = random_pupil_key()
    recorded = registry.record_movement(pupil_key, a_movement(SUSPENSION), school())
    position = registry.max_position()

    registry.correct_movement(
        pupil_key,
        recorded.movement_id,
        Amendment(days=3.0),
        "data_entry_error",
        school(),
    )

    assert topics_after(registry, position) == ["pmr.pupil.movement_corrected.v1"]


def test_a_withdrawal_is_stored_as_movement_withdrawn(registry: Registry) -> None:
    pupil_key = random_pupil_key()
    recorded = registry.record_movement(pupil_key, a_movement(SUSPENSION), school())
    position = registry.max_position()

    registry.withdraw_movement(pupil_key, recorded.movement_id, "duplicate", school())

    assert topics_after(registry, position) == ["pmr.pupil.movement_withdrawn.v1"]


def test_a_keyed_command_stores_its_idempotency_record_with_the_movement(
    registry: Registry,
) -> None:
    registry.record_movement(
        random_pupil_key(), a_movement(SUSPENSION), school(), a_key()
    )

    assert "pmr.idempotency.created.v1" in topics_after(registry, 0)


def test_a_check_for_a_child_never_seen_validates_without_saving(
    registry: Registry,
) -> None:
    registry.check_movement(None, a_movement(SUSPENSION), school())

    assert registry.max_position() == 0


def test_a_refused_first_sighting_saves_nothing(registry: Registry) -> None:
    with pytest.raises(RecorderNotPermitted) as refused:
        registry.record_movement(
            random_pupil_key(),
            a_movement(SUSPENSION),
            local_authority(),
            first_sighting=True,
        )

    assert (refused.value.field, refused.value.rule) == (
        "type",
        "recorder_not_permitted",
    )
    assert registry.max_position() == 0


def test_admit_sees_the_loaded_record_and_may_refuse(registry: Registry) -> None:
    key = random_pupil_key()
    registry.record_movement(key, a_movement(SUSPENSION), school())
    seen: list[int] = []

    def refuse(pupil: Pupil) -> None:
        seen.append(len(pupil.movements))
        raise RecorderNotPermitted("not yours", field="pupil", rule="test_refusal")

    before = registry.max_position()
    with pytest.raises(RecorderNotPermitted):
        registry.record_movement(
            key, a_movement(SUSPENSION, **on_day(3)), school(), admit=refuse
        )

    assert seen == [1] and registry.max_position() == before


def test_an_unknown_pupil_key_is_not_found(registry: Registry) -> None:
    with pytest.raises(PupilNotFound) as missing:
        registry.get_pupil(random_pupil_key())

    assert (missing.value.field, missing.value.rule) == ("", "pupil_not_found")


def test_correcting_for_an_unknown_pupil_key_is_not_found(registry: Registry) -> None:
    with pytest.raises(PupilNotFound) as missing:
        registry.correct_movement(
            random_pupil_key(), "m", Amendment(days=1.0), "data_entry_error", school()
        )

    assert (missing.value.field, missing.value.rule) == ("", "pupil_not_found")


def test_a_receipt_names_the_movement_recorded(registry: Registry) -> None:
    pupil_key = random_pupil_key()

    receipt = registry.record_movement(pupil_key, a_movement(SUSPENSION), school())

    assert (receipt.pupil_key, receipt.replayed) == (pupil_key, False)
    assert receipt.movement_id in registry.get_pupil(pupil_key).movements


def test_the_recorded_time_is_read_from_the_registers_clock() -> None:
    clock = FakeClock()
    registry = Registry(clock=clock)

    receipt = registry.record_movement(
        random_pupil_key(), a_movement(SUSPENSION), school()
    )

    assert receipt.recorded_at == clock.now


def test_receipts_carry_a_log_position_that_increases(registry: Registry) -> None:
    pupil_key = random_pupil_key()
    first = registry.record_movement(pupil_key, a_movement(SUSPENSION), school())
    second = registry.record_movement(
        random_pupil_key(), a_movement(SUSPENSION), school()
    )
    third = registry.withdraw_movement(
        pupil_key, first.movement_id, "duplicate", school()
    )

    positions = [first.position, second.position, third.position]
    assert positions == sorted(set(positions))
    assert third.position == registry.max_position()
