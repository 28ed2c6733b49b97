"""Managed move: a voluntary, agreed permanent transfer to another school.

There are no "trial" managed moves (DfE parent guidance); the child leaves the first
roll when registered at the new school, so the movement is a transfer and may be
recorded ahead of its completion date.
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
    movement_type=MovementType.MANAGED_MOVE,
    summary="An agreed permanent transfer between two schools.",
    recorders=frozenset(
        {RecorderKind.SCHOOL, RecorderKind.LOCAL_AUTHORITY, RecorderKind.ADMIN}
    ),
    acting_side=Side.EITHER,
    needs_from=True,
    needs_to=True,
    roll_effect=RollEffect.TRANSFERS,
    allows_future=True,
)
