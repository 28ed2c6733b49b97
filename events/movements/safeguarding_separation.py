"""Safeguarding separation (2026 guidance, in force 26 July 2026).

A pupil kept off the school premises, temporarily, to keep pupils apart for
safeguarding reasons: led by the designated safeguarding lead, not a suspension and
not a sanction, and the pupil stays on roll. It triggers the LA's duty to arrange
suitable education under Education Act 1996 s19 (Suspension and permanent exclusion
guidance, 2026 edition; law-review-2026-12 §2.3). Recorded as its own movement so
it is never counted as a suspension; an expected length may be given.
"""

from __future__ import annotations

import math
from datetime import date

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

IN_GUIDANCE_FROM = date(2026, 7, 26)


def check_separation(request: MovementRequest, facts: PupilFacts) -> None:
    """An expected length in school days, if given; an end no earlier than the start."""
    days = request.days
    if days is not None and (not math.isfinite(days) or not 0 < days <= 195):
        raise MovementRuleViolation(
            "days is the expected length in school days (more than 0, at most 195)",
            field="days",
            rule="days_out_of_range",
        )
    check_dates_in_order(request, "end_date")


RULES = MovementRules(
    movement_type=MovementType.SAFEGUARDING_SEPARATION,
    summary="A temporary safeguarding separation, DSL-led; not a suspension.",
    recorders=frozenset({RecorderKind.SCHOOL, RecorderKind.ADMIN}),
    acting_side=Side.FROM,
    needs_from=True,
    needs_to=False,
    roll_effect=RollEffect.CONFIRMS_FROM,
    uses_to=False,
    uses_days=True,
    details=frozenset({"end_date"}),
    check=check_separation,
)
