"""What several rules count: moves, off-roll moves, suspensions."""

from __future__ import annotations

from events.movement_entry import MovementEntry
from events.movements import MOVEMENT_TYPES, MovementType
from events.school_calendar import AcademicYear

NOT_MOVES = frozenset({MovementType.SUSPENSION, MovementType.SUSPECTED_OFF_ROLLING})


def is_move(m: MovementEntry) -> bool:
    """A change in where the child is educated (not a suspension or a report)."""
    return m.movement_type not in NOT_MOVES


def leaves_roll(m: MovementEntry) -> bool:
    return MOVEMENT_TYPES[m.movement_type].leaves_roll


def year_of(m: MovementEntry) -> str:
    return str(AcademicYear.containing(m.effective_date))
