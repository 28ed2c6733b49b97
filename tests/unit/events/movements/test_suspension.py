"""Suspension: who records it, days in half-day units; past the 45-day limit it is
recorded with a breach finding, counted across schools."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from events.errors import (
    InvalidDate,
    MovementRuleViolation,
    ReasonCodeInvalid,
    RecorderNotPermitted,
    RollStateConflict,
)
from events.movements import MovementType, PupilFacts, validate
from events.registry import Registry
from tests.builders import (
    LA_C,
    SCHOOL_A,
    SCHOOL_B,
    SCHOOL_C,
    FakeClock,
    a_movement,
    local_authority,
    random_pupil_key,
    school,
)

SUSPENSION = MovementType.SUSPENSION
TODAY = FakeClock().now.date()


@pytest.fixture
def registry() -> Registry:
    return Registry(clock=FakeClock())


def record_at_a_and_c(
    registry: Registry, pupil_key: str, days_a: float, days_c: float, *, at_c: date
) -> None:
    """Suspensions at school A (LA 801) on 3 Nov 2025, then school C (LA 202)."""
    registry.record_movement(
        pupil_key,
        a_movement(SUSPENSION, days=days_a, effective_date=date(2025, 11, 3)),
        school(),
    )
    at_school_c = a_movement(
        SUSPENSION, from_urn=SCHOOL_C, from_la=LA_C, days=days_c, effective_date=at_c
    )
    registry.record_movement(pupil_key, at_school_c, school(SCHOOL_C))


def test_suspension_is_accepted_from_the_suspending_school() -> None:
    validate(a_movement(SUSPENSION), PupilFacts(), school(), TODAY)


def test_suspension_needs_the_school_the_child_is_at() -> None:
    request = a_movement(SUSPENSION, from_urn=None, to_urn=SCHOOL_B)

    with pytest.raises(MovementRuleViolation) as refused:
        validate(request, PupilFacts(), school(SCHOOL_B), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "from_urn",
        "from_urn_required",
    )


def test_suspension_by_another_school_is_refused() -> None:
    with pytest.raises(RecorderNotPermitted) as refused:
        validate(a_movement(SUSPENSION), PupilFacts(), school(SCHOOL_B), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "from_urn",
        "recorder_not_permitted",
    )


def test_suspension_is_not_recorded_by_a_local_authority() -> None:
    with pytest.raises(RecorderNotPermitted) as refused:
        validate(a_movement(SUSPENSION), PupilFacts(), local_authority(), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "type",
        "recorder_not_permitted",
    )


def test_suspension_in_the_future_is_refused() -> None:
    request = a_movement(SUSPENSION, effective_date=TODAY + timedelta(days=1))

    with pytest.raises(InvalidDate) as refused:
        validate(request, PupilFacts(), school(), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "effective_date",
        "effective_date_in_future",
    )


def test_suspension_needs_a_reason() -> None:
    with pytest.raises(ReasonCodeInvalid) as refused:
        validate(a_movement(SUSPENSION, reasons=()), PupilFacts(), school(), TODAY)

    assert (refused.value.field, refused.value.rule) == ("reason", "reason_required")


def test_suspension_needs_its_length_in_days() -> None:
    with pytest.raises(MovementRuleViolation) as refused:
        validate(a_movement(SUSPENSION, days=None), PupilFacts(), school(), TODAY)

    assert (refused.value.field, refused.value.rule) == ("days", "days_required")


@pytest.mark.parametrize("days", [0.5, 1.0, 2.5, 45.0])
def test_suspension_days_in_half_day_units_are_accepted(days: float) -> None:
    validate(a_movement(SUSPENSION, days=days), PupilFacts(), school(), TODAY)


@pytest.mark.parametrize("days", [0.25, 1.3, 0.0, -1.0])
def test_suspension_days_not_in_positive_half_day_units_are_refused(
    days: float,
) -> None:
    with pytest.raises(MovementRuleViolation) as refused:
        validate(a_movement(SUSPENSION, days=days), PupilFacts(), school(), TODAY)

    assert (refused.value.field, refused.value.rule) == ("days", "days_half_day_units")


@pytest.mark.parametrize("days", [float("nan"), float("inf")])
def test_suspension_days_that_are_not_a_finite_number_are_refused(days: float) -> None:
    with pytest.raises(MovementRuleViolation) as refused:
        validate(a_movement(SUSPENSION, days=days), PupilFacts(), school(), TODAY)

    assert (refused.value.field, refused.value.rule) == ("days", "days_half_day_units")


def test_suspension_does_not_take_a_deletion_ground() -> None:
    request = a_movement(SUSPENSION, deletion_ground="moved_away")

    with pytest.raises(MovementRuleViolation) as refused:
        validate(request, PupilFacts(), school(), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "deletion_ground",
        "field_not_applicable",
    )


def test_suspension_does_not_name_a_receiving_school() -> None:
    request = a_movement(SUSPENSION, to_urn=SCHOOL_B)

    with pytest.raises(MovementRuleViolation) as refused:
        validate(request, PupilFacts(), school(), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "to_urn",
        "field_not_applicable",
    )


def test_suspension_beyond_45_school_days_across_schools_is_recorded_as_a_breach(
    registry: Registry,
) -> None:
    pupil_key = random_pupil_key()

    record_at_a_and_c(registry, pupil_key, 40.0, 6.0, at_c=date(2026, 1, 8))

    days = registry.get_pupil(pupil_key).facts().suspension_days_by_year
    assert sorted(days.values()) == [46.0]
    at_c = [
        m
        for m in registry.get_pupil(pupil_key).movements.values()
        if m.from_urn == SCHOOL_C
    ]
    assert len(at_c) == 1


def test_suspension_up_to_45_school_days_across_schools_is_accepted(
    registry: Registry,
) -> None:
    pupil_key = random_pupil_key()

    record_at_a_and_c(registry, pupil_key, 40.0, 5.0, at_c=date(2026, 1, 8))

    days = registry.get_pupil(pupil_key).facts().suspension_days_by_year
    assert sorted(days.values()) == [45.0]


def test_suspension_in_the_next_academic_year_starts_a_new_count(
    registry: Registry,
) -> None:
    pupil_key = random_pupil_key()

    # The cap reached in 2024/25 does not count toward 2025/26.
    registry.record_movement(
        pupil_key,
        a_movement(SUSPENSION, days=45.0, effective_date=date(2024, 11, 4)),
        school(),
    )
    record_at_a_and_c(registry, pupil_key, 40.0, 5.0, at_c=date(2026, 1, 8))

    days = registry.get_pupil(pupil_key).facts().suspension_days_by_year
    assert sorted(days.values()) == [45.0, 45.0]


def test_a_late_suspension_dated_before_the_child_left_is_accepted(
    registry: Registry,
) -> None:
    pupil_key = random_pupil_key()
    left = a_movement(MovementType.ROLL_DELETION, effective_date=date(2026, 1, 8))
    registry.record_movement(pupil_key, left, school())

    before = a_movement(SUSPENSION, effective_date=date(2026, 1, 5))
    registry.record_movement(pupil_key, before, school())

    assert registry.get_pupil(pupil_key).facts().left_roll == {
        SCHOOL_A: date(2026, 1, 8)
    }


def test_suspension_by_a_school_the_child_has_left_is_refused(
    registry: Registry,
) -> None:
    pupil_key = random_pupil_key()
    left = a_movement(MovementType.ROLL_DELETION, effective_date=date(2026, 1, 8))
    registry.record_movement(pupil_key, left, school())
    after = a_movement(SUSPENSION, effective_date=date(2026, 2, 2))

    with pytest.raises(RollStateConflict) as refused:
        registry.record_movement(pupil_key, after, school())

    assert (refused.value.field, refused.value.rule) == (
        "from_urn",
        "not_on_roll",
    )


def test_a_deletion_dated_before_the_schools_recorded_suspension_is_refused(
    registry: Registry,
) -> None:
    pupil_key = random_pupil_key()
    suspended = a_movement(SUSPENSION, effective_date=date(2026, 2, 2))
    registry.record_movement(pupil_key, suspended, school())
    left_earlier = a_movement(
        MovementType.ROLL_DELETION, effective_date=date(2026, 1, 8)
    )

    with pytest.raises(RollStateConflict) as refused:
        registry.record_movement(pupil_key, left_earlier, school())

    assert (refused.value.field, refused.value.rule) == ("from_urn", "not_on_roll")
