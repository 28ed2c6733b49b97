"""Admission: a child entered on a school's admission register from the starting day."""

from __future__ import annotations

from events.movements.base import (
    MovementRules,
    MovementType,
    RecorderKind,
    RollEffect,
    Side,
)

RULES = MovementRules(
    movement_type=MovementType.ADMISSION,
    summary="A child entered on a school's admission register.",
    recorders=frozenset(
        {RecorderKind.SCHOOL, RecorderKind.LOCAL_AUTHORITY, RecorderKind.ADMIN}
    ),
    acting_side=Side.TO,
    needs_from=False,
    needs_to=True,
    roll_effect=RollEffect.JOINS_TO,
    allows_future=True,
)
