"""Section 19 placement: education the LA arranges; only the LA records it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from events.errors import MovementRuleViolation, RecorderNotPermitted
from events.movements import MovementType, PupilFacts, roll_after, validate
from tests.builders import (
    LA_C,
    SCHOOL_A,
    FakeClock,
    a_movement,
    local_authority,
    school,
)

SECTION19 = MovementType.SECTION19_PLACEMENT
TODAY = FakeClock().now.date()


def test_section19_placement_is_accepted_from_the_la() -> None:
    validate(a_movement(SECTION19), PupilFacts(), local_authority(), TODAY)


def test_section19_placement_is_not_recorded_by_a_school() -> None:
    with pytest.raises(RecorderNotPermitted) as refused:
        validate(a_movement(SECTION19), PupilFacts(), school(), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "type",
        "recorder_not_permitted",
    )


def test_section19_placement_by_another_la_is_refused() -> None:
    with pytest.raises(RecorderNotPermitted) as refused:
        validate(a_movement(SECTION19), PupilFacts(), local_authority(LA_C), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "from_urn",
        "recorder_not_permitted",
    )


def test_section19_placement_names_a_school() -> None:
    request = a_movement(SECTION19, from_urn=None)

    with pytest.raises(MovementRuleViolation) as refused:
        validate(request, PupilFacts(), local_authority(), TODAY)

    assert (refused.value.field, refused.value.rule) == ("from_urn", "school_required")


def test_section19_placement_may_be_planned_ahead() -> None:
    request = a_movement(SECTION19, effective_date=TODAY + timedelta(days=10))

    validate(request, PupilFacts(), local_authority(), TODAY)


def test_section19_placement_takes_no_days() -> None:
    request = a_movement(SECTION19, days=5.0)

    with pytest.raises(MovementRuleViolation) as refused:
        validate(request, PupilFacts(), local_authority(), TODAY)

    assert (refused.value.field, refused.value.rule) == ("days", "field_not_applicable")


def test_section19_placement_changes_no_roll() -> None:
    on_roll, left = roll_after([(SECTION19, SCHOOL_A, None)])

    assert (on_roll, left) == (frozenset(), frozenset())
