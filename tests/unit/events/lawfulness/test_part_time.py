"""Part-time timetables against the attendance guidance; safeguarding separations
against the edition that provides for them."""

from __future__ import annotations

from datetime import date

import pytest

from events.movements import MovementType, PupilFacts
from events.movements.base import Suspension
from tests.builders import SCHOOL_A, SCHOOL_B, a_movement
from tests.unit.events.lawfulness.helpers import rules_broken

START = date(2026, 11, 16)


def timetable(**details: object):
    agreed = {
        "hours_per_week": 15,
        "parental_consent": True,
        "end_date": "2026-12-18",
        "next_review_date": "2026-11-30",
        "reason_category": "medical",
    }
    return a_movement(
        MovementType.PART_TIME_TIMETABLE,
        effective_date=START,
        details={k: v for k, v in {**agreed, **details}.items() if v is not None},
    )


def test_an_agreed_reviewed_time_limited_timetable_breaks_nothing() -> None:
    assert rules_broken(timetable()) == []


@pytest.mark.parametrize(
    ("missing", "rule"),
    [
        ({"parental_consent": None}, "part_time.no_parental_agreement"),
        ({"parental_consent": False}, "part_time.no_parental_agreement"),
        ({"end_date": None}, "part_time.no_end_date"),
        ({"next_review_date": None}, "part_time.no_review_date"),
        ({"reason_category": "behaviour"}, "part_time.for_behaviour"),
    ],
)
def test_each_unmet_condition_of_the_guidance_is_a_concern(missing, rule) -> None:
    assert rules_broken(timetable(**missing)) == [rule]


@pytest.mark.parametrize(
    ("urn", "suspended_on", "follows"),
    [
        (SCHOOL_A, date(2026, 11, 9), True),
        # 20 school days back from 16 Nov reaches over half term to 12 Oct
        (SCHOOL_A, date(2026, 10, 12), True),
        (SCHOOL_A, date(2026, 10, 9), False),
        (SCHOOL_B, date(2026, 11, 9), False),  # another school's
    ],
)
def test_a_timetable_soon_after_a_suspension_is_a_possible_informal_exclusion(
    urn: str, suspended_on: date, follows: bool
) -> None:
    facts = PupilFacts(suspensions=(Suspension(urn, suspended_on, 2),))
    broken = rules_broken(timetable(), facts)
    assert ("part_time.after_suspensions" in broken) is follows


@pytest.mark.parametrize(("on", "concern"), [(date(2026, 7, 24), True),
                                             (date(2026, 7, 27), False)])  # fmt: skip
def test_a_separation_before_the_2026_guidance_is_a_concern(
    on: date, concern: bool
) -> None:
    separation = a_movement(MovementType.SAFEGUARDING_SEPARATION, effective_date=on)
    assert ("separation.before_guidance" in rules_broken(separation)) is concern


@pytest.mark.parametrize(
    ("sen", "told", "concern"),
    [("E", None, True), ("E", "2026-11-10", False), ("K", None, False)],
)
def test_the_la_is_told_of_a_direction_where_it_maintains_an_ehc_plan(
    sen: str, told: str | None, concern: bool
) -> None:
    details = {
        "notice_date": "2026-11-10",
        **({"la_notice_date": told} if told else {}),
    }
    direction = a_movement(
        MovementType.OFF_SITE_DIRECTION,
        from_urn="100005",
        effective_date=date(2026, 11, 16),
        days=10,
        characteristics={"sen_provision": sen},
        details=details,
    )
    assert ("off_site.la_not_notified" in rules_broken(direction)) is concern
