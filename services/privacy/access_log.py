"""Every read of a child's record, kept so the data subject can see who saw it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from projections.view import Database

DDL = (
    "CREATE TABLE IF NOT EXISTS access_log ("
    "pupil_key TEXT NOT NULL, at TEXT NOT NULL, role TEXT NOT NULL, "
    "organisation TEXT NOT NULL, action TEXT NOT NULL, purpose TEXT NOT NULL)"
)


@dataclass(frozen=True)
class Access:
    """One read: which child, when, by what role and organisation, and why."""

    pupil_key: str
    role: str
    organisation: str
    action: str
    purpose: str


class AccessLog:
    """Append-only log of reads of children's records."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def create_tables(self) -> None:
        with self.db.transaction() as cur:
            cur.execute(DDL)
            cur.execute(
                "CREATE INDEX IF NOT EXISTS access_log_pupil ON access_log (pupil_key)"
            )

    def record(self, access: Access) -> None:
        with self.db.transaction() as cur:
            cur.execute(
                "INSERT INTO access_log "
                "(pupil_key, at, role, organisation, action, purpose) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    access.pupil_key,
                    datetime.now(UTC).isoformat(),
                    access.role,
                    access.organisation,
                    access.action,
                    access.purpose,
                ),
            )

    def for_pupil(self, pupil_key: str) -> list[dict[str, Any]]:
        cols = ("at", "role", "organisation", "action", "purpose")
        rows = self.db.query(
            f"SELECT {', '.join(cols)} FROM access_log WHERE pupil_key = ? ORDER BY at",
            (pupil_key,),
        )
        return [dict(zip(cols, r, strict=True)) for r in rows]
