"""The Pupil aggregate: facts from movements, corrections, withdrawals, replay."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from events.errors import (
    MovementAlreadyWithdrawn,
    MovementNotFound,
    MovementRuleViolation,
    RecorderNotPermitted,
)
from events.movements import (
    MovementRequest,
    MovementType,
    Recorder,
    RecorderKind,
)
from events.movements.correction import Amendment
from events.pupil import Pupil
from events.registry import Registry
from events.school_calendar import AcademicYear
from tests.builders import (
    LA_A,
    LA_C,
    SCHOOL_A,
    SCHOOL_B,
    SCHOOL_C,
    FakeClock,
    a_movement,
    local_authority,
    random_pupil_key,
    school,
)

TODAY = FakeClock().now.date()
ADMIN = Recorder(RecorderKind.ADMIN)
SUSPENSION = MovementType.SUSPENSION
EXCLUSION = MovementType.PERMANENT_EXCLUSION
DELETION = MovementType.ROLL_DELETION


def a_pupil() -> Pupil:
    return Pupil(pupil_key=random_pupil_key())


def record(pupil: Pupil, request: MovementRequest) -> str:
    """Record history as the register itself would; returns the movement id."""
    movement_id = str(uuid4())
    pupil.record_movement(movement_id, request, ADMIN, TODAY)
    return movement_id


def suspension_at_c(days: float) -> MovementRequest:
    return a_movement(SUSPENSION, from_urn=SCHOOL_C, from_la=LA_C, days=days)


def year_of(day: date) -> str:
    return str(AcademicYear.containing(day))


def test_an_admission_puts_the_child_on_that_roll() -> None:
    pupil = a_pupil()

    record(pupil, a_movement(MovementType.ADMISSION))

    assert pupil.facts().on_roll == {SCHOOL_B}


def test_a_deletion_takes_the_child_off_that_roll() -> None:
    pupil = a_pupil()

    record(pupil, a_movement(DELETION))

    assert (pupil.facts().on_roll, pupil.facts().left_roll) == (
        set(),
        {SCHOOL_A: date(2026, 1, 8)},
    )


def test_a_permanent_exclusion_is_remembered_against_the_excluding_school() -> None:
    pupil = a_pupil()

    record(pupil, a_movement(EXCLUSION))

    assert pupil.facts().excluded_from == {SCHOOL_A: date(2026, 1, 8)}


def test_suspension_days_add_up_per_academic_year_across_schools() -> None:
    pupil = a_pupil()
    last_year = date(2025, 3, 3)

    record(pupil, a_movement(SUSPENSION, days=1.0, effective_date=last_year))
    record(pupil, a_movement(SUSPENSION, days=2.0))
    record(pupil, suspension_at_c(3.5))

    assert pupil.facts().suspension_days_by_year == {
        year_of(last_year): 1.0,
        year_of(a_movement(SUSPENSION).effective_date): 5.5,
    }


def test_facts_fold_movements_in_effective_date_order() -> None:
    pupil = a_pupil()
    left = a_movement(DELETION, effective_date=date(2026, 2, 2))
    joined_earlier = a_movement(
        MovementType.ADMISSION, to_urn=SCHOOL_A, effective_date=date(2025, 9, 3)
    )

    record(pupil, left)
    record(pupil, joined_earlier)  # a late record of the earlier admission

    assert (pupil.facts().on_roll, pupil.facts().left_roll) == (
        set(),
        {SCHOOL_A: date(2026, 2, 2)},
    )


def test_a_movement_id_is_recorded_only_once() -> None:
    pupil = a_pupil()
    pupil.record_movement("m-1", a_movement(SUSPENSION), ADMIN, TODAY)

    with pytest.raises(MovementRuleViolation) as refused:
        pupil.record_movement("m-1", a_movement(SUSPENSION), ADMIN, TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "movement_id",
        "movement_duplicate",
    )


def test_correcting_suspension_days_past_the_limit_records_a_breach() -> None:
    pupil = a_pupil()
    record(pupil, a_movement(SUSPENSION, days=40.0))
    at_c = record(pupil, suspension_at_c(5.0))

    findings = pupil.correct_movement(
        at_c, Amendment(days=6.0), "data_entry_error", school(SCHOOL_C), TODAY
    )

    assert [f.rule for f in findings] == ["suspension.year_limit_45_days"]
    corrected = pupil.pending_events[-1]
    assert isinstance(corrected, Pupil.MovementCorrected)
    assert [f["rule"] for f in corrected.findings or []] == [
        "suspension.year_limit_45_days"
    ]


def test_a_corrected_suspension_counts_its_corrected_days() -> None:
    pupil = a_pupil()
    suspended = record(pupil, a_movement(SUSPENSION, days=40.0))

    pupil.correct_movement(
        suspended, Amendment(days=45.0), "data_entry_error", school(), TODAY
    )

    assert list(pupil.facts().suspension_days_by_year.values()) == [45.0]


def test_correcting_a_deletion_to_a_ground_needing_a_school_needs_the_school() -> None:
    pupil = a_pupil()
    deleted = record(pupil, a_movement(DELETION))
    amendment = Amendment(deletion_ground="registered_elsewhere")

    with pytest.raises(MovementRuleViolation) as refused:
        pupil.correct_movement(deleted, amendment, "data_entry_error", school(), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "to_urn",
        "destination_school_required",
    )


def test_a_deletions_ground_is_corrected_with_its_destination() -> None:
    pupil = a_pupil()
    deleted = record(pupil, a_movement(DELETION))
    amendment = Amendment(
        deletion_ground="registered_elsewhere", to_urn=SCHOOL_B, to_la=LA_A
    )

    pupil.correct_movement(deleted, amendment, "data_entry_error", school(), TODAY)

    entry = pupil.movements[deleted]
    assert (entry.deletion_ground, entry.to_urn, entry.to_la) == (
        "registered_elsewhere",
        SCHOOL_B,
        LA_A,
    )


def test_a_correction_records_only_the_fields_it_changes() -> None:
    pupil = a_pupil()
    request = a_movement(SUSPENSION, days=2.0)
    suspended = record(pupil, request)
    pupil.collect_events()
    amendment = Amendment(effective_date=request.effective_date, days=3.0)

    pupil.correct_movement(suspended, amendment, "data_entry_error", school(), TODAY)

    (corrected,) = pupil.collect_events()
    assert corrected.changes == {"days": 3.0}


def test_correcting_a_movement_not_on_the_record_is_refused() -> None:
    with pytest.raises(MovementNotFound) as refused:
        a_pupil().correct_movement(
            "no-such-id", Amendment(days=1.0), "data_entry_error", school(), TODAY
        )

    assert (refused.value.field, refused.value.rule) == (
        "movement_id",
        "movement_not_found",
    )


def test_correcting_a_withdrawn_movement_is_refused() -> None:
    pupil = a_pupil()
    suspended = record(pupil, a_movement(SUSPENSION))
    pupil.withdraw_movement(suspended, "duplicate", school(), TODAY)

    with pytest.raises(MovementAlreadyWithdrawn) as refused:
        pupil.correct_movement(
            suspended, Amendment(days=1.0), "data_entry_error", school(), TODAY
        )

    assert (refused.value.field, refused.value.rule) == (
        "movement_id",
        "movement_withdrawn",
    )


def test_a_correction_is_refused_from_a_recorder_who_could_not_record_it() -> None:
    pupil = a_pupil()
    suspended = record(pupil, a_movement(SUSPENSION))

    with pytest.raises(RecorderNotPermitted) as refused:
        pupil.correct_movement(
            suspended, Amendment(days=1.0), "data_entry_error", local_authority(), TODAY
        )

    assert (refused.value.field, refused.value.rule) == (
        "type",
        "recorder_not_permitted",
    )


def test_moving_a_deletion_date_across_19_august_2024_restates_regulations() -> None:
    pupil = a_pupil()
    deleted = record(pupil, a_movement(DELETION, effective_date=date(2024, 9, 2)))
    pupil.collect_events()
    amendment = Amendment(effective_date=date(2024, 7, 15))

    pupil.correct_movement(deleted, amendment, "wrong_date", school(), TODAY)

    (corrected,) = pupil.collect_events()
    assert corrected.changes.get("regulations") == "2006"


def test_a_withdrawn_suspension_no_longer_counts_toward_the_cap() -> None:
    pupil = a_pupil()
    suspended = record(pupil, a_movement(SUSPENSION, days=40.0))
    pupil.withdraw_movement(suspended, "duplicate", school(), TODAY)

    record(pupil, suspension_at_c(45.0))

    assert list(pupil.facts().suspension_days_by_year.values()) == [45.0]


def test_a_withdrawn_deletion_puts_the_child_back_on_roll() -> None:
    pupil = a_pupil()
    record(pupil, a_movement(MovementType.ADMISSION, to_urn=SCHOOL_A))
    deleted = record(pupil, a_movement(DELETION, effective_date=date(2026, 2, 2)))

    pupil.withdraw_movement(deleted, "data_entry_error", school(), TODAY)

    assert (pupil.facts().on_roll, pupil.facts().left_roll) == ({SCHOOL_A}, {})


def test_withdrawing_an_exclusion_a_9_1_o_deletion_rests_on_is_refused() -> None:
    pupil = a_pupil()
    excluded = record(pupil, a_movement(EXCLUSION))
    record(pupil, a_movement(DELETION, deletion_ground="permanently_excluded"))

    with pytest.raises(MovementRuleViolation) as refused:
        pupil.withdraw_movement(excluded, "decision_overturned", school(), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "movement_id",
        "movement_has_dependants",
    )


def test_an_exclusion_may_be_withdrawn_after_the_deletion_resting_on_it() -> None:
    pupil = a_pupil()
    excluded = record(pupil, a_movement(EXCLUSION))
    deleted = record(
        pupil, a_movement(DELETION, deletion_ground="permanently_excluded")
    )

    pupil.withdraw_movement(deleted, "reinstated", school(), TODAY)
    pupil.withdraw_movement(excluded, "reinstated", school(), TODAY)

    assert pupil.facts().excluded_from == {}


def test_withdrawing_a_movement_twice_is_refused() -> None:
    pupil = a_pupil()
    suspended = record(pupil, a_movement(SUSPENSION))
    pupil.withdraw_movement(suspended, "duplicate", school(), TODAY)

    with pytest.raises(MovementAlreadyWithdrawn) as refused:
        pupil.withdraw_movement(suspended, "duplicate", school(), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "movement_id",
        "movement_withdrawn",
    )


def test_a_withdrawal_by_a_school_that_could_not_record_it_is_refused() -> None:
    pupil = a_pupil()
    suspended = record(pupil, a_movement(SUSPENSION))

    with pytest.raises(RecorderNotPermitted) as refused:
        pupil.withdraw_movement(suspended, "duplicate", school(SCHOOL_B), TODAY)

    assert (refused.value.field, refused.value.rule) == (
        "from_urn",
        "recorder_not_permitted",
    )


def test_schools_and_las_touched_are_every_one_a_movement_names() -> None:
    pupil = a_pupil()
    record(pupil, a_movement(MovementType.MANAGED_MOVE))
    record(pupil, suspension_at_c(1.0))

    assert (pupil.schools_touched(), pupil.las_touched()) == (
        {SCHOOL_A, SCHOOL_B, SCHOOL_C},
        {LA_A, LA_C},
    )


def test_a_movement_withdrawn_as_the_wrong_pupil_gives_its_school_no_scope() -> None:
    pupil = a_pupil()
    record(pupil, a_movement(MovementType.ADMISSION))
    wrong = record(pupil, suspension_at_c(1.0))

    pupil.withdraw_movement(wrong, "wrong_pupil", school(SCHOOL_C), TODAY)

    assert (pupil.schools_touched(), pupil.las_touched()) == ({SCHOOL_B}, {LA_A})


def test_a_pupil_read_back_from_the_store_has_the_same_state() -> None:
    registry = Registry(clock=FakeClock())
    pupil = a_pupil()
    record(pupil, a_movement(MovementType.ADMISSION, to_urn=SCHOOL_A))
    suspended = record(pupil, a_movement(SUSPENSION, days=2.5, reasons=("DB", "MT")))
    pupil.correct_movement(
        suspended, Amendment(days=3.0), "data_entry_error", ADMIN, TODAY
    )
    record(pupil, a_movement(EXCLUSION, effective_date=date(2026, 2, 2)))
    withdrawn = record(pupil, suspension_at_c(1.0))
    pupil.withdraw_movement(withdrawn, "duplicate", ADMIN, TODAY)
    record(
        pupil,
        a_movement(
            DELETION,
            deletion_ground="permanently_excluded",
            effective_date=date(2026, 2, 20),
        ),
    )
    registry.save(pupil)

    replayed: Pupil = registry.repository.get(pupil.id)

    assert (replayed.version, replayed.movements, replayed.facts()) == (
        pupil.version,
        pupil.movements,
        pupil.facts(),
    )
