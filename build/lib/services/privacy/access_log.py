"""Every read of a child's record, kept so the data subject can see who saw it.

The log is a hash chain: each entry's hash covers the previous entry's hash and its
own fields, and a one-row head holds the latest. Rewriting, deleting or inserting an
entry breaks the chain from that point, and `pmr audit verify` says where. Appends
are serialised by updating the head first (a row lock on PostgreSQL, the write lock
on SQLite), so concurrent readers' entries chain in one order.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from events.clock import utc_now
from projections.view import Cursor, Database, add_missing_columns

DDL = (
    "CREATE TABLE IF NOT EXISTS access_log ("
    "pupil_key TEXT NOT NULL, at TEXT NOT NULL, role TEXT NOT NULL, "
    "organisation TEXT NOT NULL, action TEXT NOT NULL, purpose TEXT NOT NULL)"
)
HEAD_DDL = (
    "CREATE TABLE IF NOT EXISTS access_log_head (id INTEGER PRIMARY KEY, "
    "seq BIGINT NOT NULL, hash TEXT NOT NULL)"
)
CHAINED = {"seq": "BIGINT", "subject": "TEXT", "prev_hash": "TEXT", "hash": "TEXT"}
GENESIS = "0" * 64
FIELDS = (
    "seq",
    "pupil_key",
    "at",
    "role",
    "organisation",
    "subject",
    "action",
    "purpose",
)


@dataclass(frozen=True)
class Access:
    """One read: which child, when, by what role, organisation and token subject,
    and why (the purpose the route declares)."""

    pupil_key: str
    role: str
    organisation: str
    action: str
    purpose: str
    subject: str = ""


@dataclass(frozen=True)
class Verification:
    """What `verify` found: entries checked, and the first that breaks the chain."""

    checked: int
    broken_at: int | None

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def entry_hash(prev_hash: str, entry: dict[str, Any]) -> str:
    canonical = json.dumps([entry[f] for f in FIELDS], separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}|{canonical}".encode()).hexdigest()


class AccessLog:
    """Append-only, hash-chained log of reads of children's records."""

    def __init__(self, db: Database, clock: Callable[[], datetime] = utc_now) -> None:
        self.db, self.clock = db, clock

    def create_tables(self) -> None:
        with self.db.transaction() as cur:
            cur.execute(DDL)
            add_missing_columns(cur, self.db.dialect, "access_log", CHAINED)
            cur.execute(
                "CREATE INDEX IF NOT EXISTS access_log_pupil ON access_log (pupil_key)"
            )
            cur.execute(HEAD_DDL)
            cur.execute(
                "INSERT INTO access_log_head (id, seq, hash) VALUES (1, 0, ?) "
                "ON CONFLICT (id) DO NOTHING",
                (GENESIS,),
            )

    def record(self, access: Access) -> None:
        with self.db.transaction() as cur:
            self._append(cur, access)

    def record_many(self, accesses: list[Access]) -> None:
        """Several entries in one transaction (a page of results)."""
        if not accesses:
            return
        with self.db.transaction() as cur:
            for access in accesses:
                self._append(cur, access)

    def _append(self, cur: Cursor, access: Access) -> None:
        cur.execute("UPDATE access_log_head SET seq = seq + 1 WHERE id = 1")
        seq, prev_hash = cur.execute(
            "SELECT seq, hash FROM access_log_head WHERE id = 1"
        )[0]
        entry = {
            "seq": int(seq),
            "pupil_key": access.pupil_key,
            "at": self.clock().isoformat(),
            "role": access.role,
            "organisation": access.organisation,
            "subject": access.subject,
            "action": access.action,
            "purpose": access.purpose,
        }
        digest = entry_hash(str(prev_hash), entry)
        cur.execute(
            f"INSERT INTO access_log ({', '.join(FIELDS)}, prev_hash, hash) "
            f"VALUES ({', '.join('?' * (len(FIELDS) + 2))})",
            (*(entry[f] for f in FIELDS), prev_hash, digest),
        )
        cur.execute("UPDATE access_log_head SET hash = ? WHERE id = 1", (digest,))

    def for_pupil(self, pupil_key: str) -> list[dict[str, Any]]:
        cols = ("at", "role", "organisation", "action", "purpose")
        rows = self.db.query(
            f"SELECT {', '.join(cols)} FROM access_log WHERE pupil_key = ? "
            "ORDER BY at, seq",
            (pupil_key,),
        )
        return [dict(zip(cols, r, strict=True)) for r in rows]

    def verify(self) -> Verification:
        """Recompute the chain from the first chained entry to the head."""
        rows = self.db.query(
            f"SELECT {', '.join(FIELDS)}, prev_hash, hash FROM access_log "
            "WHERE hash IS NOT NULL ORDER BY seq"
        )
        expected_prev, checked = GENESIS, 0
        for row in rows:
            entry = dict(zip(FIELDS, row[: len(FIELDS)], strict=True))
            prev_hash, digest = row[len(FIELDS)], row[len(FIELDS) + 1]
            if prev_hash != expected_prev or entry_hash(prev_hash, entry) != digest:
                return Verification(checked, int(entry["seq"]))
            expected_prev, checked = digest, checked + 1
        head_seq, head_hash = self.db.query(
            "SELECT seq, hash FROM access_log_head WHERE id = 1"
        )[0]
        if head_hash != expected_prev or int(head_seq) != checked:
            return Verification(checked, checked + 1)  # entries missing at the end
        return Verification(checked, None)
