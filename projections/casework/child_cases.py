"""One child's cases, open and closed, with the LAs each touches (the child's page
filters them by the reader's scope; the queue shows only open ones)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from events.term_dates import SchoolCalendar
from projections.casework.la_queue import CASE_COLUMNS, with_deadline
from projections.view import Database


def cases_of_child(
    db: Database,
    pupil_key: str,
    today: date,
    calendar_of: Callable[[str | None], SchoolCalendar],
) -> list[dict[str, Any]]:
    """Every case about the child, oldest first, each with its `la_codes`."""
    rows = db.query(
        f"SELECT {', '.join(CASE_COLUMNS)} FROM cases WHERE pupil_key = ? "
        "ORDER BY opened_on, case_id",
        (pupil_key,),
    )
    cases = [dict(zip(CASE_COLUMNS, r, strict=True)) for r in rows]
    las: dict[str, list[str]] = {c["case_id"]: [] for c in cases}
    if las:
        marks = ", ".join("?" for _ in las)
        for case_id, la_code in db.query(
            f"SELECT case_id, la_code FROM case_las WHERE case_id IN ({marks}) "
            "ORDER BY la_code",
            tuple(las),
        ):
            las[str(case_id)].append(str(la_code))
    for case in cases:
        case["la_codes"] = las[case["case_id"]]
        with_deadline(case, today, calendar_of(case["school_urn"]))
    return cases


def days_of(db: Database, case_id: str, transition: str) -> list[date]:
    """The days a case made a transition (the LA's update requests, s436D)."""
    rows = db.query(
        "SELECT decided_on FROM case_events WHERE case_id = ? AND transition = ?",
        (case_id, transition),
    )
    return [date.fromisoformat(str(r[0])) for r in rows if r[0]]


def open_case_of(
    db: Database,
    pupil_key: str,
    case_type: str,
    today: date,
    calendar_of: Callable[[str | None], SchoolCalendar],
) -> dict[str, Any] | None:
    """The child's latest open case of this type, with its deadline, if any."""
    cases = cases_of_child(db, pupil_key, today, calendar_of)
    open_ones = [c for c in cases if c["case_type"] == case_type and not c["terminal"]]
    return open_ones[-1] if open_ones else None
