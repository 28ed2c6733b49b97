"""off_roll_in_year: 2 or more off-roll moves in one academic year.

Basis: each deletion is a point where a child can fall out of education; two in a
year is the pattern EPI's unexplained-exits research follows (reference.md §6).
"""

from __future__ import annotations

from events.alerts.rules.common import leaves_roll, year_of
from events.alerts.signal import AlertSeverity, ChildView, Signal, threshold

RULE = "off_roll_in_year"


def fire(view: ChildView) -> list[Signal]:
    current = view.movement
    if current is None or not leaves_roll(current):
        return []
    year = year_of(current)
    off_roll = [m for m in view.movements if leaves_roll(m) and year_of(m) == year]
    if len(off_roll) < threshold(RULE, "count"):
        return []
    evidence = tuple(m.movement_id for m in off_roll)
    return [Signal(RULE, AlertSeverity.HIGH, year, evidence)]
