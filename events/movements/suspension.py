"""Suspension (formerly fixed-period exclusion): days and reasons.

A lunchtime suspension counts as half a day, so days come in halves. The 45-day
yearly limit is law about what may be done, not about what can be true: a
suspension past it is recorded with a breach (events.lawfulness.suspensions).
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
from events.movements.reason_codes import check_reasons

# More school days than a school year has cannot be true (a year has about 190).
MAX_DAYS_IN_ONE = 195


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
    if math.isfinite(days) and days > MAX_DAYS_IN_ONE:
        raise MovementRuleViolation(
            f"one suspension cannot last more than {MAX_DAYS_IN_ONE} school days",
            field="days",
            rule="days_more_than_a_year",
        )
    if not math.isfinite(days) or days <= 0 or (days * 2) != int(days * 2):
        raise MovementRuleViolation(
            "days must be a positive number of half school days (e.g. 0.5, 1, 2.5)",
            field="days",
            rule="days_half_day_units",
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
    details=frozenset({"misses_public_examination"}),
    check=check_suspension,
)
