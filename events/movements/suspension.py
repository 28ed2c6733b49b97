"""Suspension (formerly fixed-period exclusion): days, reasons and the 45-day cap.

A pupil may be suspended for at most 45 school days in one academic year, counting
suspensions from every school (exclusion guidance 2022/2023, reference.md §2.3).
A lunchtime suspension counts as half a day, so days come in halves.
"""

from __future__ import annotations

import math

from events.errors import MovementRuleViolation, SuspensionCapExceeded
from events.movements.base import (
    MovementRequest,
    MovementRules,
    MovementType,
    PupilFacts,
    RecorderKind,
    RollEffect,
    Side,
)
from events.movements.reason_codes import check_reasons
from events.school_calendar import AcademicYear

SUSPENSION_CAP_DAYS = 45.0


def check_suspension(request: MovementRequest, facts: PupilFacts) -> None:
    """Reasons, a whole number of half days, and the cap across schools."""
    check_reasons(request.reasons, request.effective_date)
    days = request.days
    if days is None:
        raise MovementRuleViolation(
            "a suspension needs its length in school days",
            field="days",
            rule="days_required",
        )
    if not math.isfinite(days) or days <= 0 or (days * 2) != int(days * 2):
        raise MovementRuleViolation(
            "days must be a positive number of half school days (e.g. 0.5, 1, 2.5)",
            field="days",
            rule="days_half_day_units",
        )
    year = str(AcademicYear.containing(request.effective_date))
    already = facts.suspension_days_by_year.get(year, 0.0)
    if already + days > SUSPENSION_CAP_DAYS:
        raise SuspensionCapExceeded(
            f"{already:g} suspension days already recorded in {year}; "
            f"{days:g} more would pass the 45-school-day cap",
            field="days",
        )


RULES = MovementRules(
    movement_type=MovementType.SUSPENSION,
    summary="A suspension for a number of school days, up to 3 reasons.",
    recorders=frozenset({RecorderKind.SCHOOL, RecorderKind.ADMIN}),
    acting_side=Side.FROM,
    needs_from=True,
    needs_to=False,
    roll_effect=RollEffect.CONFIRMS_FROM,
    uses_to=False,
    uses_reasons=True,
    uses_days=True,
    check=check_suspension,
)
