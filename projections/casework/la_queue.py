"""The LA's queue: every open case touching the LA, oldest and most urgent first.

Rows hold each case's state and since when; deadlines are counted in school days
when the queue is read (they depend on the day, not on new events), so nothing needs
a timer. A case belongs to every LA it names: the schools' LAs and the LA where the
child lives, so a cross-border move shows in both queues.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from events.cases import CASE_TYPES
from events.cases.case import Case
from events.envelope import EventEnvelope
from events.term_dates import DEFAULT_CALENDAR, SchoolCalendar
from projections.base import Projection
from projections.view import Cursor, Database

CASES = "cases"
CASE_LAS = "case_las"
CASE_EVENTS = "case_events"
CASE_COLUMNS = (
    "case_id",
    "case_type",
    "pupil_key",
    "state",
    "state_since",
    "opened_on",
    "school_urn",
    "assignee",
    "terminal",
)
EVENT_COLUMNS = (
    "position",
    "case_id",
    "kind",
    "transition",
    "from_state",
    "to_state",
    "decided_on",
    "decision",
    "actor",
    "recorded_at",
)


class LaQueue(Projection):
    """cases + case_las + case_events (each case's steps)."""

    name = "la_queue"
    tables = (CASES, CASE_LAS, CASE_EVENTS)

    def create_tables(self, cur: Cursor, dialect: str) -> None:
        cases, las, events = (self.table(t) for t in self.tables)
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {cases} (case_id TEXT PRIMARY KEY, "
            "case_type TEXT NOT NULL, pupil_key TEXT NOT NULL, state TEXT NOT NULL, "
            "state_since TEXT NOT NULL, opened_on TEXT NOT NULL, school_urn TEXT, "
            "assignee TEXT, terminal INTEGER NOT NULL)"
        )
        cur.execute(f"CREATE INDEX IF NOT EXISTS {cases}_pupil ON {cases} (pupil_key)")
        cur.execute(
            f"CREATE INDEX IF NOT EXISTS {cases}_school ON {cases} (school_urn)"
        )
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {las} (case_id TEXT NOT NULL, "
            "la_code TEXT NOT NULL, PRIMARY KEY (case_id, la_code))"
        )
        cur.execute(f"CREATE INDEX IF NOT EXISTS {las}_la ON {las} (la_code)")
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {events} (position BIGINT PRIMARY KEY, "
            "case_id TEXT NOT NULL, kind TEXT NOT NULL, transition TEXT, "
            "from_state TEXT, to_state TEXT, decided_on TEXT, decision TEXT, "
            "actor TEXT NOT NULL, recorded_at TEXT NOT NULL)"
        )
        cur.execute(f"CREATE INDEX IF NOT EXISTS {events}_case ON {events} (case_id)")

    def apply(self, cur: Cursor, batch: Sequence[EventEnvelope]) -> None:
        for e in batch:
            if e.event_type == "case_opened":
                self._opened(cur, e)
            elif e.event_type == "case_transitioned":
                self._transitioned(cur, e)
            elif e.event_type == "case_assigned":
                self._assigned(cur, e)
            elif e.event_type == "case_redated":
                self._redated(cur, e)

    def _opened(self, cur: Cursor, e: EventEnvelope) -> None:
        p, case_id = e.payload, e.originator_id
        terminal = p["state"] in CASE_TYPES[p["case_type"]].terminal_states
        cur.execute(
            f"INSERT INTO {self.table(CASES)} ({', '.join(CASE_COLUMNS)}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (case_id) DO NOTHING",
            (
                case_id,
                p["case_type"],
                e.pupil_key,
                p["state"],
                p["opened_on"],
                p["opened_on"],
                p.get("school_urn"),
                None,
                int(terminal),
            ),
        )
        for la_code in p.get("la_codes") or []:
            cur.execute(
                f"INSERT INTO {self.table(CASE_LAS)} (case_id, la_code) VALUES (?, ?) "
                "ON CONFLICT (case_id, la_code) DO NOTHING",
                (case_id, la_code),
            )
        self._event(cur, e, "opened", None, None, p["state"], p["opened_on"], None)

    def _transitioned(self, cur: Cursor, e: EventEnvelope) -> None:
        p = e.payload
        rows = cur.execute(
            f"SELECT case_type FROM {self.table(CASES)} WHERE case_id = ?",
            (e.originator_id,),
        )
        if not rows:
            return
        terminal = p["to_state"] in CASE_TYPES[rows[0][0]].terminal_states
        cur.execute(
            f"UPDATE {self.table(CASES)} SET state = ?, state_since = ?, terminal = ? "
            "WHERE case_id = ?",
            (p["to_state"], p["decided_on"], int(terminal), e.originator_id),
        )
        self._event(
            cur,
            e,
            "transitioned",
            p["transition"],
            p["from_state"],
            p["to_state"],
            p["decided_on"],
            p.get("decision"),
        )

    def _redated(self, cur: Cursor, e: EventEnvelope) -> None:
        p = e.payload
        cur.execute(
            f"UPDATE {self.table(CASES)} SET opened_on = ?, state_since = ? "
            "WHERE case_id = ?",
            (p["opened_on"], p["state_since"], e.originator_id),
        )
        self._event(cur, e, "redated", None, None, None, p["opened_on"], None)

    def _assigned(self, cur: Cursor, e: EventEnvelope) -> None:
        cur.execute(
            f"UPDATE {self.table(CASES)} SET assignee = ? WHERE case_id = ?",
            (e.payload.get("assignee"), e.originator_id),
        )
        self._event(cur, e, "assigned", None, None, None, None, None)

    def _event(self, cur: Cursor, e: EventEnvelope, kind: str, *fields: Any) -> None:
        transition, from_state, to_state, decided_on, decision = fields
        actor = e.payload.get("actor") or e.payload.get("opened_by") or {}
        cur.execute(
            f"INSERT INTO {self.table(CASE_EVENTS)} ({', '.join(EVENT_COLUMNS)}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (position) DO NOTHING",
            (
                e.position,
                e.originator_id,
                kind,
                transition,
                from_state,
                to_state,
                decided_on,
                decision,
                json.dumps(actor, sort_keys=True),
                e.recorded_at,
            ),
        )


# --- queries ------------------------------------------------------------------


@dataclass(frozen=True)
class QueueQuery:
    """An LA's open cases on a day, narrowed by type, state, school, assignee."""

    la_code: str
    today: date
    # The calendar of each case's school (by URN): deadlines count on it.
    calendar_of: Callable[[str | None], SchoolCalendar] = lambda _urn: DEFAULT_CALENDAR
    case_type: str | None = None
    state: str | None = None
    school_urn: str | None = None
    assignee: str | None = None
    overdue: bool | None = None
    offset: int = 0
    limit: int = 100


def queue(db: Database, query: QueueQuery) -> dict[str, Any]:
    """A page of open cases by urgency (overdue first, then soonest due, oldest),
    the total, counts per type and state, and the next page's offset."""
    where, params = ["l.la_code = ?", "c.terminal = 0"], [query.la_code]
    for column, value in (
        ("c.case_type", query.case_type),
        ("c.state", query.state),
        ("c.school_urn", query.school_urn),
        ("c.assignee", query.assignee),
    ):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    rows = db.query(
        f"SELECT {', '.join('c.' + c for c in CASE_COLUMNS)} FROM cases c "
        f"JOIN case_las l ON l.case_id = c.case_id WHERE {' AND '.join(where)}",
        params,
    )
    items = []
    for r in rows:
        case = dict(zip(CASE_COLUMNS, r, strict=True))
        calendar = query.calendar_of(case["school_urn"])
        items.append(with_deadline(case, query.today, calendar))
    if query.overdue is not None:
        items = [i for i in items if i["overdue"] is query.overdue]
    items.sort(key=_urgency)
    counts = Counter((i["case_type"], i["state"]) for i in items)
    page = items[query.offset : query.offset + query.limit]
    more = query.offset + query.limit < len(items)
    return {
        "data": page,
        "count": len(items),
        "counts": [
            {"case_type": t, "state": s, "count": n}
            for (t, s), n in sorted(counts.items())
        ],
        "next_cursor": str(query.offset + query.limit) if more else None,
    }


def with_deadline(
    case: dict[str, Any], today: date, calendar: SchoolCalendar = DEFAULT_CALENDAR
) -> dict[str, Any]:
    """The case with its age and next deadline in school days, as of today."""
    case_type = CASE_TYPES[case["case_type"]]
    since, opened = (
        date.fromisoformat(case["state_since"]),
        date.fromisoformat(case["opened_on"]),
    )
    case["terminal"] = bool(case["terminal"])
    case["age_school_days"] = max(calendar.school_days_between(opened, today) - 1, 0)
    running = (
        None
        if case["terminal"]
        else case_type.next_deadline(case["state"], since, calendar)
    )
    case["next_deadline"] = None
    case["overdue"] = False
    case["overdue_school_days"] = 0
    if running is not None:
        deadline, due = running
        case["next_deadline"] = {
            "name": deadline.name,
            "due": due.isoformat(),
            "source": deadline.source,
            "verified": deadline.verified,
            "local_practice": deadline.local_practice,
            "calendar": calendar.counted_on(due),
        }
        case["overdue"] = today > due
        if case["overdue"]:  # school days since the due day, today counted
            case["overdue_school_days"] = max(
                calendar.school_days_between(due, today) - 1, 1
            )
    case["allowed_transitions"] = case_type.open_to_people(case["state"])
    return case


def _urgency(case: dict[str, Any]) -> tuple[int, str, str]:
    due = case["next_deadline"]["due"] if case["next_deadline"] else "9999-12-31"
    return (0 if case["overdue"] else 1, due, case["opened_on"])


def get_case(
    db: Database,
    case_id: str,
    today: date,
    calendar: SchoolCalendar = DEFAULT_CALENDAR,
) -> dict[str, Any] | None:
    """One case with its LAs and every step, or None."""
    rows = db.query(
        f"SELECT {', '.join(CASE_COLUMNS)} FROM cases WHERE case_id = ?", (case_id,)
    )
    if not rows:
        return None
    case = with_deadline(dict(zip(CASE_COLUMNS, rows[0], strict=True)), today, calendar)
    case["la_codes"] = [
        r[0]
        for r in db.query(
            "SELECT la_code FROM case_las WHERE case_id = ? ORDER BY la_code",
            (case_id,),
        )
    ]
    steps = db.query(
        f"SELECT {', '.join(EVENT_COLUMNS)} FROM case_events WHERE case_id = ? "
        "ORDER BY position",
        (case_id,),
    )
    case["steps"] = [dict(zip(EVENT_COLUMNS, r, strict=True)) for r in steps]
    for step in case["steps"]:
        step["actor"] = json.loads(step["actor"])
    return case


def open_cases_of(db: Database, pupil_key: str, case_type: str) -> list[str]:
    """Ids of the child's open cases of a type (the register moves them on)."""
    rows = db.query(
        "SELECT case_id FROM cases WHERE pupil_key = ? AND case_type = ? "
        "AND terminal = 0 ORDER BY opened_on",
        (pupil_key, case_type),
    )
    return [str(r[0]) for r in rows]


def school_cases(
    db: Database,
    urn: str,
    today: date,
    calendar: SchoolCalendar = DEFAULT_CALENDAR,
) -> list[dict[str, Any]]:
    """A school's pupils' open cases, deadlines on the school's calendar."""
    rows = db.query(
        f"SELECT {', '.join(CASE_COLUMNS)} FROM cases WHERE school_urn = ? "
        "AND terminal = 0 ORDER BY opened_on",
        (urn,),
    )
    return [
        with_deadline(dict(zip(CASE_COLUMNS, r, strict=True)), today, calendar)
        for r in rows
    ]


def overdue_cases(db: Database, today: date) -> list[dict[str, Any]]:
    """Every open case past its next deadline (default calendar), with its LAs."""
    rows = db.query(f"SELECT {', '.join(CASE_COLUMNS)} FROM cases WHERE terminal = 0")
    cases = [
        with_deadline(dict(zip(CASE_COLUMNS, r, strict=True)), today) for r in rows
    ]
    overdue = [c for c in cases if c["overdue"]]
    las: dict[str, list[str]] = {}
    for case_id, la_code in db.query(  # one read, not one per case
        "SELECT l.case_id, l.la_code FROM case_las l JOIN cases c "
        "ON c.case_id = l.case_id WHERE c.terminal = 0 ORDER BY l.la_code"
    ):
        las.setdefault(str(case_id), []).append(str(la_code))
    for case in overdue:
        case["la_codes"] = las.get(str(case["case_id"]), [])
    return overdue


def open_placements(db: Database) -> list[dict[str, Any]]:
    """Section 19 placements whose case is still open, with their hours and LAs."""
    rows = db.query(
        "SELECT h.movement_id, h.pupil_key, h.effective_date, h.details, h.from_urn, "
        "h.to_urn, h.from_la, h.to_la FROM history_movements h "
        "WHERE h.movement_type = 'section19_placement'"
    )
    open_ids = {
        str(r[0])
        for r in db.query(
            "SELECT case_id FROM cases WHERE case_type = 'section19' AND terminal = 0"
        )
    }
    placements = []
    for movement_id, pupil_key, effective, details, *places in rows:
        if str(Case.create_id("section19", movement_id)) not in open_ids:
            continue
        facts = json.loads(details or "{}")
        placements.append(
            {
                "movement_id": movement_id,
                "pupil_key": pupil_key,
                "effective_date": date.fromisoformat(effective),
                "hours_per_week": facts.get("hours_per_week"),
                "places": places,
                "home_la": facts.get("home_la"),
            }
        )
    return placements
