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
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor
from psycopg.sql import SQL, Identifier

from services.app.storage import to_psycopg


@dataclass(frozen=True)
class SideWrite:
    """One statement in portable SQL (`?` placeholders) and its parameters."""

    sql: str
    params: tuple[Any, ...]


def side_writes_of(kwargs: dict[str, Any]) -> Sequence[SideWrite]:
    writes: Sequence[SideWrite] = kwargs.get("side_writes") or ()
    return writes


def statements_of(
    writes: Sequence[SideWrite],
) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """The writes as one statement per distinct SQL, each with its rows in order,
    statements in order of first appearance: a group commit of hundreds of children
    sends a few statements instead of hundreds. Safe because each child's writes
    touch only its own rows, a group commit holds each child once, and no table
    refers to another; a conflict still fails the whole transaction, as before."""
    grouped: dict[str, list[tuple[Any, ...]]] = {}
    for write in writes:
        grouped.setdefault(write.sql, []).append(write.params)
    return list(grouped.items())


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
                for sql, rows in statements_of(writes):
                    curs.executemany(to_psycopg(sql), rows)
            with conn.cursor() as curs:
                self._insert_stored_events(curs, stored_events, **kwargs)
                pipeline.sync()  # a conflict is raised here, inside the transaction
                return self._fetch_ids_after_insert_events(curs, stored_events)

    def select_streams(
        self, originator_ids: Sequence[UUID]
    ) -> dict[UUID, list[StoredEvent]]:
        """Many aggregates' stored events in one round trip (a batch's children),
        each stream in version order."""
        statement = SQL(
            "SELECT originator_id, originator_version, topic, state "
            "FROM {schema}.{table} WHERE originator_id = ANY(%s) "
            "ORDER BY originator_id, originator_version"
        ).format(
            schema=Identifier(self.datastore.schema),
            table=Identifier(self.events_table_name),
        )
        streams: dict[UUID, list[StoredEvent]] = {i: [] for i in originator_ids}
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(statement, (list(originator_ids),))
            for row in curs.fetchall():
                streams[row["originator_id"]].append(
                    StoredEvent(
                        originator_id=row["originator_id"],
                        originator_version=row["originator_version"],
                        topic=row["topic"],
                        state=bytes(row["state"]),
                    )
                )
        return streams


class SQLiteRecorder(SQLiteApplicationRecorder):
    """The same for the embedded store (one file holds events and vault)."""

    def select_streams(
        self, originator_ids: Sequence[UUID]
    ) -> dict[UUID, list[StoredEvent]]:
        """Many aggregates' stored events (one file, no round trips to save)."""
        return {i: list(self.select_events(i)) for i in originator_ids}

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        for write in side_writes_of(kwargs):
            c.execute(write.sql, write.params)
        return super()._insert_events(c, stored_events, **kwargs)
