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


# What the serving role may do once `pmr migrate` has made the schema: read and
# write the read models, vault and logs; read and append events. UPDATE on the event
# table stays because the library takes its insert lock with LOCK TABLE ... IN
# EXCLUSIVE MODE, which PostgreSQL allows only with UPDATE, DELETE or TRUNCATE; the
# triggers refuse any actual update, and only the owner could switch them off.
APP_GRANTS = (
    "GRANT USAGE ON SCHEMA public TO pmr_app",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO pmr_app",
    f"REVOKE DELETE, TRUNCATE ON {EVENTS_TABLE} FROM pmr_app",
    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO pmr_app",
    # The login role serving processes use (deploy/postgres-serve-role.sh), if any.
    "DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'pmr_serve') "
    "THEN GRANT pmr_app TO pmr_serve; END IF; END $$",
)


def grant_app_role(dsn: str) -> None:
    """Give the `pmr_app` role what serving needs on every table, after migrating."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        for statement in APP_GRANTS:
            conn.execute(statement)  # trusted DDL shipped with the code
