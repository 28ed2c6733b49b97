"""Section 19 Education Act 1996: education the LA arranges for a child who would
otherwise not receive it (after a permanent exclusion, illness, or no place).

Only the LA arranges it; the school roll does not change.
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
    movement_type=MovementType.SECTION19_PLACEMENT,
    summary="LA-arranged alternative provision under s19.",
    recorders=frozenset({RecorderKind.LOCAL_AUTHORITY, RecorderKind.ADMIN}),
    acting_side=Side.EITHER,
    needs_from=False,
    needs_to=False,
    roll_effect=RollEffect.NONE,
    allows_future=True,
)
