"""Lawfulness findings as the LA works them: one row per finding, filterable.

Findings are computed once, when a movement is recorded, and stored in its event;
this read model only lists them. A correction carries the findings of the movement
as corrected, which supersede the earlier ones; a withdrawal closes them. Each
finding belongs to the LAs of both schools the movement names.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from events.envelope import EventEnvelope
from projections.base import Projection
from projections.view import Cursor, Database, insert_rows

FINDINGS = "findings"
MOVEMENTS = "findings_movements"

MOVEMENT_COLUMNS = (
    "movement_id",
    "pupil_key",
    "movement_type",
    "effective_date",
    "from_urn",
    "to_urn",
    "from_la",
    "to_la",
)
FINDING_COLUMNS = (
    "position",
    "seq",
    "movement_id",
    "pupil_key",
    "movement_type",
    "effective_date",
    "recorded_at",
    "from_urn",
    "to_urn",
    "from_la",
    "to_la",
    "rule",
    "severity",
    "message",
    "citation",
    "rules_version",
    "status",
)


class Findings(Projection):
    """findings (one row per finding) + findings_movements (what each names)."""

    name = "findings"
    tables = (FINDINGS, MOVEMENTS)

    def create_tables(self, cur: Cursor, dialect: str) -> None:
        findings, movements = self.table(FINDINGS), self.table(MOVEMENTS)
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {movements} ("
            "movement_id TEXT PRIMARY KEY, pupil_key TEXT NOT NULL, "
            "movement_type TEXT NOT NULL, effective_date TEXT NOT NULL, "
            "from_urn TEXT, to_urn TEXT, from_la TEXT, to_la TEXT)"
        )
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {findings} ("
            "position BIGINT NOT NULL, seq INTEGER NOT NULL, "
            "movement_id TEXT NOT NULL, pupil_key TEXT NOT NULL, "
            "movement_type TEXT NOT NULL, effective_date TEXT NOT NULL, "
            "recorded_at TEXT NOT NULL, from_urn TEXT, to_urn TEXT, "
            "from_la TEXT, to_la TEXT, rule TEXT NOT NULL, severity TEXT NOT NULL, "
            "message TEXT NOT NULL, citation TEXT NOT NULL, rules_version TEXT, "
            "status TEXT NOT NULL, PRIMARY KEY (position, seq))"
        )
        for column in ("from_la", "to_la", "movement_id"):
            cur.execute(
                f"CREATE INDEX IF NOT EXISTS {findings}_{column} "
                f"ON {findings} ({column}, position)"
            )

    def apply(self, cur: Cursor, batch: Sequence[EventEnvelope]) -> None:
        movements: list[tuple[Any, ...]] = []
        findings: list[tuple[Any, ...]] = []
        for e in batch:  # in log order: corrections follow what they correct
            if e.event_type == "movement_recorded":
                movement = {name: e.payload.get(name) for name in MOVEMENT_COLUMNS}
                movement["pupil_key"] = e.pupil_key
                movements.append(tuple(movement[c] for c in MOVEMENT_COLUMNS))
                findings += _rows(e, movement, e.payload.get("findings") or [])
            elif e.event_type in ("movement_corrected", "movement_withdrawn"):
                self._flush(cur, movements, findings)  # rare: written in order
                movements, findings = [], []
                if e.event_type == "movement_corrected":
                    self._corrected(cur, e)
                else:
                    self._close(cur, e.payload["movement_id"], "withdrawn")
        self._flush(cur, movements, findings)

    def _flush(
        self,
        cur: Cursor,
        movements: list[tuple[Any, ...]],
        findings: list[tuple[Any, ...]],
    ) -> None:
        insert_rows(
            cur,
            self.table(MOVEMENTS),
            MOVEMENT_COLUMNS,
            movements,
            "(movement_id) DO NOTHING",
        )
        insert_rows(
            cur,
            self.table(FINDINGS),
            FINDING_COLUMNS,
            findings,
            "(position, seq) DO NOTHING",
        )

    def _corrected(self, cur: Cursor, e: EventEnvelope) -> None:
        p = e.payload
        rows = cur.execute(
            f"SELECT {', '.join(MOVEMENT_COLUMNS)} FROM {self.table(MOVEMENTS)} "
            "WHERE movement_id = ?",
            (p["movement_id"],),
        )
        if not rows:
            return
        movement = dict(zip(MOVEMENT_COLUMNS, rows[0], strict=True))
        changes = {k: v for k, v in (p.get("changes") or {}).items() if k in movement}
        if changes:
            movement.update(changes)
            sets = ", ".join(f"{name} = ?" for name in changes)
            cur.execute(
                f"UPDATE {self.table(MOVEMENTS)} SET {sets} WHERE movement_id = ?",
                (*changes.values(), p["movement_id"]),
            )
        if p.get("findings") is None:
            return  # a correction from before findings: the old ones stand
        self._close(cur, p["movement_id"], "superseded")
        self._flush(cur, [], _rows(e, movement, p["findings"]))

    def _close(self, cur: Cursor, movement_id: str, status: str) -> None:
        cur.execute(
            f"UPDATE {self.table(FINDINGS)} SET status = ? "
            "WHERE movement_id = ? AND status = 'open'",
            (status, movement_id),
        )


def _rows(
    e: EventEnvelope, movement: dict[str, Any], findings: list[dict[str, Any]]
) -> list[tuple[Any, ...]]:
    return [
        (
            e.position,
            seq,
            movement["movement_id"],
            e.pupil_key,
            movement["movement_type"],
            movement["effective_date"],
            e.recorded_at,
            movement["from_urn"],
            movement["to_urn"],
            movement["from_la"],
            movement["to_la"],
            f["rule"],
            f["severity"],
            f["message"],
            json.dumps(f["citation"], sort_keys=True),
            f.get("rules_version"),
            "open",
        )
        for seq, f in enumerate(findings)
    ]


# --- queries ------------------------------------------------------------------


@dataclass(frozen=True)
class FindingsQuery:
    """An LA's findings, narrowed by rule, school, severity and effective date."""

    la_code: str
    rule: str | None = None
    school_urn: str | None = None
    severity: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    status: str = "open"
    after: tuple[int, int] | None = None
    limit: int = 100


