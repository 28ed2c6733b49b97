"""Database-enforced immutability of the event table, applied at every start.

The library creates `registry_events`; these steps make the database itself refuse
UPDATE, DELETE and TRUNCATE on it (triggers on PostgreSQL and SQLite; privileges on
PostgreSQL, with a `pmr_app` role that may only SELECT and INSERT).
"""

from __future__ import annotations

import sqlite3
from importlib.resources import files

import psycopg

EVENTS_TABLE = "registry_events"  # PostgreSQL: "{app name}_events"
SQLITE_EVENTS_TABLE = "stored_events"  # the SQLite recorder's fixed name

SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER IF NOT EXISTS {SQLITE_EVENTS_TABLE}_no_update
        BEFORE UPDATE ON {SQLITE_EVENTS_TABLE}
        BEGIN SELECT RAISE(ABORT, 'stored events are append-only'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {SQLITE_EVENTS_TABLE}_no_delete
        BEFORE DELETE ON {SQLITE_EVENTS_TABLE}
        BEGIN SELECT RAISE(ABORT, 'stored events are append-only'); END""",
)


def apply_immutability(dsn: str) -> None:
    """PostgreSQL: triggers refusing UPDATE/DELETE/TRUNCATE, and revoked privileges."""
    sql = files("services").joinpath("sql/immutability.sql").read_text()
    with psycopg.connect(dsn, autocommit=True) as conn:
        # Serialise concurrent starts (several processes applying the same DDL).
        conn.execute("SELECT pg_advisory_lock(hashtext('pmr.migrations'))")
        try:
            conn.execute(sql)  # trusted DDL shipped with the code
        finally:
            conn.execute("SELECT pg_advisory_unlock(hashtext('pmr.migrations'))")


def apply_sqlite_immutability(path: str) -> None:
    """SQLite: triggers refusing UPDATE and DELETE (SQLite has no TRUNCATE)."""
    with sqlite3.connect(path, timeout=30) as conn:
        for statement in SQLITE_TRIGGERS:
            conn.execute(statement)
