"""Rows written in the same transaction as a command's events.

A movement's free-text note and a child's enrolment in the identity vault are not
events (they must be erasable), yet they must never outlive or go missing from the
event they belong to: a crash between two transactions, then a client retry
answered as a replay, lost the note. So the vault builds its rows (already
encrypted) as `SideWrite`s, the Registry passes them through `save(...,
side_writes=...)`, and these recorders execute them inside the transaction that
inserts the events. Either both commit or neither does.

The domain treats side writes as opaque; only this module and the vault know SQL.
The event store is chosen with eventsourcing's own `APPLICATION_RECORDER_TOPIC`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor

from services.app.storage import to_psycopg


@dataclass(frozen=True)
class SideWrite:
    """One statement in portable SQL (`?` placeholders) and its parameters."""

    sql: str
    params: tuple[Any, ...]


def side_writes_of(kwargs: dict[str, Any]) -> Sequence[SideWrite]:
    writes: Sequence[SideWrite] = kwargs.get("side_writes") or ()
    return writes


class PostgresRecorder(PostgresApplicationRecorder):
    """Side writes first, then the events, in one pipelined transaction.

    The library's own path catches an error from the events insert inside its
    transaction block and re-raises it after the block has committed; with side
    writes that could commit a note without its event. Here any error leaves the
    transaction by exception, so it rolls back. Without side writes, the library's
    path is used unchanged.
    """

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        writes = side_writes_of(kwargs)
        if not writes:
            return super().insert_events(stored_events, **kwargs)
        with (
            self.datastore.get_connection() as conn,
            conn.pipeline() as pipeline,
            conn.transaction(),
        ):
            with conn.cursor() as curs:
                for write in writes:
                    curs.execute(to_psycopg(write.sql), write.params)
            with conn.cursor() as curs:
                self._insert_stored_events(curs, stored_events, **kwargs)
                pipeline.sync()  # a conflict is raised here, inside the transaction
                return self._fetch_ids_after_insert_events(curs, stored_events)


class SQLiteRecorder(SQLiteApplicationRecorder):
    """The same for the embedded store (one file holds events and vault)."""

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        for write in side_writes_of(kwargs):
            c.execute(write.sql, write.params)
        return super()._insert_events(c, stored_events, **kwargs)
