"""move_after_managed_or_direction: a managed move or off-site direction followed by
another move within 12 months.

Basis: managed moves and directions are meant to be a fresh start; a further move
soon after suggests the placement failed (EPI 2024 review of managed moves;
reference.md §3.1-3.2). Window: the earlier managed move or direction.
"""

from __future__ import annotations

from events.alerts.rules.common import is_move
from events.alerts.signal import AlertSeverity, ChildView, Signal, in_last, threshold
from events.movements import MovementType

RULE = "move_after_managed_or_direction"
PLACEMENTS = frozenset({MovementType.MANAGED_MOVE, MovementType.OFF_SITE_DIRECTION})


def fire(view: ChildView) -> list[Signal]:
    current = view.movement
    if current is None or not is_move(current):
        return []
    earlier = [
        m
        for m in in_last(
            threshold(RULE, "days"), view.movements, current.effective_date
        )
        if m.movement_type in PLACEMENTS
        and m.movement_id != current.movement_id
        and m.effective_date <= current.effective_date
    ]
    if not earlier:
        return []
    first = earlier[0]
    evidence = (first.movement_id, current.movement_id)
    return [Signal(RULE, AlertSeverity.MEDIUM, first.movement_id, evidence)]
