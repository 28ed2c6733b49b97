"""repeated_moves: 3 or more moves of any kind in 365 days.

Basis: serious case reviews name repeated school moves as dislocation that leaves a
child unseen (Child Safeguarding Practice Review Panel, "It was hard to escape",
2020; reference.md §6). Window: the academic year of the move that fired it.
"""

from __future__ import annotations

from events.alerts.rules.common import is_move, year_of
from events.alerts.signal import AlertSeverity, ChildView, Signal, in_last, threshold

RULE = "repeated_moves"


def fire(view: ChildView) -> list[Signal]:
    current = view.movement
    if current is None or not is_move(current):
        return []
    days, count = threshold(RULE, "days"), threshold(RULE, "count")
    moves = [
        m for m in in_last(days, view.movements, current.effective_date) if is_move(m)
    ]
    if len(moves) < count:
        return []
    evidence = tuple(m.movement_id for m in moves)
    return [Signal(RULE, AlertSeverity.MEDIUM, year_of(current), evidence)]
