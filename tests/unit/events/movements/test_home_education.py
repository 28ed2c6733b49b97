"""Elective home education: deletion under 9(1)(f) on a parent's written notice."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from events.errors import (
    GroundNotLawful,
    InvalidDate,
    MovementRuleViolation,
    RecorderNotPermitted,
    RollStateConflict,
)
from events.movements import MovementType, PupilFacts, validate
from events.pupil import Pupil
from tests.builders import (
    LA_C,
    SCHOOL_A,
    SCHOOL_B,
    FakeClock,
    a_movement,
    local_authority,
    random_pupil_key,
    school,
)

EHE = MovementType.ELECTIVE_HOME_EDUCATION
TODAY = FakeClock().now.date()


@pytest.mark.parametrize("ground", [None, "elective_home_education"])
def test_home_education_is_deleted_on_the_implied_or_stated_9_1_f_ground(
    ground: str | None,
) -> None:
    validate(a_movement(EHE, deletion_ground=ground), PupilFacts(), school(), TODAY)


def test_home_education_with_another_ground_is_refused() -> None:
    request = a_movement(EHE, deletion_ground="moved_away")

    with pytest.raises(GroundNotLawful) as refused:
        validate(request, PupilFacts(), school(), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "deletion_ground",
        "deletion_ground_mismatch",
    )


def test_home_education_needs_the_school_the_child_leaves() -> None:
    request = a_movement(EHE, from_urn=None, to_urn=SCHOOL_B)

    with pytest.raises(MovementRuleViolation) as refused:
        validate(request, PupilFacts(), school(SCHOOL_B), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "from_urn",
        "from_urn_required",
    )


def test_home_education_by_another_school_is_refused() -> None:
    with pytest.raises(RecorderNotPermitted) as refused:
        validate(a_movement(EHE), PupilFacts(), school(SCHOOL_B), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "from_urn",
        "recorder_not_permitted",
    )


def test_home_education_is_recorded_by_the_la_of_the_school() -> None:
    validate(a_movement(EHE), PupilFacts(), local_authority(), TODAY)


def test_home_education_is_not_recorded_by_another_la() -> None:
    with pytest.raises(RecorderNotPermitted) as refused:
        validate(a_movement(EHE), PupilFacts(), local_authority(LA_C), TODAY)

    assert refused.value.rule == "recorder_not_permitted"


def test_home_education_in_the_future_is_refused() -> None:
    request = a_movement(EHE, effective_date=TODAY + timedelta(days=1))

    with pytest.raises(InvalidDate) as refused:
        validate(request, PupilFacts(), school(), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "effective_date",
        "effective_date_in_future",
    )


def test_home_education_takes_no_reasons() -> None:
    with pytest.raises(MovementRuleViolation) as refused:
        validate(a_movement(EHE, reasons=("DB",)), PupilFacts(), school(), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "reason",
        "field_not_applicable",
    )


def test_home_education_from_a_roll_already_left_is_refused() -> None:
    facts = PupilFacts(left_roll={SCHOOL_A: date(2026, 1, 5)})

    with pytest.raises(RollStateConflict) as refused:
        validate(a_movement(EHE), facts, school(), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "from_urn",
        "already_left_roll",
    )


def test_home_education_stores_its_9_1_f_ground_with_the_regulations() -> None:
    pupil = Pupil(pupil_key=random_pupil_key())

    pupil.record_movement("m", a_movement(EHE), school(), TODAY)

    recorded = pupil.collect_events()[-1]
    assert (recorded.deletion_ground, recorded.regulations) == (
        "elective_home_education",
        "2024",
    )
