"""Off-site direction (s29A): the home school directs; the child stays on its roll."""

from __future__ import annotations

from datetime import timedelta

import pytest

from events.errors import MovementRuleViolation, RecorderNotPermitted
from events.movements import MovementType, PupilFacts, roll_after, validate
from tests.builders import (
    SCHOOL_A,
    SCHOOL_B,
    FakeClock,
    a_movement,
    local_authority,
    school,
)

DIRECTION = MovementType.OFF_SITE_DIRECTION
TODAY = FakeClock().now.date()


def test_off_site_direction_is_accepted_from_the_home_school() -> None:
    validate(a_movement(DIRECTION), PupilFacts(), school(), TODAY)


def test_off_site_direction_needs_the_home_school() -> None:
    request = a_movement(DIRECTION, from_urn=None, to_urn=SCHOOL_B)

    with pytest.raises(MovementRuleViolation) as refused:
        validate(request, PupilFacts(), school(SCHOOL_B), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "from_urn",
        "from_urn_required",
    )


def test_off_site_direction_by_the_provision_school_is_refused() -> None:
    request = a_movement(DIRECTION, to_urn=SCHOOL_B)

    with pytest.raises(RecorderNotPermitted) as refused:
        validate(request, PupilFacts(), school(SCHOOL_B), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "from_urn",
        "recorder_not_permitted",
    )


def test_off_site_direction_is_not_recorded_by_a_local_authority() -> None:
    with pytest.raises(RecorderNotPermitted) as refused:
        validate(a_movement(DIRECTION), PupilFacts(), local_authority(), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "type",
        "recorder_not_permitted",
    )


def test_off_site_direction_may_be_planned_ahead() -> None:
    request = a_movement(DIRECTION, effective_date=TODAY + timedelta(days=14))

    validate(request, PupilFacts(), school(), TODAY)


@pytest.mark.parametrize(
    ("field", "value", "error_field"),
    [
        ("reasons", ("DB",), "reason"),
        ("deletion_ground", "moved_away", "deletion_ground"),
    ],
)
def test_off_site_direction_takes_no_reasons_or_ground(
    field: str, value: object, error_field: str
) -> None:
    request = a_movement(DIRECTION, **{field: value})

    with pytest.raises(MovementRuleViolation) as refused:
        validate(request, PupilFacts(), school(), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        error_field,
        "field_not_applicable",
    )


def test_off_site_direction_keeps_the_child_on_the_home_roll() -> None:
    on_roll, left = roll_after([(DIRECTION, SCHOOL_A, SCHOOL_B)])

    assert (on_roll, left) == (frozenset({SCHOOL_A}), frozenset())
