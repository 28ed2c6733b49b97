"""A version number per reference table, bumped in the same transaction as a write.

Reports cache what they derive from reference data (headcounts, schools' LAs) and
compare versions to know when to recompute; a number in the database, unlike a
counter in memory, is seen by every API process.
"""

from __future__ import annotations

from projections.view import Cursor, Database

DDL = (
    "CREATE TABLE IF NOT EXISTS reference_versions "
    "(name TEXT PRIMARY KEY, version BIGINT NOT NULL)"
)


def create_table(cur: Cursor) -> None:
    cur.execute(DDL)


def bump(cur: Cursor, name: str) -> None:
    cur.execute(
        "INSERT INTO reference_versions (name, version) VALUES (?, 1) "
        "ON CONFLICT (name) DO UPDATE SET version = reference_versions.version + 1",
        (name,),
    )


def read_versions(db: Database) -> tuple[tuple[str, int], ...]:
    """Every reference table's version, for a cache key."""
    rows = db.query("SELECT name, version FROM reference_versions ORDER BY name")
    return tuple((str(name), int(version)) for name, version in rows)


def read_version(db: Database, name: str) -> int:
    rows = db.query("SELECT version FROM reference_versions WHERE name = ?", (name,))
    return int(rows[0][0]) if rows else 0
