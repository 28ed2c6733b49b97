"""Exits off roll around the spring census, per school: the census-spike projection.

One row per movement that takes a child off a school's roll (deletion, elective
home education, managed move), with its ground, year group, effective date and the
time the register learnt of it. Corrections move the row's dates and ground;
withdrawals stamp it as withdrawn (rows are never deleted, so the report as known
at any earlier moment can be recomputed). A `suspected_off_rolling` report about a
child and a school is kept in census_disputes: that school's exits of that child
count as disputed. The pseudonymous pupil_key is kept only to match the two; no
report returns it. The report maths is in census_queries and census_measures.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from events.envelope import EventEnvelope
from events.movements import MOVEMENT_TYPES, MovementType
from projections.base import Projection
from projections.view import Cursor, insert_rows

EXITS = "census_exits"
DISPUTES = "census_disputes"
EXIT_COLUMNS = (
    "movement_id",
    "pupil_key",
    "urn",
    "la_code",
    "year_group",
    "movement_type",
    "ground",
    "effective_date",
    "recorded_at",
)
LEAVING_TYPES = frozenset(t.value for t, r in MOVEMENT_TYPES.items() if r.leaves_roll)


class CensusSpike(Projection):
    """census_exits: which school's roll a child left, when, and on what ground."""

    name = "census_spike"
    tables = (EXITS, DISPUTES)

    def create_tables(self, cur: Cursor, dialect: str) -> None:
        exits = self.table(EXITS)
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {exits} (movement_id TEXT PRIMARY KEY, "
            "pupil_key TEXT NOT NULL, urn TEXT NOT NULL, la_code TEXT, "
            "year_group TEXT, "
            "movement_type TEXT NOT NULL, ground TEXT, effective_date TEXT NOT NULL, "
            "recorded_at TEXT NOT NULL, withdrawn_at TEXT)"
        )
        cur.execute(f"CREATE INDEX IF NOT EXISTS {exits}_urn ON {exits} (urn)")
        cur.execute(f"CREATE INDEX IF NOT EXISTS {exits}_la ON {exits} (la_code)")
        cur.execute(
            f"CREATE INDEX IF NOT EXISTS {exits}_effective ON {exits} (effective_date)"
        )
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {self.table(DISPUTES)} ("
            "pupil_key TEXT NOT NULL, urn TEXT NOT NULL, reported_at TEXT NOT NULL, "
            "PRIMARY KEY (pupil_key, urn))"
        )

    def apply(self, cur: Cursor, batch: Sequence[EventEnvelope]) -> None:
        exits = self.table(EXITS)
        rows = [_exit_row(e) for e in batch if _is_exit(e)]
        insert_rows(cur, exits, EXIT_COLUMNS, rows, "(movement_id) DO NOTHING")
        disputes = {
            (e.pupil_key, e.payload["from_urn"]): e.recorded_at
            for e in reversed(batch)  # the first report of a pair wins
            if _is_dispute(e)
        }
        insert_rows(
            cur,
            self.table(DISPUTES),
            ("pupil_key", "urn", "reported_at"),
            [(key, urn, at) for (key, urn), at in disputes.items()],
            "(pupil_key, urn) DO NOTHING",
        )
        for envelope in batch:
            if envelope.event_type == "movement_corrected":
                _correct(cur, exits, envelope.payload)
            elif envelope.event_type == "movement_withdrawn":
                cur.execute(
                    f"UPDATE {exits} SET withdrawn_at = ? "
                    "WHERE movement_id = ? AND withdrawn_at IS NULL",
                    (envelope.recorded_at, envelope.payload["movement_id"]),
                )


def _is_exit(envelope: EventEnvelope) -> bool:
    p = envelope.payload
    return (
        envelope.event_type == "movement_recorded"
        and p.get("movement_type") in LEAVING_TYPES
        and bool(p.get("from_urn"))
    )


def _is_dispute(envelope: EventEnvelope) -> bool:
    p = envelope.payload
    return (
        envelope.event_type == "movement_recorded"
        and p.get("movement_type") == MovementType.SUSPECTED_OFF_ROLLING.value
        and bool(p.get("from_urn"))
    )


def _exit_row(envelope: EventEnvelope) -> tuple[Any, ...]:
    p = envelope.payload
    ground = p.get("deletion_ground")
    if p["movement_type"] == MovementType.MANAGED_MOVE.value:
        ground = "managed_move"
    elif p["movement_type"] == MovementType.ELECTIVE_HOME_EDUCATION.value:
        ground = "elective_home_education"  # reg 9(1)(f), implied by the type
    return (
        p["movement_id"],
        envelope.pupil_key,
        p["from_urn"],
        p.get("from_la"),
        (p.get("characteristics") or {}).get("year_group"),
        p["movement_type"],
        ground,
        p["effective_date"],
        envelope.recorded_at,
    )


def _correct(cur: Cursor, exits: str, payload: dict[str, Any]) -> None:
    changes = payload.get("changes") or {}
    if "effective_date" in changes:
        cur.execute(
            f"UPDATE {exits} SET effective_date = ? WHERE movement_id = ?",
            (changes["effective_date"], payload["movement_id"]),
        )
    if "deletion_ground" in changes:
        cur.execute(
            f"UPDATE {exits} SET ground = ? WHERE movement_id = ?",
            (changes["deletion_ground"], payload["movement_id"]),
        )
