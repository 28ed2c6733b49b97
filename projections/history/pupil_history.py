"""Per-child history: every movement with its effective date and its recorded time.

Rows keep the raw facts (movements, and the corrections and withdrawals that name
them), so the register "as known at" any past moment is a fold of the rows recorded
by then. Backdating shows as the gap between effective date and recorded time.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from events.envelope import EventEnvelope
from events.movements import MovementType, roll_after
from projections.base import Projection
from projections.view import Cursor, Database, add_missing_columns, insert_rows

# A record made more than this long after the effective date is flagged backdated.
BACKDATED_AFTER = timedelta(days=3)
# Moves counted for "moved repeatedly": changes of where a child is educated.
COUNTED_AS_MOVES = frozenset(MovementType) - {
    MovementType.SUSPENSION,
    MovementType.SUSPECTED_OFF_ROLLING,
}

AMENDMENT_COLUMNS = (
    "position",
    "movement_id",
    "pupil_key",
    "kind",
    "recorded_at",
    "reason_code",
    "changes",
    "findings",
)
MOVEMENTS = "history_movements"
AMENDMENTS = "history_amendments"
MOVEMENT_COLUMNS = (
    "movement_id",
    "pupil_key",
    "position",
    "movement_type",
    "effective_date",
    "recorded_at",
    "from_urn",
    "to_urn",
    "from_la",
    "to_la",
    "deletion_ground",
    "regulations",
    "reasons",
    "days",
    "characteristics",
    "recorded_by",
    "details",
    "findings",
    "rules_version",
)
STEPS = "history_steps"
STEP_COLUMNS = (
    "position",
    "step_id",
    "pupil_key",
    "step",
    "decided_on",
    "movement_id",
    "urn",
    "outcome",
    "recorded_at",
)
# Columns added after the tables were first created (NULL for older rows).
ADDED_MOVEMENT_COLUMNS = {
    "details": "TEXT",
    "findings": "TEXT",
    "rules_version": "TEXT",
}


class PupilHistory(Projection):
    """history_movements + history_amendments, keyed by pupil_key."""

    name = "pupil_history"
    tables = (MOVEMENTS, AMENDMENTS, STEPS)

    def create_tables(self, cur: Cursor, dialect: str) -> None:
        movements, amendments = self.table(MOVEMENTS), self.table(AMENDMENTS)
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {movements} ("
            "movement_id TEXT PRIMARY KEY, pupil_key TEXT NOT NULL, "
            "position BIGINT NOT NULL, movement_type TEXT NOT NULL, "
            "effective_date TEXT NOT NULL, recorded_at TEXT NOT NULL, "
            "from_urn TEXT, to_urn TEXT, from_la TEXT, to_la TEXT, "
            "deletion_ground TEXT, regulations TEXT, reasons TEXT NOT NULL, "
            "days REAL, characteristics TEXT NOT NULL, recorded_by TEXT NOT NULL)"
        )
        cur.execute(
            f"CREATE INDEX IF NOT EXISTS {movements}_pupil ON {movements} (pupil_key)"
        )
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {amendments} ("
            "position BIGINT PRIMARY KEY, movement_id TEXT NOT NULL, "
            "pupil_key TEXT NOT NULL, kind TEXT NOT NULL, recorded_at TEXT NOT NULL, "
            "reason_code TEXT NOT NULL, changes TEXT NOT NULL)"
        )
        cur.execute(
            f"CREATE INDEX IF NOT EXISTS {amendments}_pupil ON {amendments} (pupil_key)"
        )
        add_missing_columns(cur, dialect, movements, ADDED_MOVEMENT_COLUMNS)
        add_missing_columns(cur, dialect, amendments, {"findings": "TEXT"})
        steps = self.table(STEPS)
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {steps} ("
            "position BIGINT PRIMARY KEY, step_id TEXT NOT NULL, "
            "pupil_key TEXT NOT NULL, step TEXT NOT NULL, decided_on TEXT NOT NULL, "
            "movement_id TEXT, urn TEXT, outcome TEXT, recorded_at TEXT NOT NULL)"
        )
        cur.execute(f"CREATE INDEX IF NOT EXISTS {steps}_pupil ON {steps} (pupil_key)")

    def apply(self, cur: Cursor, batch: Sequence[EventEnvelope]) -> None:
        movements = [
            _movement_row(e) for e in batch if e.event_type == "movement_recorded"
        ]
        amendments = [
            _amendment_row(e)
            for e in batch
            if e.event_type in ("movement_corrected", "movement_withdrawn")
        ]
        insert_rows(
            cur,
            self.table(MOVEMENTS),
            MOVEMENT_COLUMNS,
            movements,
            "(movement_id) DO NOTHING",
        )
        insert_rows(
            cur,
            self.table(AMENDMENTS),
            AMENDMENT_COLUMNS,
            amendments,
            "(position) DO NOTHING",
        )
        steps = [_step_row(e) for e in batch if e.event_type == "step_recorded"]
        insert_rows(
            cur, self.table(STEPS), STEP_COLUMNS, steps, "(position) DO NOTHING"
        )


def _movement_row(e: EventEnvelope) -> tuple[Any, ...]:
    p = e.payload
    return (
        p["movement_id"],
        e.pupil_key,
        e.position,
        p["movement_type"],
        p["effective_date"],
        e.recorded_at,
        p.get("from_urn"),
        p.get("to_urn"),
        p.get("from_la"),
        p.get("to_la"),
        p.get("deletion_ground"),
        p.get("regulations"),
        json.dumps(p.get("reasons") or [], sort_keys=True),
        p.get("days"),
        json.dumps(p.get("characteristics") or {}, sort_keys=True),
        json.dumps(p.get("recorded_by") or {}, sort_keys=True),
        json.dumps(p.get("details") or {}, sort_keys=True),
        json.dumps(p.get("findings") or [], sort_keys=True),
        p.get("rules_version"),
    )


def _step_row(e: EventEnvelope) -> tuple[Any, ...]:
    p = e.payload
    return (
        e.position,
        p["step_id"],
        e.pupil_key,
        p["step"],
        p["decided_on"],
        p.get("movement_id"),
        p.get("urn"),
        p.get("outcome"),
        e.recorded_at,
    )


def _amendment_row(e: EventEnvelope) -> tuple[Any, ...]:
    p = e.payload
    kind = "withdrawn" if e.event_type == "movement_withdrawn" else "corrected"
    return (
        e.position,
        p["movement_id"],
        e.pupil_key,
        kind,
        e.recorded_at,
        p["reason_code"],
        json.dumps(p.get("changes") or {}, sort_keys=True),
        None if p.get("findings") is None else json.dumps(p["findings"]),
    )


# --- queries ------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryQuery:
    """Whose history, as known at which moment, and judged on which day."""

    pupil_key: str
    as_known_at: datetime | None = None
    today: date | None = None


def history(db: Database, query: HistoryQuery) -> dict[str, Any]:
    """The child's movements in effective-date order, corrections applied."""
    known_at = query.as_known_at.isoformat() if query.as_known_at else None
    movements = _known_movements(db, query.pupil_key, known_at)
    for amendment in _known_amendments(db, query.pupil_key, known_at):
        target = movements.get(amendment["movement_id"])
        if target is not None:
            _amend(target, amendment)
    steps: list[
        dict[str, Any]
    ] = []  # steps of no movement (a consent, an enquiry) stand on their own
    for step in _known_steps(db, query.pupil_key, known_at):
        target = movements.get(step["movement_id"] or "")
        (target["steps"] if target is not None else steps).append(step)
    events = sorted(
        movements.values(), key=lambda m: (m["effective_date"], m["position"])
    )
    # Judged on the caller's today (the register's clock), else the moment asked about.
    moment = query.as_known_at.date() if query.as_known_at else None
    today = query.today or moment
    if today is None:
        raise ValueError("a history is judged on a day: give today or as_known_at")
    return {
        "pupil_key": query.pupil_key,
        "as_known_at": known_at,
        "events": events,
        "steps": steps,
        "moves_last_365_days": _moves_in_year(events, today),
        "on_roll_at": sorted(_on_roll(events, today)),
    }


