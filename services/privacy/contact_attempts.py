"""Failed attempts to identify a child, per child, organisation and day.

The count behind the first-contact limit (services/recording/first_contact.py),
kept apart so the composition root can create its table.
"""

from __future__ import annotations

from projections.view import Database

DDL = """
CREATE TABLE IF NOT EXISTS first_contact_failures (
    pupil_key TEXT NOT NULL,
    organisation TEXT NOT NULL,
    day TEXT NOT NULL,
    failures INTEGER NOT NULL,
    PRIMARY KEY (pupil_key, organisation, day)
)
"""


class ContactAttempts:
    def __init__(self, db: Database) -> None:
        self.db = db

    def create_tables(self) -> None:
        with self.db.transaction() as cur:
            cur.execute(DDL)

    def failures(self, pupil_key: str, organisation: str, day: str) -> int:
        rows = self.db.query(
            "SELECT failures FROM first_contact_failures "
            "WHERE pupil_key = ? AND organisation = ? AND day = ?",
            (pupil_key, organisation, day),
        )
        return int(rows[0][0]) if rows else 0

    def count_failure(self, pupil_key: str, organisation: str, day: str) -> int:
        """Count one more failure; return the day's count so far."""
        with self.db.transaction() as cur:
            rows = cur.execute(
                "INSERT INTO first_contact_failures "
                "(pupil_key, organisation, day, failures) VALUES (?, ?, ?, 1) "
                "ON CONFLICT (pupil_key, organisation, day) "
                "DO UPDATE SET failures = first_contact_failures.failures + 1 "
                "RETURNING failures",
                (pupil_key, organisation, day),
            )
        return int(rows[0][0])
