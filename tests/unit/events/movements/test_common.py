"""Checks every movement type shares: schools named, recorder, dates, fields, roll."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from events.errors import (
    InvalidDate,
    MovementRuleViolation,
    RecorderNotPermitted,
    RollStateConflict,
)
from events.movements import (
    MOVEMENT_TYPES,
    MovementType,
    PupilFacts,
    Recorder,
    RecorderKind,
    roll_after,
    validate,
)
from events.movements.common import MAX_PLANNED_DAYS_AHEAD, MAX_YEARS_BACK
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

TODAY = FakeClock().now.date()
ADMIN = Recorder(RecorderKind.ADMIN)
PLANNED = sorted(t for t, rules in MOVEMENT_TYPES.items() if rules.allows_future)
NOT_PLANNED = sorted(
    t for t, rules in MOVEMENT_TYPES.items() if not rules.allows_future
)
NOT_APPLICABLE = [
    (movement_type, field, value)
    for movement_type, rules in sorted(MOVEMENT_TYPES.items())
    for flag, field, value in (
        ("uses_reasons", "reasons", ("DB",)),
        ("uses_days", "days", 1.0),
        ("uses_ground", "deletion_ground", "moved_away"),
        ("uses_to", "to_urn", "100003"),
    )
    if not getattr(rules, flag)
]


def test_every_canonical_movement_type_has_rules() -> None:
    assert set(MOVEMENT_TYPES) == set(MovementType)


def test_planned_starts_are_exactly_the_types_that_may_lie_ahead() -> None:
    assert set(PLANNED) == {
        MovementType.OFF_SITE_DIRECTION,
        MovementType.SECTION19_PLACEMENT,
        MovementType.MANAGED_MOVE,
        MovementType.ADMISSION,
        MovementType.FAIR_ACCESS_PLACEMENT,
        MovementType.PART_TIME_TIMETABLE,  # agreed before it starts
        MovementType.FLEXI_SCHOOLING,
    }


def test_a_movement_naming_no_school_is_refused() -> None:
    request = a_movement(MovementType.SECTION19_PLACEMENT, from_urn=None)

    with pytest.raises(MovementRuleViolation) as refused:
        validate(request, PupilFacts(), ADMIN, TODAY)

    assert (refused.value.field, refused.value.rule) == ("from_urn", "school_required")


def test_a_move_from_a_school_to_itself_is_refused() -> None:
    request = a_movement(MovementType.MANAGED_MOVE, to_urn=SCHOOL_A)

    with pytest.raises(MovementRuleViolation) as refused:
        validate(request, PupilFacts(), ADMIN, TODAY)

    assert (refused.value.field, refused.value.rule) == ("to_urn", "same_school")


def test_a_school_recording_for_another_school_is_refused() -> None:
    request = a_movement(MovementType.SUSPENSION)

    with pytest.raises(RecorderNotPermitted) as refused:
        validate(request, PupilFacts(), school(SCHOOL_C), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "from_urn",
        "recorder_not_permitted",
    )


def test_an_la_recording_for_a_school_outside_its_area_is_refused() -> None:
    request = a_movement(MovementType.ADMISSION)

    with pytest.raises(RecorderNotPermitted) as refused:
        validate(request, PupilFacts(), local_authority(LA_C), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "from_urn",
        "recorder_not_permitted",
    )


def test_an_la_with_no_la_code_records_nothing() -> None:
    request = a_movement(MovementType.ADMISSION, to_la=None)
    recorder = Recorder(RecorderKind.LOCAL_AUTHORITY)

    with pytest.raises(RecorderNotPermitted) as refused:
        validate(request, PupilFacts(), recorder, TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "from_urn",
        "recorder_not_permitted",
    )


@pytest.mark.parametrize("movement_type", sorted(MovementType))
def test_the_register_itself_may_record_every_type(
    movement_type: MovementType,
) -> None:
    validate(a_movement(movement_type), PupilFacts(), ADMIN, TODAY)


@pytest.mark.parametrize("movement_type", NOT_PLANNED)
def test_a_movement_that_is_not_a_planned_start_cannot_lie_in_the_future(
    movement_type: MovementType,
) -> None:
    request = a_movement(movement_type, effective_date=TODAY + timedelta(days=1))

    with pytest.raises(InvalidDate) as refused:
        validate(request, PupilFacts(), ADMIN, TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "effective_date",
        "effective_date_in_future",
    )


@pytest.mark.parametrize("movement_type", PLANNED)
def test_a_planned_start_may_lie_up_to_400_days_ahead(
    movement_type: MovementType,
) -> None:
    ahead = TODAY + timedelta(days=MAX_PLANNED_DAYS_AHEAD)
    request = a_movement(movement_type, effective_date=ahead)
    undated = {k: v for k, v in request.details.items() if not k.endswith("_date")}

    validate(replace(request, details=undated), PupilFacts(), ADMIN, TODAY)


@pytest.mark.parametrize("movement_type", PLANNED)
def test_a_planned_start_more_than_400_days_ahead_is_refused(
    movement_type: MovementType,
) -> None:
    ahead = TODAY + timedelta(days=MAX_PLANNED_DAYS_AHEAD + 1)
    request = a_movement(movement_type, effective_date=ahead)

    with pytest.raises(InvalidDate) as refused:
        validate(request, PupilFacts(), ADMIN, TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "effective_date",
        "effective_date_too_far_ahead",
    )


def test_a_late_record_is_accepted() -> None:
    long_ago = TODAY.replace(year=TODAY.year - MAX_YEARS_BACK)

    validate(
        a_movement(MovementType.ROLL_DELETION, effective_date=long_ago),
        PupilFacts(),
        ADMIN,
        TODAY,
    )


def test_a_movement_more_than_20_years_ago_is_refused() -> None:
    too_old = TODAY.replace(year=TODAY.year - MAX_YEARS_BACK) - timedelta(days=1)
    request = a_movement(MovementType.ROLL_DELETION, effective_date=too_old)

    with pytest.raises(InvalidDate) as refused:
        validate(request, PupilFacts(), ADMIN, TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "effective_date",
        "effective_date_implausible",
    )


@pytest.mark.parametrize("movement_type", sorted(MovementType))
def test_no_movement_takes_effect_before_the_child_was_born(
    movement_type: MovementType,
) -> None:
    effective = a_movement(movement_type).effective_date
    request = a_movement(movement_type, date_of_birth=effective + timedelta(days=1))

    with pytest.raises(InvalidDate) as refused:
        validate(request, PupilFacts(), ADMIN, TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "effective_date",
        "effective_date_before_birth",
    )


def test_a_movement_on_the_day_of_birth_is_accepted() -> None:
    effective = a_movement(MovementType.ADMISSION).effective_date

    validate(
        a_movement(MovementType.ADMISSION, date_of_birth=effective),
        PupilFacts(),
        ADMIN,
        TODAY,
    )


def test_a_date_of_birth_in_the_future_is_refused() -> None:
    request = a_movement(
        MovementType.ADMISSION, date_of_birth=TODAY + timedelta(days=1)
    )

    with pytest.raises(InvalidDate) as refused:
        validate(request, PupilFacts(), ADMIN, TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "pupil.date_of_birth",
        "date_of_birth_in_future",
    )


@pytest.mark.parametrize(("movement_type", "field", "value"), NOT_APPLICABLE)
def test_a_field_the_type_does_not_use_is_refused(
    movement_type: MovementType, field: str, value: object
) -> None:
    request = a_movement(movement_type, **{field: value})

    with pytest.raises(MovementRuleViolation) as refused:
        validate(request, PupilFacts(), ADMIN, TODAY)

    name = "reason" if field == "reasons" else field
    assert (refused.value.field, refused.value.rule) == (name, "field_not_applicable")


def test_leaving_a_roll_the_child_has_already_left_is_refused() -> None:
    request = a_movement(MovementType.ROLL_DELETION)
    facts = PupilFacts(left_roll={SCHOOL_A: date(2026, 1, 5)})

    with pytest.raises(RollStateConflict) as refused:
        validate(request, facts, ADMIN, TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "from_urn",
        "already_left_roll",
    )


def test_joining_a_roll_the_child_is_already_on_is_refused() -> None:
    request = a_movement(MovementType.ADMISSION)
    facts = PupilFacts(on_roll=frozenset({SCHOOL_B}))

    with pytest.raises(RollStateConflict) as refused:
        validate(request, facts, ADMIN, TODAY)

    assert (refused.value.field, refused.value.rule) == ("to_urn", "already_on_roll")


def test_a_transfer_leaves_one_roll_and_joins_the_other() -> None:
    on_roll, left = roll_after([(MovementType.MANAGED_MOVE, SCHOOL_A, SCHOOL_B)])

    assert (on_roll, left) == (frozenset({SCHOOL_B}), frozenset({SCHOOL_A}))


def test_a_school_acting_on_a_child_shows_the_child_on_its_roll() -> None:
    on_roll, left = roll_after([(MovementType.SUSPENSION, SCHOOL_A, None)])

    assert (on_roll, left) == (frozenset({SCHOOL_A}), frozenset())


def test_a_re_admission_puts_a_child_back_on_a_roll_it_left() -> None:
    on_roll, left = roll_after(
        [
            (MovementType.ROLL_DELETION, SCHOOL_A, None),
            (MovementType.ADMISSION, None, SCHOOL_A),
        ]
    )

    assert (on_roll, left) == (frozenset({SCHOOL_A}), frozenset())


def test_a_report_of_off_rolling_changes_no_roll() -> None:
    on_roll, left = roll_after(
        [(MovementType.SUSPECTED_OFF_ROLLING, SCHOOL_A, SCHOOL_B)]
    )

    assert (on_roll, left) == (frozenset(), frozenset())


def test_an_la_may_record_for_schools_in_its_area() -> None:
    request = a_movement(MovementType.MANAGED_MOVE)

    validate(request, PupilFacts(), local_authority(LA_A), TODAY)