def _known_movements(
    db: Database, pupil_key: str, known_at: str | None
) -> dict[str, dict[str, Any]]:
    columns = ", ".join(MOVEMENT_COLUMNS)
    sql = f"SELECT {columns} FROM history_movements WHERE pupil_key = ?"
    params: list[Any] = [pupil_key]
    if known_at:
        sql += " AND recorded_at <= ?"
        params.append(known_at)
    out: dict[str, dict[str, Any]] = {}
    for row in db.query(sql, params):
        m = dict(zip(MOVEMENT_COLUMNS, row, strict=True))
        for name in ("reasons", "characteristics", "recorded_by"):
            m[name] = json.loads(m[name])
        m["details"] = json.loads(m["details"] or "{}")
        m["findings"] = json.loads(m["findings"] or "[]")
        m["steps"] = []
        m["type"] = m.pop("movement_type")
        m["status"] = "recorded"
        m["amendments"] = []
        m["backdated"] = _backdated(m["effective_date"], m["recorded_at"])
        out[m["movement_id"]] = m
    return out


def _known_amendments(
    db: Database, pupil_key: str, known_at: str | None
) -> list[dict[str, Any]]:
    sql = (
        "SELECT position, movement_id, kind, recorded_at, reason_code, changes, "
        "findings FROM history_amendments WHERE pupil_key = ?"
    )
    params: list[Any] = [pupil_key]
    if known_at:
        sql += " AND recorded_at <= ?"
        params.append(known_at)
    cols = (
        "position",
        "movement_id",
        "kind",
        "recorded_at",
        "reason_code",
        "changes",
        "findings",
    )
    rows = [
        dict(zip(cols, r, strict=True))
        for r in db.query(sql + " ORDER BY position", params)
    ]
    for r in rows:
        r["changes"] = json.loads(r["changes"])
        r["findings"] = None if r["findings"] is None else json.loads(r["findings"])
    return rows


