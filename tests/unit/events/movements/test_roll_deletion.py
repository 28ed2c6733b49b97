"""Roll deletion: a lawful reg 9(1) ground, what each ground needs, and the roll."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

import pytest

from events.errors import (
    GroundNotLawful,
    InvalidDate,
    MovementRuleViolation,
    RecorderNotPermitted,
    RollStateConflict,
)
from events.movements import (
    MovementRequest,
    MovementType,
    PupilFacts,
    Recorder,
    RecorderKind,
    validate,
)
from events.movements.roll_deletion import (
    GROUNDS,
    REGULATIONS_2024_IN_FORCE,
)
from events.pupil import Pupil
from tests.builders import (
    LA_A,
    SCHOOL_A,
    SCHOOL_B,
    FakeClock,
    a_movement,
    local_authority,
    random_pupil_key,
    school,
)

DELETION = MovementType.ROLL_DELETION
TODAY = FakeClock().now.date()
ADMIN = Recorder(RecorderKind.ADMIN)
CODES_MD_GROUNDS = {
    "registered_elsewhere": "9(1)(a)",
    "nursery_not_continuing": "9(1)(b)",
    "dual_registration_ended": "9(1)(c)",
    "attendance_order_amended": "9(1)(d)",
    "attendance_order_revoked": "9(1)(e)",
    "elective_home_education": "9(1)(f)",
    "moved_away": "9(1)(g)",
    "not_returned_after_leave": "9(1)(h)",
    "continuous_absence_not_located": "9(1)(i)",
    "detained": "9(1)(j)",
    "died": "9(1)(k)",
    "ceased_compulsory_school_age": "9(1)(l)",
    "boarding_fees_unpaid": "9(1)(m)",
    "independent_school_left": "9(1)(n)",
    "permanently_excluded": "9(1)(o)",
}
NEEDS_DESTINATION = [
    "registered_elsewhere",
    "dual_registration_ended",
    "attendance_order_amended",
]


def a_pupil_with(*history: MovementRequest) -> Pupil:
    pupil = Pupil(pupil_key=random_pupil_key())
    for request in history:
        pupil.record_movement(str(uuid4()), request, ADMIN, TODAY)
    return pupil


def deletion(ground: str, **overrides: object) -> MovementRequest:
    if ground in NEEDS_DESTINATION:
        overrides = {"to_urn": SCHOOL_B, "to_la": LA_A, **overrides}
    return a_movement(DELETION, deletion_ground=ground, **overrides)


def test_the_grounds_are_reg_9_1_a_to_o_and_9_3() -> None:
    assert {code: g.regulation for code, g in GROUNDS.items()} == {
        **CODES_MD_GROUNDS,
        "not_compulsory_school_age": "9(3)",
    }


@pytest.mark.parametrize("ground", sorted(CODES_MD_GROUNDS))
def test_roll_deletion_on_every_reg_9_1_ground_is_accepted(ground: str) -> None:
    facts = PupilFacts(excluded_from={SCHOOL_A: date(2026, 1, 5)})

    validate(deletion(ground), facts, school(), TODAY)


def test_roll_deletion_without_a_ground_is_refused() -> None:
    with pytest.raises(GroundNotLawful) as refused:
        validate(deletion(""), PupilFacts(), school(), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "deletion_ground",
        "deletion_ground_required",
    )


def test_roll_deletion_on_an_unknown_ground_is_refused() -> None:
    with pytest.raises(GroundNotLawful) as refused:
        validate(deletion("parent_request"), PupilFacts(), school(), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "deletion_ground",
        "deletion_ground_unknown",
    )


@pytest.mark.parametrize("ground", NEEDS_DESTINATION)
def test_roll_deletion_to_a_known_school_needs_that_school(ground: str) -> None:
    request = deletion(ground, to_urn=None, to_la=None)

    with pytest.raises(MovementRuleViolation) as refused:
        validate(request, PupilFacts(), school(), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "to_urn",
        "destination_school_required",
    )


def test_roll_deletion_for_exclusion_without_one_on_record_is_a_breach() -> None:
    pupil = a_pupil_with()

    findings = pupil.record_movement(
        "m", deletion("permanently_excluded"), school(), TODAY
    )

    assert "exclusion.deleted_without_exclusion" in [f.rule for f in findings]
    assert pupil.facts().left_roll == {SCHOOL_A: date(2026, 1, 8)}


def test_roll_deletion_for_exclusion_from_another_school_is_a_breach() -> None:
    excluded_from_b = a_movement(MovementType.PERMANENT_EXCLUSION, from_urn=SCHOOL_B)
    # On both rolls (dual registration): each school has had the child.
    at_a = a_movement(MovementType.SUSPENSION, days=1.0)
    at_b = a_movement(MovementType.SUSPENSION, days=1.0, from_urn=SCHOOL_B)
    pupil = a_pupil_with(at_a, at_b, excluded_from_b)

    findings = pupil.record_movement(
        "m", deletion("permanently_excluded"), school(), TODAY
    )

    assert "exclusion.deleted_without_exclusion" in [f.rule for f in findings]


def test_roll_deletion_for_exclusion_follows_a_recorded_exclusion() -> None:
    pupil = a_pupil_with(a_movement(MovementType.PERMANENT_EXCLUSION))
    later = date(2026, 2, 2)

    pupil.record_movement(
        "m", deletion("permanently_excluded", effective_date=later), school(), TODAY
    )

    assert pupil.facts().left_roll == {SCHOOL_A: later}


def test_roll_deletion_before_the_school_excluded_the_child_is_refused() -> None:
    # The exclusion shows the child on the school's roll after the deletion date:
    # the two cannot both be true.
    pupil = a_pupil_with(
        a_movement(MovementType.PERMANENT_EXCLUSION, effective_date=date(2026, 2, 2))
    )
    earlier = deletion("permanently_excluded", effective_date=date(2026, 1, 8))

    with pytest.raises(RollStateConflict) as refused:
        pupil.record_movement("m", earlier, school(), TODAY)

    assert refused.value.rule == "not_on_roll"


def test_a_second_deletion_from_a_roll_already_left_is_refused() -> None:
    pupil = a_pupil_with(deletion("moved_away"))
    again = deletion("continuous_absence_not_located", effective_date=date(2026, 2, 2))

    with pytest.raises(RollStateConflict) as refused:
        pupil.record_movement("m", again, school(), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "from_urn",
        "already_left_roll",
    )


def test_after_re_admission_a_later_deletion_is_accepted() -> None:
    readmitted = a_movement(
        MovementType.ADMISSION, to_urn=SCHOOL_A, effective_date=date(2026, 2, 2)
    )
    pupil = a_pupil_with(deletion("moved_away"), readmitted)

    pupil.record_movement(
        "m", deletion("moved_away", effective_date=date(2026, 2, 20)), school(), TODAY
    )

    assert pupil.facts().left_roll == {SCHOOL_A: date(2026, 2, 20)}


def test_roll_deletion_by_another_school_is_refused() -> None:
    with pytest.raises(RecorderNotPermitted) as refused:
        validate(deletion("moved_away"), PupilFacts(), school(SCHOOL_B), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "from_urn",
        "recorder_not_permitted",
    )


def test_roll_deletion_is_not_recorded_by_a_local_authority() -> None:
    with pytest.raises(RecorderNotPermitted) as refused:
        validate(deletion("moved_away"), PupilFacts(), local_authority(), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "type",
        "recorder_not_permitted",
    )


def test_roll_deletion_in_the_future_is_refused() -> None:
    request = deletion("moved_away", effective_date=TODAY + timedelta(days=1))

    with pytest.raises(InvalidDate) as refused:
        validate(request, PupilFacts(), school(), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "effective_date",
        "effective_date_in_future",
    )


def test_roll_deletion_takes_no_reasons() -> None:
    request = deletion("moved_away", reasons=("DB",))

    with pytest.raises(MovementRuleViolation) as refused:
        validate(request, PupilFacts(), school(), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "reason",
        "field_not_applicable",
    )


@pytest.mark.parametrize(
    ("effective_date", "regulations"),
    [
        (REGULATIONS_2024_IN_FORCE - timedelta(days=1), "2006"),
        (REGULATIONS_2024_IN_FORCE, "2024"),
    ],
)
def test_regulations_in_force_on_the_deletion_date_are_stored(
    effective_date: date, regulations: str
) -> None:
    pupil = a_pupil_with(deletion("moved_away", effective_date=effective_date))

    assert pupil.collect_events()[-1].regulations == regulations
