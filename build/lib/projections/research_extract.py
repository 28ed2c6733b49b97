"""A record-level, pseudonymised extract of one academic year's movements for
approved research (UK GDPR art. 89 safeguards).

Children with a restriction or objection in force are left out: research is an
onward use the law does not require (events.processing_limits). Each child appears
under a pseudonym that holds for this extract's year only: rows of one child link
up, but not to the register's pupil_key, to other years' extracts or to anyone's
record. No school is named (only its LA); dates are months.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from events.characteristics import FLAGS
from events.school_calendar import AcademicYear
from projections.processing_limits import limited_children
from projections.view import Database

COLUMNS = (
    "child",
    "academic_year",
    "month",
    "movement_type",
    "la_code",
    "year_group",
    "sen_provision",
    *FLAGS,
)


def research_rows(
    db: Database, year: AcademicYear, secret: str
) -> tuple[list[dict[str, Any]], list[str]]:
    """The extract's rows, and the pupil_keys of the children it includes."""
    left_out = limited_children(db)
    rows = db.query(
        "SELECT pupil_key, movement_type, effective_date, from_la, to_la, "
        "characteristics FROM history_movements "
        "WHERE effective_date >= ? AND effective_date <= ? "
        "ORDER BY effective_date, movement_id",
        (year.start.isoformat(), year.end.isoformat()),
    )
    extract, included = [], []
    for key, kind, effective, from_la, to_la, held in rows:
        if key in left_out:
            continue
        traits = json.loads(held or "{}")
        extract.append(
            {
                "child": pseudonym(secret, str(year), str(key)),
                "academic_year": str(year),
                "month": str(effective)[:7],
                "movement_type": kind,
                "la_code": from_la or to_la,
                "year_group": traits.get("year_group"),
                "sen_provision": traits.get("sen_provision"),
                **{name: traits.get(name) for name in FLAGS},
            }
        )
        included.append(str(key))
    return extract, included


def pseudonym(secret: str, year: str, pupil_key: str) -> str:
    """The child's name in one year's extract (a keyed hash: not reversible)."""
    message = f"research:{year}:{pupil_key}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:16]
