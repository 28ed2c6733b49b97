"""Fair access placement: the LA allocates an unplaced child; an admission to it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from events.errors import MovementRuleViolation, RecorderNotPermitted, RollStateConflict
from events.movements import MovementType, PupilFacts, validate
from tests.builders import (
    LA_C,
    SCHOOL_A,
    SCHOOL_B,
    FakeClock,
    a_movement,
    local_authority,
    school,
)

FAIR_ACCESS = MovementType.FAIR_ACCESS_PLACEMENT
TODAY = FakeClock().now.date()


def test_fair_access_placement_may_be_recorded_by_the_la() -> None:
    validate(a_movement(FAIR_ACCESS), PupilFacts(), local_authority(), TODAY)


def test_fair_access_placement_may_be_recorded_by_the_admitting_school() -> None:
    validate(a_movement(FAIR_ACCESS), PupilFacts(), school(SCHOOL_B), TODAY)


def test_fair_access_placement_by_another_school_is_refused() -> None:
    with pytest.raises(RecorderNotPermitted) as refused:
        validate(a_movement(FAIR_ACCESS), PupilFacts(), school(SCHOOL_A), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "to_urn",
        "recorder_not_permitted",
    )


def test_fair_access_placement_by_another_la_is_refused() -> None:
    with pytest.raises(RecorderNotPermitted) as refused:
        validate(a_movement(FAIR_ACCESS), PupilFacts(), local_authority(LA_C), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "from_urn",
        "recorder_not_permitted",
    )


def test_fair_access_placement_needs_the_allocated_school() -> None:
    request = a_movement(FAIR_ACCESS, to_urn=None, from_urn=SCHOOL_A)

    with pytest.raises(MovementRuleViolation) as refused:
        validate(request, PupilFacts(), local_authority(), TODAY)

    assert (refused.value.field, refused.value.rule) == ("to_urn", "to_urn_required")


def test_fair_access_placement_may_be_planned_ahead() -> None:
    request = a_movement(FAIR_ACCESS, effective_date=TODAY + timedelta(days=30))

    validate(request, PupilFacts(), local_authority(), TODAY)


def test_fair_access_placement_at_a_school_the_child_is_on_roll_at_is_refused() -> None:
    facts = PupilFacts(on_roll=frozenset({SCHOOL_B}))

    with pytest.raises(RollStateConflict) as refused:
        validate(a_movement(FAIR_ACCESS), facts, local_authority(), TODAY)

    assert (refused.value.field, refused.value.rule) == ("to_urn", "already_on_roll")


def test_fair_access_placement_takes_no_reasons() -> None:
    request = a_movement(FAIR_ACCESS, reasons=("DB",))

    with pytest.raises(MovementRuleViolation) as refused:
        validate(request, PupilFacts(), local_authority(), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "reason",
        "field_not_applicable",
    )
