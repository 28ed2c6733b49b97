"""Tamper evidence for the event log: a hash chain over every stored event.

A follower of the notification log hashes each event (its position, topic, stream,
version and stored bytes) together with the previous event's hash, and keeps the
hashes in `event_chain`. `pmr audit verify` recomputes the chain from the stored
events and names the first position whose event was rewritten, deleted or moved:
the database refuses UPDATE and DELETE on the event table, and this catches what an
owner who switched that protection off did anyway. The head hash can be exported
(`pmr audit verify` prints it) and kept elsewhere, so the chain table cannot be
rewritten to match without that being seen.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from events.registry import Registry
from projections.view import Database, read_position, write_position

NAME = "event_chain"
GENESIS = "0" * 64
DDL = (
    "CREATE TABLE IF NOT EXISTS event_chain (position BIGINT PRIMARY KEY, "
    "hash TEXT NOT NULL)"
)


def link(prev_hash: str, notification: Any) -> str:
    """The hash of one stored event chained to its predecessor's."""
    digest = hashlib.sha256(prev_hash.encode())
    header = (
        f"|{notification.id}|{notification.topic}|{notification.originator_id}"
        f"|{notification.originator_version}|"
    )
    digest.update(header.encode())
    digest.update(bytes(notification.state))
    return digest.hexdigest()


@dataclass(frozen=True)
class ChainCheck:
    """How many events verified, and the first position that broke the chain."""

    checked: int
    broken_at: int | None
    head: str

    @property
    def ok(self) -> bool:
        return self.broken_at is None


class EventChain:
    """Keeps and checks the hash chain of the event log."""

    def __init__(
        self,
        registry: Registry,
        db: Database,
        batch_size: int = 1000,
        create_table: bool = True,
    ) -> None:
        self.registry, self.db, self.batch_size = registry, db, batch_size
        if create_table:
            with db.transaction() as cur:
                cur.execute(DDL)

    def follow(self) -> None:
        self.catch_up()

    def catch_up(self) -> int:
        """Chain every event after the chained position; return how many."""
        total = 0
        while True:
            start = read_position(self.db, NAME) + 1
            notifications = self.registry.recorder.select_notifications(
                start=start, limit=self.batch_size
            )
            if not notifications:
                return total
            prev = self._hash_before(start)
            rows = []
            for notification in notifications:
                prev = link(prev, notification)
                rows.append((notification.id, prev))
            with self.db.transaction() as cur:
                cur.executemany(
                    "INSERT INTO event_chain (position, hash) VALUES (?, ?) "
                    "ON CONFLICT (position) DO NOTHING",
                    rows,
                )
                write_position(cur, NAME, notifications[-1].id)
            total += len(notifications)

    def verify(self) -> ChainCheck:
        """Recompute the chain from the events and compare with the kept hashes."""
        kept: dict[int, str] = {
            int(p): str(h)
            for p, h in self.db.query("SELECT position, hash FROM event_chain")
        }
        prev, checked, start = GENESIS, 0, 1
        while True:
            notifications = self.registry.recorder.select_notifications(
                start=start, limit=self.batch_size
            )
            for notification in notifications:
                expected = kept.pop(notification.id, None)
                if expected is None:
                    return ChainCheck(checked, None, prev)  # not chained yet: ends here
                prev = link(prev, notification)
                if prev != expected:
                    return ChainCheck(checked, int(notification.id), prev)
                checked += 1
            if not notifications:
                break
            start = notifications[-1].id + 1
        if kept:  # chained events no longer in the log: deleted at the end
            return ChainCheck(checked, int(min(kept)), prev)
        return ChainCheck(checked, None, prev)

    def _hash_before(self, start: int) -> str:
        rows = self.db.query(
            "SELECT hash FROM event_chain WHERE position < ? "
            "ORDER BY position DESC LIMIT 1",
            (start,),
        )
        return str(rows[0][0]) if rows else GENESIS
