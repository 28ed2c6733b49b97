"""Admission: a child entered on a school's register, by the school or its LA."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from events.errors import MovementRuleViolation, RecorderNotPermitted, RollStateConflict
from events.movements import MovementType, PupilFacts, roll_after, validate
from tests.builders import (
    LA_C,
    SCHOOL_A,
    SCHOOL_B,
    FakeClock,
    a_movement,
    local_authority,
    school,
)

ADMISSION = MovementType.ADMISSION
TODAY = FakeClock().now.date()


def test_admission_is_accepted_from_the_admitting_school() -> None:
    validate(a_movement(ADMISSION), PupilFacts(), school(SCHOOL_B), TODAY)


def test_admission_may_be_recorded_by_the_admitting_schools_la() -> None:
    validate(a_movement(ADMISSION), PupilFacts(), local_authority(), TODAY)


def test_admission_by_another_school_is_refused() -> None:
    with pytest.raises(RecorderNotPermitted) as refused:
        validate(a_movement(ADMISSION), PupilFacts(), school(SCHOOL_A), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "to_urn",
        "recorder_not_permitted",
    )


def test_admission_by_another_la_is_refused() -> None:
    with pytest.raises(RecorderNotPermitted) as refused:
        validate(a_movement(ADMISSION), PupilFacts(), local_authority(LA_C), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "from_urn",
        "recorder_not_permitted",
    )


def test_admission_needs_the_admitting_school() -> None:
    request = a_movement(ADMISSION, to_urn=None, from_urn=SCHOOL_A)

    with pytest.raises(MovementRuleViolation) as refused:
        validate(request, PupilFacts(), local_authority(), TODAY)

    assert (refused.value.field, refused.value.rule) == ("to_urn", "to_urn_required")


def test_admission_may_be_planned_ahead() -> None:
    request = a_movement(ADMISSION, effective_date=TODAY + timedelta(days=180))

    validate(request, PupilFacts(), school(SCHOOL_B), TODAY)


def test_admission_to_a_roll_the_child_is_on_is_refused() -> None:
    facts = PupilFacts(on_roll=frozenset({SCHOOL_B}))

    with pytest.raises(RollStateConflict) as refused:
        validate(a_movement(ADMISSION), facts, school(SCHOOL_B), TODAY)

    assert (refused.value.field, refused.value.rule) == ("to_urn", "already_on_roll")


def test_re_admission_to_a_roll_the_child_left_is_accepted() -> None:
    facts = PupilFacts(left_roll={SCHOOL_B: date(2026, 1, 5)})

    validate(a_movement(ADMISSION), facts, school(SCHOOL_B), TODAY)


def test_admission_takes_no_reasons() -> None:
    request = a_movement(ADMISSION, reasons=("DB",))

    with pytest.raises(MovementRuleViolation) as refused:
        validate(request, PupilFacts(), school(SCHOOL_B), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "reason",
        "field_not_applicable",
    )


def test_admission_puts_the_child_on_the_admitting_roll() -> None:
    on_roll, left = roll_after([(ADMISSION, None, SCHOOL_B)])

    assert (on_roll, left) == (frozenset({SCHOOL_B}), frozenset())
