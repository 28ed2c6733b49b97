"""One academic year's movements as the record now stands: every correction
applied (the corrected effective date decides the year), withdrawn movements left
out. The one reading of the history for statistics and research extracts alike."""

from __future__ import annotations

import json
from typing import Any

from events.school_calendar import AcademicYear
from projections.view import Database

FIELDS = (
    "pupil_key", "from_urn", "from_la", "to_la", "movement_type", "deletion_ground",
    "effective_date",
)  # fmt: skip


def movements_as_corrected(
    db: Database, year: AcademicYear, as_of: int | None = None
) -> list[dict[str, Any]]:
    """The year's movements as corrected, without the withdrawn, up to `as_of` (a
    log position; None for everything applied), in the order they were recorded."""
    upto = as_of if as_of is not None else 2**62
    amendments = db.query(
        "SELECT movement_id, kind, changes, findings FROM history_amendments "
        "WHERE position <= ? ORDER BY position",
        (upto,),
    )
    rows = db.query(
        "SELECT movement_id, pupil_key, from_urn, from_la, to_la, movement_type, "
        "deletion_ground, effective_date, characteristics, reasons, findings "
        "FROM history_movements WHERE position <= ? "
        "AND (effective_date >= ? AND effective_date <= ? OR movement_id IN ("
        "SELECT movement_id FROM history_amendments WHERE kind = 'corrected' "
        "AND position <= ?)) ORDER BY position",
        (upto, year.start.isoformat(), year.end.isoformat(), upto),
    )
    movements = {
        str(r[0]): dict(
            zip(FIELDS, r[1:8], strict=True),
            movement_id=str(r[0]),
            characteristics=json.loads(r[8] or "{}"),
            reasons=json.loads(r[9] or "[]"),
            findings=json.loads(r[10] or "[]"),
        )
        for r in rows
    }
    for movement_id, kind, changes, findings in amendments:
        movement = movements.get(str(movement_id))
        if movement is None:
            continue
        if kind == "withdrawn":
            del movements[str(movement_id)]
            continue
        movement.update(json.loads(changes or "{}"))
        if findings is not None:  # the movement as corrected, judged again
            movement["findings"] = json.loads(findings)
    first, last = year.start.isoformat(), year.end.isoformat()
    return [m for m in movements.values() if first <= str(m["effective_date"]) <= last]
