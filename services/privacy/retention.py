"""Retention: a child's identity is erased once the retention period has run since
the last movement recorded about them (periods as data in retention.json, with
their sources). `pmr retention --dry-run` reports; without it, it erases, through
the same crypto-shredding as an erasure request (reason `retention_expired`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from importlib.resources import files

from services.app.bootstrap import Container
from services.privacy.erasure import erase

REGISTER = "admission_register"


@dataclass(frozen=True)
class RetentionReport:
    """Children past retention on a day, and whether they were erased."""

    cutoff: date
    due: list[str]
    erased: bool


def retention_years() -> int:
    raw = json.loads(files("services.privacy").joinpath("retention.json").read_text())
    return int(raw[REGISTER]["years"])


def cutoff_for(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return date(today.year - years, 2, 28)


def apply_retention(
    container: Container, today: date, dry_run: bool = True
) -> RetentionReport:
    """The children whose last movement is older than the period; erase them unless
    this is a dry run. Children already erased are not listed again."""
    cutoff = cutoff_for(today, retention_years())
    rows = container.db.query(
        "SELECT pupil_key FROM history_movements GROUP BY pupil_key "
        "HAVING MAX(effective_date) < ?",
        (cutoff.isoformat(),),
    )
    due = [
        str(key) for (key,) in rows if not container.registry.get_pupil(str(key)).erased
    ]
    if not dry_run:
        by = {"kind": "register", "urn": None, "la_code": "retention"}
        for pupil_key in due:
            erase(container, pupil_key, "retention_expired", by)
    return RetentionReport(cutoff, due, erased=not dry_run)
