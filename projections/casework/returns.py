"""Returns to the LA, per school: every admission owes a new-pupil return within 5
school days (reg 13(1)), every deletion a return no later than the deletion (reg
13(4)); the register's recorded time shows which came late, so an LA can reconcile
arrivals against departures school by school.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from events.movements import MOVEMENT_TYPES, MovementType, RollEffect
from events.school_calendar import AcademicYear
from events.term_dates import DEFAULT_CALENDAR, SchoolCalendar
from projections.view import Database

ADMISSION_RETURN_SCHOOL_DAYS = 5  # reg 13(1): by the end of the fifth day
DELETION_RETURN_SCHOOL_DAYS = 1  # reg 13(4): no later than the deletion (a day's grace)
JOINS = {
    t
    for t, r in MOVEMENT_TYPES.items()
    if r.roll_effect in (RollEffect.JOINS_TO, RollEffect.TRANSFERS)
}
LEAVES = {t for t, r in MOVEMENT_TYPES.items() if r.leaves_roll}


def returns_by_school(
    db: Database,
    la_code: str,
    year: AcademicYear,
    calendar: SchoolCalendar = DEFAULT_CALENDAR,
) -> list[dict[str, Any]]:
    """Admissions and deletions at the LA's schools in the year, and how many late."""
    rows = db.query(
        "SELECT movement_type, effective_date, recorded_at, from_urn, to_urn, from_la, "
        "to_la FROM history_movements WHERE (from_la = ? OR to_la = ?) "
        "AND effective_date >= ? AND effective_date <= ?",
        (la_code, la_code, year.start.isoformat(), year.end.isoformat()),
    )
    counts: dict[str, dict[str, int]] = defaultdict(
        lambda: {
            "admissions": 0,
            "admissions_late": 0,
            "deletions": 0,
            "deletions_late": 0,
        }
    )
    for kind, effective, recorded, from_urn, to_urn, from_la, to_la in rows:
        movement_type = MovementType(kind)
        on = date.fromisoformat(effective)
        told = datetime.fromisoformat(recorded).date()
        if movement_type in JOINS and to_urn and to_la == la_code:
            due = calendar.add_school_days(on, ADMISSION_RETURN_SCHOOL_DAYS)
            counts[to_urn]["admissions"] += 1
            counts[to_urn]["admissions_late"] += told > due
        if movement_type in LEAVES and from_urn and from_la == la_code:
            due = calendar.add_school_days(on, DELETION_RETURN_SCHOOL_DAYS)
            counts[from_urn]["deletions"] += 1
            counts[from_urn]["deletions_late"] += told > due
    return [{"urn": urn, **c} for urn, c in sorted(counts.items())]
