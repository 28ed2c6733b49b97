"""What a projection needs from a database, and the tracking every view keeps.

Projections write SQL in the portable subset SQLite and PostgreSQL share, with `?`
placeholders; `services/app/storage.py` supplies the connections. A view's rows and its
position in the event log change in one transaction, so a crash at any point leaves
either both or neither: replaying from the stored position is then idempotent.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

Row = tuple[Any, ...]


class Cursor(Protocol):
    """The part of a DB-API cursor the views use."""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...


class Database(Protocol):
    """A place to keep read models: SQLite embedded, PostgreSQL in production."""

    dialect: str

    def transaction(self) -> AbstractContextManager[Cursor]: ...

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...


TRACKING_DDL = """
CREATE TABLE IF NOT EXISTS projection_tracking (
    projection TEXT PRIMARY KEY,
    position BIGINT NOT NULL
)
"""


def create_tracking_table(db: Database) -> None:
    with db.transaction() as cur:
        cur.execute(TRACKING_DDL)


def read_position(db: Database, projection: str) -> int:
    """How far this projection has applied the log (0 = nothing yet)."""
    rows = db.query(
        "SELECT position FROM projection_tracking WHERE projection = ?", (projection,)
    )
    return int(rows[0][0]) if rows else 0


def write_position(cur: Cursor, projection: str, position: int) -> None:
    """Advance the position inside the caller's transaction; never move it back."""
    cur.execute(
        "INSERT INTO projection_tracking (projection, position) VALUES (?, ?) "
        "ON CONFLICT (projection) DO UPDATE SET position = excluded.position "
        "WHERE projection_tracking.position < excluded.position",
        (projection, position),
    )


def reset_position(cur: Cursor, projection: str, position: int) -> None:
    """Set the position, even backwards (republishing, rebuilding)."""
    cur.execute(
        "INSERT INTO projection_tracking (projection, position) VALUES (?, ?) "
        "ON CONFLICT (projection) DO UPDATE SET position = excluded.position",
        (projection, position),
    )


def insert_rows(
    cur: Cursor,
    table: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    on_conflict: str = "",
    chunk: int = 500,
) -> None:
    """Bulk insert: COPY where the database offers it, else multi-row INSERTs."""
    if not rows:
        return
    copy_into = getattr(cur, "copy_into", None)
    if copy_into is not None:
        copy_into(table, columns, rows, on_conflict)
        return
    row_marks = "(" + ", ".join("?" * len(columns)) + ")"
    for start in range(0, len(rows), chunk):
        part = rows[start : start + chunk]
        cur.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
            + ", ".join([row_marks] * len(part))
            + (f" ON CONFLICT {on_conflict}" if on_conflict else ""),
            [value for row in part for value in row],
        )


def add_missing_columns(
    cur: Cursor, dialect: str, table: str, columns: dict[str, str]
) -> None:
    """Columns added to a read model after it was first created (NULL in old rows)."""
    if dialect == "postgresql":
        for name, sql_type in columns.items():
            cur.execute(
                f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {name} {sql_type}"
            )
        return
    existing = {row[1] for row in cur.execute(f"PRAGMA table_info({table})")}
    for name, sql_type in columns.items():
        if name not in existing:
            cur.execute(f"ALTER TABLE {table} ADD COLUMN {name} {sql_type}")
