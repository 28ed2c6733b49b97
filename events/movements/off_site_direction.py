"""Off-site direction under Education Act 2002 s29A.

The governing body directs a pupil to education elsewhere to improve behaviour; the
pupil stays on the home school's roll (dual registered), and the direction is
planned ahead (written notice at least two school days before it starts). s29A is a
maintained school's power; an academy's direction under its funding agreement is
recorded as its own kind. Notice, length and reviews are judged by
events.lawfulness.off_site.
"""

from __future__ import annotations

import math
from typing import Any

from events.errors import MovementRuleViolation
from events.movements.base import (
    EstablishmentKind,
    MovementRequest,
    MovementRules,
    MovementType,
    PupilFacts,
    RecorderKind,
    RollEffect,
    Side,
)
from events.movements.common import check_dates_in_order


def check_off_site_direction(request: MovementRequest, facts: PupilFacts) -> None:
    """A length in whole days, an end no earlier than the start."""
    days = request.days
    if days is not None and (not math.isfinite(days) or days <= 0 or days > 400):
        raise MovementRuleViolation(
            "days is the direction's length in school days (1 to 400)",
            field="days",
            rule="days_out_of_range",
        )
    check_dates_in_order(request, "end_date")


def direction_kind(request: MovementRequest) -> dict[str, Any]:
    """s29A for maintained schools; an academy's direction is its own kind."""
    school = request.from_establishment
    if school is None:
        return {}
    academy = school.kind is EstablishmentKind.ACADEMY
    return {"direction_kind": "academy_direction" if academy else "s29A"}


RULES = MovementRules(
    movement_type=MovementType.OFF_SITE_DIRECTION,
    summary="A s29A direction to education elsewhere; the child stays on roll.",
    recorders=frozenset({RecorderKind.SCHOOL, RecorderKind.ADMIN}),
    acting_side=Side.FROM,
    needs_from=True,
    needs_to=False,
    roll_effect=RollEffect.CONFIRMS_FROM,
    allows_future=True,
    uses_days=True,
    details=frozenset({"notice_date", "end_date", "trial", "la_notice_date"}),
    check=check_off_site_direction,
    derive=direction_kind,
)
