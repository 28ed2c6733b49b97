"""Part-time timetables and flexi-schooling: arrangements at the child's own school.

A part-time timetable keeps the pupil on roll but in school for less than the full
week; Working together to improve school attendance (DfE, statutory from 19 August
2024) allows one only in very exceptional circumstances, in the pupil's interests,
agreed with the parent the pupil lives with, with regular reviews and a clear end
date, never to manage behaviour (absence code C2). Flexi-schooling is an agreement,
at the head's discretion, that the pupil is home educated for part of the week
(code C). Both are recorded by the school; the roll does not change. Whether each
meets the guidance is judged by events.lawfulness.part_time.
"""

from __future__ import annotations

import math

from events.errors import MovementRuleViolation
from events.movements.base import (
    MovementRequest,
    MovementRules,
    MovementType,
    PupilFacts,
    RecorderKind,
    RollEffect,
    Side,
)
from events.movements.common import check_dates_in_order

REASON_CATEGORIES = frozenset({"medical", "reintegration", "behaviour", "other"})
# A school week is about 32.5 hours; a "part-time" timetable of more is not one.
MAX_HOURS_PER_WEEK = 32.5
SESSIONS_PER_WEEK = 10  # a morning and an afternoon session each weekday


def check_part_time(request: MovementRequest, facts: PupilFacts) -> None:
    """Hours a part-time week can hold, a known reason category, dates in order."""
    hours = request.details.get("hours_per_week")
    if hours is None:
        raise MovementRuleViolation(
            "a part-time timetable says how many hours a week the pupil attends",
            field="hours_per_week",
            rule="hours_required",
        )
    if not (
        isinstance(hours, int | float)
        and math.isfinite(hours)
        and 0 <= hours < MAX_HOURS_PER_WEEK
    ):
        raise MovementRuleViolation(
            f"hours_per_week is at least 0 and under {MAX_HOURS_PER_WEEK}",
            field="hours_per_week",
            rule="hours_out_of_range",
        )
    reason = request.details.get("reason_category")
    if reason is not None and reason not in REASON_CATEGORIES:
        raise MovementRuleViolation(
            f"reason_category is one of {', '.join(sorted(REASON_CATEGORIES))}",
            field="reason_category",
            rule="reason_category_unknown",
        )
    check_dates_in_order(request, "end_date", "next_review_date")


def check_flexi(request: MovementRequest, facts: PupilFacts) -> None:
    """Some sessions at home, but not every one; dates in order."""
    sessions = request.details.get("sessions_at_home_per_week")
    if not (isinstance(sessions, int) and 0 < sessions < SESSIONS_PER_WEEK):
        raise MovementRuleViolation(
            f"sessions_at_home_per_week is a whole number from 1 to "
            f"{SESSIONS_PER_WEEK - 1}",
            field="sessions_at_home_per_week",
            rule="sessions_out_of_range",
        )
    check_dates_in_order(request, "end_date", "next_review_date")


PART_TIME = MovementRules(
    movement_type=MovementType.PART_TIME_TIMETABLE,
    summary="A part-time timetable at the pupil's own school (code C2).",
    recorders=frozenset({RecorderKind.SCHOOL, RecorderKind.ADMIN}),
    acting_side=Side.FROM,
    needs_from=True,
    needs_to=False,
    roll_effect=RollEffect.CONFIRMS_FROM,
    allows_future=True,
    uses_to=False,
    details=frozenset(
        {
            "hours_per_week",
            "parental_consent",
            "end_date",
            "reason_category",
            "next_review_date",
        }
    ),
    check=check_part_time,
)

FLEXI = MovementRules(
    movement_type=MovementType.FLEXI_SCHOOLING,
    summary="Flexi-schooling agreed by the head: home educated for some sessions.",
    recorders=frozenset({RecorderKind.SCHOOL, RecorderKind.ADMIN}),
    acting_side=Side.FROM,
    needs_from=True,
    needs_to=False,
    roll_effect=RollEffect.CONFIRMS_FROM,
    allows_future=True,
    uses_to=False,
    details=frozenset({"sessions_at_home_per_week", "end_date"}),
    check=check_flexi,
)
