"""Suspected off-rolling: a report that a removal served the school, not the child.

Off-rolling is not a lawful movement; the report is a first-class fact so the LA can
investigate. It changes no roll. A receiving school, the LA or the register may report.
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
    movement_type=MovementType.SUSPECTED_OFF_ROLLING,
    summary="A report that a removal was in the school's interest, not the child's.",
    recorders=frozenset(
        {RecorderKind.SCHOOL, RecorderKind.LOCAL_AUTHORITY, RecorderKind.ADMIN}
    ),
    acting_side=Side.EITHER,
    needs_from=True,
    needs_to=False,
    roll_effect=RollEffect.NONE,
)