def _where(query: FindingsQuery) -> tuple[str, list[Any]]:
    clauses = ["(from_la = ? OR to_la = ?)", "status = ?"]
    params: list[Any] = [query.la_code, query.la_code, query.status]
    optional = (
        ("rule = ?", query.rule),
        ("severity = ?", query.severity),
        ("effective_date >= ?", query.date_from and query.date_from.isoformat()),
        ("effective_date <= ?", query.date_to and query.date_to.isoformat()),
    )
    for clause, value in optional:
        if value:
            clauses.append(clause)
            params.append(value)
    if query.school_urn:
        clauses.append("(from_urn = ? OR to_urn = ?)")
        params += [query.school_urn, query.school_urn]
    return " AND ".join(clauses), params


def list_findings(
    db: Database, query: FindingsQuery
) -> tuple[list[dict[str, Any]], int, tuple[int, int] | None]:
    """A page of findings in log order, the total matching, and the next cursor."""
    where, params = _where(query)
    total = int(db.query(f"SELECT COUNT(*) FROM findings WHERE {where}", params)[0][0])
    page_where, page_params = where, list(params)
    if query.after:
        page_where += " AND (position > ? OR (position = ? AND seq > ?))"
        page_params += [query.after[0], query.after[0], query.after[1]]
    rows = db.query(
        f"SELECT {', '.join(FINDING_COLUMNS)} FROM findings WHERE {page_where} "
        "ORDER BY position, seq LIMIT ?",
        [*page_params, query.limit + 1],
    )
    items = [_item(row) for row in rows[: query.limit]]
    more = len(rows) > query.limit
    last = (items[-1]["position"], items[-1]["seq"]) if more and items else None
    return items, total, last


def _item(row: Sequence[Any]) -> dict[str, Any]:
    item = dict(zip(FINDING_COLUMNS, row, strict=True))
    item["citation"] = json.loads(item["citation"])
    return item
