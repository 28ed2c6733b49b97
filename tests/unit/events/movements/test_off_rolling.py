"""Suspected off-rolling: a report by either school or the LA; it changes no roll."""

from __future__ import annotations

from datetime import timedelta

import pytest

from events.errors import InvalidDate, MovementRuleViolation, RecorderNotPermitted
from events.movements import (
    MovementRequest,
    MovementType,
    PupilFacts,
    roll_after,
    validate,
)
from tests.builders import (
    LA_A,
    LA_C,
    SCHOOL_A,
    SCHOOL_B,
    SCHOOL_C,
    FakeClock,
    a_movement,
    local_authority,
    school,
)

OFF_ROLLING = MovementType.SUSPECTED_OFF_ROLLING
TODAY = FakeClock().now.date()


def report(**overrides: object) -> MovementRequest:
    """A receiving school's report about a child who left school A."""
    return a_movement(OFF_ROLLING, to_urn=SCHOOL_B, to_la=LA_A, **overrides)


@pytest.mark.parametrize("urn", [SCHOOL_A, SCHOOL_B])
def test_off_rolling_may_be_reported_by_either_school(urn: str) -> None:
    validate(report(), PupilFacts(), school(urn), TODAY)


def test_off_rolling_report_by_an_unrelated_school_is_refused() -> None:
    with pytest.raises(RecorderNotPermitted) as refused:
        validate(report(), PupilFacts(), school(SCHOOL_C), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "from_urn",
        "recorder_not_permitted",
    )


def test_off_rolling_may_be_reported_by_the_la() -> None:
    validate(report(), PupilFacts(), local_authority(), TODAY)


def test_off_rolling_report_by_another_la_is_refused() -> None:
    with pytest.raises(RecorderNotPermitted) as refused:
        validate(report(), PupilFacts(), local_authority(LA_C), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "from_urn",
        "recorder_not_permitted",
    )


def test_off_rolling_report_needs_the_school_suspected() -> None:
    with pytest.raises(MovementRuleViolation) as refused:
        validate(report(from_urn=None), PupilFacts(), school(SCHOOL_B), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "from_urn",
        "from_urn_required",
    )


def test_off_rolling_report_in_the_future_is_refused() -> None:
    request = report(effective_date=TODAY + timedelta(days=1))

    with pytest.raises(InvalidDate) as refused:
        validate(request, PupilFacts(), school(SCHOOL_B), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "effective_date",
        "effective_date_in_future",
    )


@pytest.mark.parametrize(
    ("field", "value", "error_field"),
    [
        ("reasons", ("DB",), "reason"),
        ("days", 1.0, "days"),
        ("deletion_ground", "moved_away", "deletion_ground"),
    ],
)
def test_off_rolling_report_takes_no_reasons_days_or_ground(
    field: str, value: object, error_field: str
) -> None:
    with pytest.raises(MovementRuleViolation) as refused:
        validate(report(**{field: value}), PupilFacts(), school(SCHOOL_B), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        error_field,
        "field_not_applicable",
    )


def test_off_rolling_report_changes_no_roll() -> None:
    on_roll, left = roll_after([(OFF_ROLLING, SCHOOL_A, SCHOOL_B)])

    assert (on_roll, left) == (frozenset(), frozenset())
