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
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from events.registry import Registry
from projections.view import Database, read_position, write_position

log = logging.getLogger(__name__)
NAME = "event_chain"
GENESIS = "0" * 64
DDL = (
    "CREATE TABLE IF NOT EXISTS event_chain (position BIGINT PRIMARY KEY, "
    "hash TEXT NOT NULL)"
)
# The latest full verification, one row, read by /readyz and /metrics in every
# process (a probe must not rehash the log).
CHECK_DDL = (
    "CREATE TABLE IF NOT EXISTS event_chain_check (id INTEGER PRIMARY KEY, "
    "checked_at TEXT NOT NULL, checked BIGINT NOT NULL, broken_at BIGINT, "
    "head TEXT NOT NULL)"
)


def create_chain_tables(db: Database) -> None:
    with db.transaction() as cur:
        cur.execute(DDL)
        cur.execute(CHECK_DDL)


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
            create_chain_tables(db)

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

    def verify_and_keep(self, at: str) -> ChainCheck:
        """Chain what is new, verify everything, and keep the result for probes."""
        self.catch_up()
        check = self.verify()
        with self.db.transaction() as cur:
            cur.execute(
                "INSERT INTO event_chain_check (id, checked_at, checked, broken_at, "
                "head) VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                "checked_at = excluded.checked_at, checked = excluded.checked, "
                "broken_at = excluded.broken_at, head = excluded.head",
                (at, check.checked, check.broken_at, check.head),
            )
        return check

    def _hash_before(self, start: int) -> str:
        rows = self.db.query(
            "SELECT hash FROM event_chain WHERE position < ? "
            "ORDER BY position DESC LIMIT 1",
            (start,),
        )
        return str(rows[0][0]) if rows else GENESIS


def last_check(db: Database) -> dict[str, Any]:
    """The latest verification as probes report it: intact, broken or unchecked."""
    rows = db.query(
        "SELECT checked_at, checked, broken_at FROM event_chain_check WHERE id = 1"
    )
    if not rows:
        return {"status": "unchecked", "verified_events": 0, "broken_at": None}
    checked_at, checked, broken_at = rows[0]
    return {
        "status": "intact" if broken_at is None else "broken",
        "verified_events": int(checked),
        "broken_at": None if broken_at is None else int(broken_at),
        "checked_at": str(checked_at),
    }


class ChainWatch:
    """Verifies the whole chain at start and every `every` seconds, on its own
    thread, keeping the result for /readyz and /metrics."""

    def __init__(
        self, chain: EventChain, every: float, clock: Callable[[], datetime]
    ) -> None:
        self.chain, self.every, self.clock = chain, every, clock
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="chain", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                check = self.chain.verify_and_keep(self.clock().isoformat())
                if not check.ok:
                    log.error("event log chain broken at position %s", check.broken_at)
            except Exception:  # the store is down: try again next round
                log.exception("event log verification failed")
            self._stop.wait(self.every)

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)
