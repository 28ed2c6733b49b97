"""Off-site direction under Education Act 2002 s29A.

The governing body directs a pupil to education elsewhere to improve behaviour; the
pupil stays on the home school's roll (dual registered), and the direction is
planned ahead (written notice at least two school days before it starts).
"""

from __future__ import annotations

from events.movements.base import (
    MovementRules,
    MovementType,
    RecorderKind,
    RollEffect,
    Side,
)

RULES = MovementRules(
    movement_type=MovementType.OFF_SITE_DIRECTION,
    summary="A s29A direction to education elsewhere; the child stays on roll.",
    recorders=frozenset({RecorderKind.SCHOOL, RecorderKind.ADMIN}),
    acting_side=Side.FROM,
    needs_from=True,
    needs_to=False,
    roll_effect=RollEffect.CONFIRMS_FROM,
    allows_future=True,
)
