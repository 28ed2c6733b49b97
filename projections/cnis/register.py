"""Each LA's register of children not in school (Education Act 1996 s436B), folded
from the movement log: an entry opens with the movement that meets condition C
(events/cnis/eligibility.py) and ends with full-time registration at a school,
the end of the arrangement at the school it was made at, or a withdrawal of the
movement that opened it; it follows the child to a new home LA. Whether the child
is of compulsory school age, and whether a time-limited arrangement has run out,
is judged on the day asked, so the rows depend only on the log: a rebuild gives
the same rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from events.cnis.eligibility import (
    compulsory_until,
    ends_entries,
    leaves_roll,
    limb_of,
    of_compulsory_age,
)
from events.envelope import EventEnvelope
from projections.base import Projection
from projections.view import Cursor, Database

ENTRIES = "cnis_entries"
HOMES = "cnis_homes"
COLUMNS = (
    "movement_id", "pupil_key", "la_code", "school_urn", "limb", "reason", "since",
    "until", "year_group", "position", "ended_on", "ended_by", "ended_why",
    "handed_from",
)  # fmt: skip


class ChildrenNotInSchool(Projection):
    name = "children_not_in_school"
    tables = (ENTRIES, HOMES)

    def create_tables(self, cur: Cursor, dialect: str) -> None:
        entries, homes = self.table(ENTRIES), self.table(HOMES)
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {entries} (movement_id TEXT PRIMARY KEY, "
            "pupil_key TEXT NOT NULL, la_code TEXT, school_urn TEXT, "
            "limb TEXT NOT NULL, reason TEXT NOT NULL, since TEXT NOT NULL, "
            "until TEXT, year_group TEXT, position BIGINT NOT NULL, ended_on TEXT, "
            "ended_by TEXT, ended_why TEXT, handed_from TEXT)"
        )
        cur.execute(f"CREATE INDEX IF NOT EXISTS {entries}_la ON {entries} (la_code)")
        cur.execute(
            f"CREATE INDEX IF NOT EXISTS {entries}_pupil ON {entries} (pupil_key)"
        )
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {homes} (pupil_key TEXT PRIMARY KEY, "
            "la_code TEXT NOT NULL)"
        )

    def apply(self, cur: Cursor, batch: Sequence[EventEnvelope]) -> None:
        for e in batch:
            if e.event_type == "movement_recorded":
                self._recorded(cur, e)
            elif e.event_type == "movement_withdrawn":
                self._withdrawn(cur, e)
            elif e.event_type == "movement_corrected":
                self._corrected(cur, e)
            elif e.event_type == "home_la_recorded":
                self._moved_home(cur, e)

    def _recorded(self, cur: Cursor, e: EventEnvelope) -> None:
        p, entries = e.payload, self.table(ENTRIES)
        kind, day = p["movement_type"], p["effective_date"]
        details = p.get("details") or {}
        if ends_entries(kind, p.get("to_urn")):
            self._end(cur, e, "registered_full_time", "", ())
        if leaves_roll(kind) and p.get("from_urn"):
            self._end(cur, e, "left_roll", "AND limb = 'C(b)' AND school_urn = ?",
                      (p["from_urn"],))  # fmt: skip
        limb = limb_of(kind, details)
        if limb is None:
            return
        home = details.get("home_la") or self._home(cur, e.pupil_key)
        year = (p.get("characteristics") or {}).get("year_group")
        cur.execute(
            f"INSERT INTO {entries} ({', '.join(COLUMNS)}) VALUES "
            f"({', '.join('?' * len(COLUMNS))}) ON CONFLICT (movement_id) DO NOTHING",
            (p["movement_id"], e.pupil_key, home or p.get("from_la") or p.get("to_la"),
             p.get("from_urn"), limb.limb, limb.reason, day, details.get("end_date"),
             None if year is None else str(year), e.position, None, None, None, None),
        )  # fmt: skip

    def _end(
        self,
        cur: Cursor,
        e: EventEnvelope,
        why: str,
        extra: str,
        params: tuple[Any, ...],
    ) -> None:
        cur.execute(
            f"UPDATE {self.table(ENTRIES)} SET ended_on = ?, ended_by = ?, "
            f"ended_why = ? WHERE pupil_key = ? AND ended_on IS NULL AND since <= ? "
            f"AND movement_id != ? {extra}",
            (e.payload["effective_date"], e.payload["movement_id"], why, e.pupil_key,
             e.payload["effective_date"], e.payload["movement_id"], *params),
        )  # fmt: skip

    def _withdrawn(self, cur: Cursor, e: EventEnvelope) -> None:
        entries, movement = self.table(ENTRIES), e.payload["movement_id"]
        cur.execute(f"DELETE FROM {entries} WHERE movement_id = ?", (movement,))
        cur.execute(
            f"UPDATE {entries} SET ended_on = NULL, ended_by = NULL, ended_why = NULL "
            "WHERE ended_by = ?",
            (movement,),
        )

    def _corrected(self, cur: Cursor, e: EventEnvelope) -> None:
        day = (e.payload.get("changes") or {}).get("effective_date")
        if day:
            cur.execute(
                f"UPDATE {self.table(ENTRIES)} SET since = ? WHERE movement_id = ?",
                (day, e.payload["movement_id"]),
            )

    def _moved_home(self, cur: Cursor, e: EventEnvelope) -> None:
        """The child lives in another LA now: its register holds them (condition A),
        marked as handed over from the LA that held them."""
        la = e.payload["la_code"]
        cur.execute(
            f"INSERT INTO {self.table(HOMES)} (pupil_key, la_code) VALUES (?, ?) "
            "ON CONFLICT (pupil_key) DO UPDATE SET la_code = excluded.la_code",
            (e.pupil_key, la),
        )
        cur.execute(
            f"UPDATE {self.table(ENTRIES)} SET handed_from = la_code, la_code = ? "
            "WHERE pupil_key = ? AND ended_on IS NULL AND la_code != ?",
            (la, e.pupil_key, la),
        )

    def _home(self, cur: Cursor, pupil_key: str) -> str | None:
        rows = cur.execute(
            f"SELECT la_code FROM {self.table(HOMES)} WHERE pupil_key = ?", (pupil_key,)
        )
        return str(rows[0][0]) if rows else None


# --- queries ------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterQuery:
    la_code: str
    today: date
    reason: str | None = None
    since: date | None = None  # on the register from this day or later
    pupil_key: str | None = None  # one child's entries
    after: int = 0
    limit: int = 100


def register_of(db: Database, query: RegisterQuery) -> dict[str, Any]:
    """The LA's children not in school on `today`: entries open, started, within
    any end date of the arrangement, and of compulsory school age (by year group)."""
    where = ["la_code = ?", "ended_on IS NULL", "since <= ?", "position > ?"]
    params: list[Any] = [query.la_code, query.today.isoformat(), query.after]
    if query.reason:
        where.append("reason = ?")
        params.append(query.reason)
    if query.since:
        where.append("since >= ?")
        params.append(query.since.isoformat())
    if query.pupil_key:
        where.append("pupil_key = ?")
        params.append(query.pupil_key)
    rows = db.query(
        f"SELECT {', '.join(COLUMNS)} FROM cnis_entries WHERE {' AND '.join(where)} "
        "ORDER BY position",
        params,
    )
    today = query.today.isoformat()
    items = []
    for row in rows:
        entry = dict(zip(COLUMNS, row, strict=True))
        if entry["until"] and entry["until"] < today:
            continue  # the arrangement has run out: full time at school again
        if not of_compulsory_age(entry["year_group"]):
            continue
        ends = compulsory_until(entry["year_group"], date.fromisoformat(entry["since"]))
        if ends is not None and ends.isoformat() < today:
            continue  # past compulsory school age
        entry["compulsory_school_age_until"] = ends.isoformat() if ends else None
        items.append(entry)
    page = items[: query.limit]
    more = len(items) > query.limit
    return {
        "data": page,
        "count": len(page),
        "total": len(items),
        "next_cursor": page[-1]["position"] if more and page else None,
    }
