"""Section 19 Education Act 1996: education the LA arranges for a child who would
otherwise not receive it (after a permanent exclusion, illness, or no place).

The duty falls on the LA where the child lives, so that LA may record it whatever
the school's LA, and for a child on no roll. Provision may be at a school or at a
provider without a URN (unregistered alternative provision, a tutor) named from the
providers reference; hours per week are recorded. The school roll does not change.
(Alternative provision guidance, updated 5 February 2025; law-2026.md.)
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

# More hours a week than a school week could hold cannot be true.
MAX_HOURS_PER_WEEK = 60


def check_section19(request: MovementRequest, facts: PupilFacts) -> None:
    """Hours per week, when given, are a plausible weekly number."""
    hours = request.details.get("hours_per_week")
    if hours is None:
        return
    if (
        not isinstance(hours, int | float)
        or not math.isfinite(hours)
        or not 0 < hours <= MAX_HOURS_PER_WEEK
    ):
        raise MovementRuleViolation(
            f"hours_per_week is more than 0 and at most {MAX_HOURS_PER_WEEK}",
            field="hours_per_week",
            rule="hours_out_of_range",
        )


RULES = MovementRules(
    movement_type=MovementType.SECTION19_PLACEMENT,
    summary="LA-arranged alternative provision under s19.",
    recorders=frozenset({RecorderKind.LOCAL_AUTHORITY, RecorderKind.ADMIN}),
    acting_side=Side.EITHER,
    needs_from=False,
    needs_to=False,
    roll_effect=RollEffect.NONE,
    allows_future=True,
    details=frozenset({"hours_per_week"}),
    uses_provider=True,
    home_la_records=True,
    check=check_section19,
)
