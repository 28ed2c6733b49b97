"""Managed move: an agreed transfer, recorded by either school or their LA."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from events.errors import MovementRuleViolation, RecorderNotPermitted, RollStateConflict
from events.movements import MovementType, PupilFacts, validate
from tests.builders import (
    LA_C,
    SCHOOL_A,
    SCHOOL_B,
    SCHOOL_C,
    FakeClock,
    a_movement,
    local_authority,
    school,
)

MANAGED_MOVE = MovementType.MANAGED_MOVE
TODAY = FakeClock().now.date()


@pytest.mark.parametrize("urn", [SCHOOL_A, SCHOOL_B])
def test_managed_move_may_be_recorded_by_either_school(urn: str) -> None:
    validate(a_movement(MANAGED_MOVE), PupilFacts(), school(urn), TODAY)


def test_managed_move_by_a_third_school_is_refused() -> None:
    with pytest.raises(RecorderNotPermitted) as refused:
        validate(a_movement(MANAGED_MOVE), PupilFacts(), school(SCHOOL_C), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "from_urn",
        "recorder_not_permitted",
    )


def test_managed_move_may_be_recorded_by_the_receiving_schools_la() -> None:
    request = a_movement(MANAGED_MOVE, to_urn=SCHOOL_C, to_la=LA_C)

    validate(request, PupilFacts(), local_authority(LA_C), TODAY)


def test_managed_move_by_an_la_of_neither_school_is_refused() -> None:
    with pytest.raises(RecorderNotPermitted) as refused:
        validate(a_movement(MANAGED_MOVE), PupilFacts(), local_authority(LA_C), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "from_urn",
        "recorder_not_permitted",
    )


def test_managed_move_needs_the_school_the_child_leaves() -> None:
    request = a_movement(MANAGED_MOVE, from_urn=None)

    with pytest.raises(MovementRuleViolation) as refused:
        validate(request, PupilFacts(), school(SCHOOL_B), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "from_urn",
        "from_urn_required",
    )


def test_managed_move_needs_the_receiving_school() -> None:
    request = a_movement(MANAGED_MOVE, to_urn=None, to_la=None)

    with pytest.raises(MovementRuleViolation) as refused:
        validate(request, PupilFacts(), school(), TODAY)

    assert (refused.value.field, refused.value.rule) == ("to_urn", "to_urn_required")


def test_managed_move_completion_may_be_planned_ahead() -> None:
    request = a_movement(MANAGED_MOVE, effective_date=TODAY + timedelta(days=30))

    validate(request, PupilFacts(), school(), TODAY)


def test_managed_move_to_a_school_the_child_is_on_roll_at_is_refused() -> None:
    facts = PupilFacts(on_roll=frozenset({SCHOOL_A, SCHOOL_B}))

    with pytest.raises(RollStateConflict) as refused:
        validate(a_movement(MANAGED_MOVE), facts, school(), TODAY)

    assert (refused.value.field, refused.value.rule) == ("to_urn", "already_on_roll")


def test_managed_move_from_a_school_the_child_has_left_is_refused() -> None:
    facts = PupilFacts(left_roll={SCHOOL_A: date(2026, 1, 5)})

    with pytest.raises(RollStateConflict) as refused:
        validate(a_movement(MANAGED_MOVE), facts, school(SCHOOL_B), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "from_urn",
        "already_left_roll",
    )


@pytest.mark.parametrize(
    ("field", "value", "error_field"),
    [
        ("reasons", ("DB",), "reason"),
        ("days", 1.0, "days"),
        ("deletion_ground", "registered_elsewhere", "deletion_ground"),
    ],
)
def test_managed_move_takes_no_reasons_days_or_ground(
    field: str, value: object, error_field: str
) -> None:
    request = a_movement(MANAGED_MOVE, **{field: value})

    with pytest.raises(MovementRuleViolation) as refused:
        validate(request, PupilFacts(), school(), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        error_field,
        "field_not_applicable",
    )