def _known_steps(
    db: Database, pupil_key: str, known_at: str | None
) -> list[dict[str, Any]]:
    columns = ", ".join(STEP_COLUMNS)
    sql = f"SELECT {columns} FROM history_steps WHERE pupil_key = ?"
    params: list[Any] = [pupil_key]
    if known_at:
        sql += " AND recorded_at <= ?"
        params.append(known_at)
    rows = db.query(sql + " ORDER BY decided_on, position", params)
    return [dict(zip(STEP_COLUMNS, r, strict=True)) for r in rows]


def _amend(movement: dict[str, Any], amendment: dict[str, Any]) -> None:
    movement["amendments"].append(
        {k: amendment[k] for k in ("kind", "recorded_at", "reason_code", "changes")}
    )
    if amendment["kind"] == "withdrawn":
        movement["status"] = "withdrawn"
        return
    movement.update(amendment["changes"])
    if amendment["findings"] is not None:  # the movement as corrected, re-judged
        movement["findings"] = amendment["findings"]
    movement["status"] = "corrected"
    movement["backdated"] = _backdated(
        movement["effective_date"], movement["recorded_at"]
    )


def _backdated(effective_date: str, recorded_at: str) -> bool:
    recorded = datetime.fromisoformat(recorded_at).date()
    return recorded - date.fromisoformat(effective_date) > BACKDATED_AFTER


def _active_until(events: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    return [
        e
        for e in events
        if e["status"] != "withdrawn"
        and date.fromisoformat(e["effective_date"]) <= today
    ]


def _moves_in_year(events: list[dict[str, Any]], today: date) -> int:
    since = today - timedelta(days=365)
    return sum(
        1
        for e in _active_until(events, today)
        if MovementType(e["type"]) in COUNTED_AS_MOVES
        and date.fromisoformat(e["effective_date"]) > since
    )


def _on_roll(events: list[dict[str, Any]], today: date) -> frozenset[str]:
    moves = (
        (MovementType(e["type"]), e["from_urn"], e["to_urn"])
        for e in _active_until(events, today)
    )
    on_roll, _left = roll_after(moves)
    return on_roll
