"""Permanent exclusion: a head teacher's decision, recorded by the excluding school."""

from __future__ import annotations

from datetime import timedelta

import pytest

from events.errors import (
    InvalidDate,
    MovementRuleViolation,
    ReasonCodeInvalid,
    RecorderNotPermitted,
)
from events.movements import MovementType, PupilFacts, roll_after, validate
from tests.builders import (
    SCHOOL_A,
    SCHOOL_B,
    FakeClock,
    a_movement,
    local_authority,
    school,
)

EXCLUSION = MovementType.PERMANENT_EXCLUSION
TODAY = FakeClock().now.date()


def test_permanent_exclusion_is_accepted_from_the_excluding_school() -> None:
    validate(a_movement(EXCLUSION), PupilFacts(), school(), TODAY)


def test_permanent_exclusion_needs_the_excluding_school() -> None:
    request = a_movement(EXCLUSION, from_urn=None, to_urn=SCHOOL_B)

    with pytest.raises(MovementRuleViolation) as refused:
        validate(request, PupilFacts(), school(SCHOOL_B), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "from_urn",
        "from_urn_required",
    )


def test_permanent_exclusion_by_another_school_is_refused() -> None:
    with pytest.raises(RecorderNotPermitted) as refused:
        validate(a_movement(EXCLUSION), PupilFacts(), school(SCHOOL_B), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "from_urn",
        "recorder_not_permitted",
    )


def test_permanent_exclusion_is_not_recorded_by_a_local_authority() -> None:
    with pytest.raises(RecorderNotPermitted) as refused:
        validate(a_movement(EXCLUSION), PupilFacts(), local_authority(), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "type",
        "recorder_not_permitted",
    )


def test_permanent_exclusion_in_the_future_is_refused() -> None:
    request = a_movement(EXCLUSION, effective_date=TODAY + timedelta(days=1))

    with pytest.raises(InvalidDate) as refused:
        validate(request, PupilFacts(), school(), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "effective_date",
        "effective_date_in_future",
    )


def test_permanent_exclusion_needs_a_reason() -> None:
    with pytest.raises(ReasonCodeInvalid) as refused:
        validate(a_movement(EXCLUSION, reasons=()), PupilFacts(), school(), TODAY)

    assert (refused.value.field, refused.value.rule) == ("reason", "reason_required")


def test_permanent_exclusion_takes_up_to_three_reasons() -> None:
    request = a_movement(EXCLUSION, reasons=("PA", "OW", "DB"))

    validate(request, PupilFacts(), school(), TODAY)


def test_permanent_exclusion_has_no_length_in_days() -> None:
    with pytest.raises(MovementRuleViolation) as refused:
        validate(a_movement(EXCLUSION, days=5.0), PupilFacts(), school(), TODAY)

    assert (refused.value.field, refused.value.rule) == ("days", "field_not_applicable")


def test_permanent_exclusion_takes_no_deletion_ground() -> None:
    request = a_movement(EXCLUSION, deletion_ground="permanently_excluded")

    with pytest.raises(MovementRuleViolation) as refused:
        validate(request, PupilFacts(), school(), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "deletion_ground",
        "field_not_applicable",
    )


def test_permanent_exclusion_leaves_the_child_on_roll_until_deletion() -> None:
    on_roll, left = roll_after([(EXCLUSION, SCHOOL_A, None)])

    assert (on_roll, left) == (frozenset({SCHOOL_A}), frozenset())
