"""Which children have a restriction or objection in force (UK GDPR arts 18, 21),
for every onward use that must leave them out (events.processing_limits)."""

from __future__ import annotations

from collections.abc import Sequence

from events.envelope import EventEnvelope
from projections.base import Projection
from projections.view import Cursor, Database

LIMITS = "processing_limits"


class ProcessingLimits(Projection):
    """processing_limits: one row per child and kind in force, with its date."""

    name = "processing_limits"
    tables = (LIMITS,)

    def create_tables(self, cur: Cursor, dialect: str) -> None:
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {self.table(LIMITS)} ("
            "pupil_key TEXT NOT NULL, kind TEXT NOT NULL, since TEXT NOT NULL, "
            "article TEXT NOT NULL, "
            "PRIMARY KEY (pupil_key, kind))"
        )

    def apply(self, cur: Cursor, batch: Sequence[EventEnvelope]) -> None:
        table = self.table(LIMITS)
        for e in batch:
            if e.event_type == "processing_limited":
                cur.execute(
                    f"INSERT INTO {table} (pupil_key, kind, since, article) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (pupil_key, kind) DO NOTHING",
                    (e.pupil_key, e.payload["kind"], e.recorded_at[:10],
                     e.payload["article"]),
                )  # fmt: skip
            elif e.event_type == "processing_limit_lifted":
                cur.execute(
                    f"DELETE FROM {table} WHERE pupil_key = ? AND kind = ?",
                    (e.pupil_key, e.payload["kind"]),
                )


def limited_children(db: Database) -> set[str]:
    """Every child with a restriction or objection in force."""
    return {str(r[0]) for r in db.query(f"SELECT DISTINCT pupil_key FROM {LIMITS}")}


def limits_of(db: Database, pupil_key: str) -> list[dict[str, str]]:
    """The child's restrictions and objections in force, for their own record."""
    rows = db.query(
        f"SELECT kind, since, article FROM {LIMITS} WHERE pupil_key = ? ORDER BY kind",
        (pupil_key,),
    )
    return [{"kind": k, "since": s, "article": a} for k, s, a in rows]
