"""A record-level, pseudonymised extract of one academic year's movements for
approved research (UK GDPR art. 89 safeguards).

Children with a restriction or objection in force are left out: research is an
onward use the law does not require (events.processing_limits). Each child appears
under a pseudonym that holds for this extract's year only: rows of one child link
up, but not to the register's pupil_key, to other years' extracts or to anyone's
record. No school is named (only its LA); dates are months.

Record-level data is not a statistic: it goes only to a `researcher` whose token
names a project the controller approved, while the approval runs, and every child
included is written to the access log under that project
(services/api/routers/research.py).
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from events.characteristics import FLAGS
from events.school_calendar import AcademicYear
from projections.casework.processing_limits import limited_children
from projections.statistics.movements_as_corrected import movements_as_corrected
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
    """The extract's rows, and the pupil_keys of the children it includes: the
    year's movements as the record now stands (corrections applied, withdrawn
    movements, such as one recorded against the wrong child, left out)."""
    left_out = limited_children(db)
    extract, included = [], []
    movements = sorted(
        movements_as_corrected(db, year),
        key=lambda m: (str(m["effective_date"]), m["movement_id"]),
    )
    for movement in movements:
        key = str(movement["pupil_key"])
        if key in left_out:
            continue
        traits = movement["characteristics"]
        extract.append(
            {
                "child": pseudonym(secret, str(year), key),
                "academic_year": str(year),
                "month": str(movement["effective_date"])[:7],
                "movement_type": movement["movement_type"],
                "la_code": movement["from_la"] or movement["to_la"],
                "year_group": traits.get("year_group"),
                "sen_provision": traits.get("sen_provision"),
                **{name: traits.get(name) for name in FLAGS},
            }
        )
        included.append(key)
    return extract, included


def pseudonym(secret: str, year: str, pupil_key: str) -> str:
    """The child's name in one year's extract (a keyed hash: not reversible)."""
    message = f"research:{year}:{pupil_key}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:16]
