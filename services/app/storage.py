"""Database adapters behind `projections.view.Database`: SQLite and PostgreSQL.

Views and the identity vault write portable SQL with `?` placeholders; the
PostgreSQL adapter rewrites them to psycopg's `%s`.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg
from psycopg_pool import ConnectionPool

from projections.view import Row

_QMARK = re.compile(r"\?")
# A unique or foreign key refused the write, in either database.
INTEGRITY_ERRORS = (sqlite3.IntegrityError, psycopg.IntegrityError)


class SQLiteDatabase:
    """One connection per thread on a WAL-mode file (or a shared in-memory db)."""

    dialect = "sqlite"

    def __init__(self, path: str) -> None:
        self.path = path
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._lock = threading.Lock()

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA busy_timeout=30000")
            self._local.conn = conn
        return conn

    @contextmanager
    def transaction(self) -> Iterator[_SQLiteCursor]:
        conn = self._connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield _SQLiteCursor(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return list(self._connection().execute(sql, tuple(params)).fetchall())

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


class _SQLiteCursor:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return list(self._conn.execute(sql, tuple(params)).fetchall())

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self._conn.executemany(sql, [tuple(r) for r in rows])


class PostgresDatabase:
    """A psycopg 3 connection pool; each transaction is one pooled connection."""

    dialect = "postgresql"

    def __init__(
        self, dsn: str, min_size: int = 1, max_size: int = 10, timeout: float = 3.0
    ) -> None:
        # Bounded waits: with the database gone, a request fails (503) in seconds
        # instead of queueing for a connection for half a minute.
        self.pool = ConnectionPool(
            dsn,
            min_size=min_size,
            max_size=max_size,
            open=True,
            timeout=timeout,
            kwargs={"connect_timeout": max(1, int(timeout))},
            reconnect_timeout=reconnect_within(timeout),
        )

    @contextmanager
    def transaction(self) -> Iterator[_PostgresCursor]:
        with self.pool.connection() as conn, conn.transaction(), conn.cursor() as cur:
            yield _PostgresCursor(cur)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self.pool.connection() as conn, conn.cursor() as cur:
            cur.execute(to_psycopg(sql), tuple(params))
            return list(cur.fetchall()) if cur.description else []

    def close(self) -> None:
        self.pool.close()


class _PostgresCursor:
    def __init__(self, cur: Any) -> None:
        self._cur = cur

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        self._cur.execute(to_psycopg(sql), tuple(params))
        return list(self._cur.fetchall()) if self._cur.description else []

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self._cur.executemany(to_psycopg(sql), [tuple(r) for r in rows])

    def copy_into(
        self,
        table: str,
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        on_conflict: str,
    ) -> None:
        """Bulk insert: COPY into a temporary table, then INSERT ... ON CONFLICT."""
        names = ", ".join(columns)
        staging = f"pmr_staging_{table}"
        self._cur.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {staging} "  # one per connection
            f"(LIKE {table} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
        )
        with self._cur.copy(f"COPY {staging} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        conflict = f" ON CONFLICT {on_conflict}" if on_conflict else ""
        self._cur.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM {staging}{conflict}"
        )
        self._cur.execute(f"DELETE FROM {staging}")


def reconnect_within(timeout: float) -> float:
    """How long a pool keeps one reconnection attempt going (with backoff) before
    giving it up; the next request then starts a fresh one at once. psycopg_pool's
    default is 5 minutes of doubling delays, so after a long outage the first write
    waited up to a minute for the next scheduled attempt (bench/outage.py)."""
    return 2 * timeout


def bound_reconnects(pool: Any, timeout: float) -> None:
    """The same bound on a pool built by a library that does not expose it."""
    pool.reconnect_timeout = reconnect_within(timeout)


def to_psycopg(sql: str) -> str:
    return _QMARK.sub("%s", sql.replace("%", "%%"))


def open_database(
    url: str, pool_size: int = 10, timeout: float = 3.0
) -> SQLiteDatabase | PostgresDatabase:
    """The read-model database for a PMR_DATABASE_URL."""
    if url.startswith("sqlite:///"):
        return SQLiteDatabase(url.removeprefix("sqlite:///") or ":memory:")
    if url.startswith(("postgresql://", "postgres://")):
        return PostgresDatabase(url, max_size=pool_size, timeout=timeout)
    raise ValueError(f"unsupported database URL scheme: {urlsplit(url).scheme}")
