"""Fair access placement: the LA's protocol allocates an unplaced child to a school.

School Admissions Code 2021 para 3.17; it is an admission to the allocated school.
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
    movement_type=MovementType.FAIR_ACCESS_PLACEMENT,
    summary="Allocation of an unplaced child to a school under fair access.",
    recorders=frozenset(
        {RecorderKind.LOCAL_AUTHORITY, RecorderKind.SCHOOL, RecorderKind.ADMIN}
    ),
    acting_side=Side.TO,
    needs_from=False,
    needs_to=True,
    roll_effect=RollEffect.JOINS_TO,
    allows_future=True,
)
