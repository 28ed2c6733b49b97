"""Deletion grounds' own conditions, and the deletion return made no later than the
deletion (each at its boundary)."""

from __future__ import annotations

from datetime import date

import pytest

from events.lawfulness.deletions import end_of_compulsory_school_age
from events.movements import MovementRequest, MovementType, PupilFacts
from events.movements.base import Establishment, EstablishmentKind
from tests.builders import SCHOOL_A, a_movement
from tests.unit.events.lawfulness.helpers import rules_broken

ON = date(2026, 3, 4)  # a Wednesday


def deletion(ground: str, **overrides: object) -> MovementRequest:
    fields: dict[str, object] = {"deletion_ground": ground, "effective_date": ON}
    fields.update(overrides)
    return a_movement(MovementType.ROLL_DELETION, **fields)


@pytest.mark.parametrize(
    ("kind", "breach"),
    [
        (EstablishmentKind.INDEPENDENT, False),
        (EstablishmentKind.NON_MAINTAINED_SPECIAL, False),
        (EstablishmentKind.ACADEMY, True),
        (EstablishmentKind.MAINTAINED, True),
    ],
)
def test_9_1_n_is_for_independent_and_non_maintained_special_schools(
    kind: EstablishmentKind, breach: bool
) -> None:
    request = deletion(
        "independent_school_left", from_establishment=Establishment(kind)
    )

    broken = rules_broken(request)

    assert ("deletion.independent_ground_at_state_school" in broken) is breach


def test_compulsory_school_age_ends_on_the_last_friday_in_june_of_year_11() -> None:
    # Turns 16 in March 2026 (school year 2025-26): last Friday of June 2026.
    assert end_of_compulsory_school_age(date(2010, 3, 14)) == date(2026, 6, 26)
    # Turns 16 on 31 August 2026: still school year 2025-26.
    assert end_of_compulsory_school_age(date(2010, 8, 31)) == date(2026, 6, 26)
    # Turns 16 on 1 September 2026: the next school year.
    assert end_of_compulsory_school_age(date(2010, 9, 1)) == date(2027, 6, 25)


@pytest.mark.parametrize(
    ("on", "breach"), [(date(2026, 6, 25), True), (date(2026, 6, 26), False)]
)
def test_9_1_l_applies_from_the_end_of_compulsory_school_age(
    on: date, breach: bool
) -> None:
    request = deletion(
        "ceased_compulsory_school_age",
        effective_date=on,
        date_of_birth=date(2010, 3, 14),
    )

    broken = rules_broken(request)

    assert ("deletion.before_end_of_compulsory_school_age" in broken) is breach


def test_9_1_l_judged_by_year_group_when_no_date_of_birth() -> None:
    year_10 = deletion(
        "ceased_compulsory_school_age",
        effective_date=date(2026, 7, 1),
        characteristics={"year_group": "10"},
    )

    assert "deletion.before_end_of_compulsory_school_age" in rules_broken(year_10)


@pytest.mark.parametrize(
    ("enquired_on", "concern"),
    [(None, True), (date(2026, 3, 5), True), (ON, False), (date(2026, 3, 2), False)],
)
def test_not_located_grounds_need_a_joint_enquiry_first(
    enquired_on: date | None, concern: bool
) -> None:
    enquiries = {SCHOOL_A: enquired_on} if enquired_on else {}
    facts = PupilFacts(joint_enquiries=enquiries)

    broken = rules_broken(deletion("continuous_absence_not_located"), facts)

    assert ("deletion.not_located_without_joint_enquiry" in broken) is concern


@pytest.mark.parametrize(
    ("recorded_on", "concern"), [(date(2026, 3, 5), False), (date(2026, 3, 6), True)]
)
def test_a_deletion_reaching_the_register_late_is_a_concern(
    recorded_on: date, concern: bool
) -> None:
    broken = rules_broken(deletion("moved_away"), recorded_on=recorded_on)

    assert ("deletion.return_late" in broken) is concern
