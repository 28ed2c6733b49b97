"""Exits off roll around the spring census, per school: the census-spike projection.

One row per movement that takes a child off a school's roll (deletion, elective
home education, managed move), with its ground, year group, effective date and the
time the register learnt of it. Corrections move the row's dates and ground;
withdrawals stamp it as withdrawn (rows are never deleted, so the report as known
at any earlier moment can be recomputed). The report maths is in census_queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from events.envelope import EventEnvelope
from events.movements import MOVEMENT_TYPES, MovementType
from projections.base import Projection
from projections.view import Cursor, insert_rows

EXITS = "census_exits"
EXIT_COLUMNS = (
    "movement_id",
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
    """census_exits: who left which school's roll when (no pupil_key kept)."""

    name = "census_spike"
    tables = (EXITS,)

    def create_tables(self, cur: Cursor, dialect: str) -> None:
        exits = self.table(EXITS)
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {exits} (movement_id TEXT PRIMARY KEY, "
            "urn TEXT NOT NULL, la_code TEXT, year_group TEXT, "
            "movement_type TEXT NOT NULL, ground TEXT, effective_date TEXT NOT NULL, "
            "recorded_at TEXT NOT NULL, withdrawn_at TEXT)"
        )
        cur.execute(f"CREATE INDEX IF NOT EXISTS {exits}_urn ON {exits} (urn)")
        cur.execute(f"CREATE INDEX IF NOT EXISTS {exits}_la ON {exits} (la_code)")

    def apply(self, cur: Cursor, batch: Sequence[EventEnvelope]) -> None:
        exits = self.table(EXITS)
        rows = [_exit_row(e) for e in batch if _is_exit(e)]
        insert_rows(cur, exits, EXIT_COLUMNS, rows, "(movement_id) DO NOTHING")
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


def _exit_row(envelope: EventEnvelope) -> tuple[Any, ...]:
    p = envelope.payload
    ground = p.get("deletion_ground")
    if p["movement_type"] == MovementType.MANAGED_MOVE.value:
        ground = "managed_move"
    elif p["movement_type"] == MovementType.ELECTIVE_HOME_EDUCATION.value:
        ground = "elective_home_education"  # reg 9(1)(f), implied by the type
    return (
        p["movement_id"],
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
