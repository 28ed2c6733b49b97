"""Alerts as their recipients work them: one row per alert, its recipients, and
every decision. Status and escalation level come from the alert's own events; a
snooze shows until its time passes (read time, like case deadlines).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from events.alerts.alert import shown_status
from events.envelope import EventEnvelope
from projections.base import Projection
from projections.view import Cursor, Database, add_missing_columns

ALERTS = "alerts"
RECIPIENTS = "alert_recipients"
DECISIONS = "alert_decisions"
COLUMNS = (
    "alert_id",
    "rule",
    "pupil_key",
    "severity",
    "status",
    "level",
    "window_key",
    "evidence",
    "raised_at",
    "due_by",
    "snoozed_until",
    "outcome",
    "position",
)


class AlertsInbox(Projection):
    """alerts + alert_recipients + alert_decisions."""

    name = "alerts_inbox"
    tables = (ALERTS, RECIPIENTS, DECISIONS)

    def create_tables(self, cur: Cursor, dialect: str) -> None:
        alerts, recipients, decisions = (self.table(t) for t in self.tables)
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {alerts} (alert_id TEXT PRIMARY KEY, "
            "rule TEXT NOT NULL, pupil_key TEXT NOT NULL, severity TEXT NOT NULL, "
            "status TEXT NOT NULL, level TEXT NOT NULL, window_key TEXT NOT NULL, "
            "evidence TEXT NOT NULL, raised_at TEXT NOT NULL, due_by TEXT NOT NULL, "
            "snoozed_until TEXT, outcome TEXT, position BIGINT NOT NULL)"
        )
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {recipients} (alert_id TEXT NOT NULL, "
            "recipient TEXT NOT NULL, PRIMARY KEY (alert_id, recipient))"
        )
        cur.execute(
            f"CREATE INDEX IF NOT EXISTS {recipients}_who ON {recipients} (recipient)"
        )
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {decisions} (position BIGINT PRIMARY KEY, "
            "alert_id TEXT NOT NULL, action TEXT NOT NULL, by_org TEXT NOT NULL, "
            "at TEXT NOT NULL, outcome TEXT, until TEXT, level TEXT)"
        )
        # The alert's version after the decision: a note written with it is
        # stored as alert/{id}/{version}, so the page can say who wrote it.
        add_missing_columns(cur, dialect, decisions, {"version": "BIGINT"})

    def apply(self, cur: Cursor, batch: Sequence[EventEnvelope]) -> None:
        for e in batch:
            if e.event_type == "alert_raised":
                self._raised(cur, e)
            elif e.event_type == "alert_evidence_added":
                self._evidence(cur, e)
            elif e.event_type == "alert_decided":
                self._decided(cur, e)

    def _raised(self, cur: Cursor, e: EventEnvelope) -> None:
        p = e.payload
        cur.execute(
            f"INSERT INTO {self.table(ALERTS)} ({', '.join(COLUMNS)}) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (alert_id) DO NOTHING",
            (
                e.originator_id, p["rule"], e.pupil_key, p["severity"], "open", "none",
                p["window"], json.dumps(p["evidence"]), p["raised_at"], p["due_by"],
                None, None, e.position,
            ),
        )  # fmt: skip
        self._recipients(cur, e.originator_id, p["recipients"])

    def _evidence(self, cur: Cursor, e: EventEnvelope) -> None:
        rows = cur.execute(
            f"SELECT evidence FROM {self.table(ALERTS)} WHERE alert_id = ?",
            (e.originator_id,),
        )
        if not rows:
            return
        evidence = json.loads(rows[0][0])
        evidence += [x for x in e.payload["evidence"] if x not in evidence]
        cur.execute(
            f"UPDATE {self.table(ALERTS)} SET evidence = ?, status = CASE WHEN "
            "status = 'resolved' THEN 'open' ELSE status END WHERE alert_id = ?",
            (json.dumps(evidence), e.originator_id),
        )
        self._recipients(cur, e.originator_id, e.payload["recipients"])

    def _decided(self, cur: Cursor, e: EventEnvelope) -> None:
        p, table = e.payload, self.table(ALERTS)
        action = p["action"]
        if action == "acknowledged":  # seen: a snooze no longer runs
            cur.execute(
                f"UPDATE {table} SET status = ?, snoozed_until = NULL "
                "WHERE alert_id = ?",
                (action, e.originator_id),
            )
        elif action == "resolved":
            cur.execute(
                f"UPDATE {table} SET status = ?, outcome = ? WHERE alert_id = ?",
                (action, p.get("outcome"), e.originator_id),
            )
        elif action == "snoozed":
            cur.execute(
                f"UPDATE {table} SET snoozed_until = ? WHERE alert_id = ?",
                (p.get("until"), e.originator_id),
            )
        elif action == "escalated":
            cur.execute(
                f"UPDATE {table} SET level = ? WHERE alert_id = ?",
                (p.get("level"), e.originator_id),
            )
        self._recipients(cur, e.originator_id, p.get("recipients") or [])
        by = p.get("by") or {}
        cur.execute(
            f"INSERT INTO {self.table(DECISIONS)} (position, alert_id, action, by_org, "
            "at, outcome, until, level, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (position) DO NOTHING",
            (
                e.position, e.originator_id, action,
                by.get("urn") or by.get("la_code") or by.get("kind") or "",
                p["at"], p.get("outcome"), p.get("until"), p.get("level"),
                e.originator_version,
            ),
        )  # fmt: skip

    def _recipients(self, cur: Cursor, alert_id: str, keys: list[str]) -> None:
        for key in keys:
            cur.execute(
                f"INSERT INTO {self.table(RECIPIENTS)} (alert_id, recipient) "
                "VALUES (?, ?) ON CONFLICT (alert_id, recipient) DO NOTHING",
                (alert_id, key),
            )


# --- queries ------------------------------------------------------------------


@dataclass(frozen=True)
class InboxQuery:
    """A recipient's alerts, by status, rule, severity and school."""

    recipients: tuple[str, ...] | None  # None: every alert (an admin)
    now: datetime
    status: str | None = None
    rule: str | None = None
    severity: str | None = None
    school: str | None = None
    level: str | None = None  # escalation: none, amber or red
    pupil_key: str | None = None  # one child's alerts (the child's page)
    after: int = 0
    limit: int = 100


@dataclass(frozen=True)
class InboxPage:
    """A page of alerts, the cursor of the next, and how many match in all."""

    items: list[dict[str, Any]]
    next_cursor: int | None
    total: int


def inbox(db: Database, query: InboxQuery) -> InboxPage:
    """A page of alerts, oldest first; `total` counts every page from `after` on."""
    where: list[str] = ["a.position > ?"]
    params: list[Any] = [query.after]
    if query.recipients is not None:
        marks = ", ".join("?" * len(query.recipients)) or "NULL"
        where.append(
            f"a.alert_id IN (SELECT alert_id FROM alert_recipients "
            f"WHERE recipient IN ({marks}))"
        )
        params += list(query.recipients)
    if query.school:
        where.append(
            "a.alert_id IN (SELECT alert_id FROM alert_recipients WHERE recipient = ?)"
        )
        params.append(f"school:{query.school}")
    for column, value in (
        ("a.rule", query.rule),
        ("a.severity", query.severity),
        ("a.level", query.level),
        ("a.pupil_key", query.pupil_key),
    ):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    rows = db.query(
        f"SELECT {', '.join('a.' + c for c in COLUMNS)} FROM alerts a "
        f"WHERE {' AND '.join(where)} ORDER BY a.position",
        params,
    )
    items = [_shown(dict(zip(COLUMNS, r, strict=True)), query.now) for r in rows]
    if query.status:
        items = [i for i in items if i["status"] == query.status]
    page = items[: query.limit]
    more = len(items) > query.limit
    return InboxPage(page, page[-1]["position"] if more and page else None, len(items))


def alert_detail(db: Database, alert_id: str, now: datetime) -> dict[str, Any] | None:
    rows = db.query(
        f"SELECT {', '.join(COLUMNS)} FROM alerts WHERE alert_id = ?", (alert_id,)
    )
    if not rows:
        return None
    alert = _shown(dict(zip(COLUMNS, rows[0], strict=True)), now)
    alert["recipients"] = [
        r[0] for r in db.query(
            "SELECT recipient FROM alert_recipients WHERE alert_id = ? "
            "ORDER BY recipient",
            (alert_id,),
        )
    ]  # fmt: skip
    cols = ("action", "by_org", "at", "outcome", "until", "level", "version")
    alert["decisions"] = [
        dict(zip(cols, r, strict=True))
        for r in db.query(
            f"SELECT {', '.join(cols)} FROM alert_decisions WHERE alert_id = ? "
            "ORDER BY position",
            (alert_id,),
        )
    ]
    return alert


def due_for_escalation(db: Database, now: datetime) -> list[UUID]:
    """Open alerts past their acknowledgement time and not yet red."""
    rows = db.query(
        "SELECT alert_id FROM alerts WHERE status = 'open' AND level != 'red' "
        "AND due_by < ? ORDER BY position",
        (now.isoformat(),),
    )
    return [UUID(str(r[0])) for r in rows]


def known_alert_ids(db: Database, alert_ids: Sequence[str]) -> set[str]:
    """Which of these alerts the inbox holds (one query, in chunks)."""
    known: set[str] = set()
    for start in range(0, len(alert_ids), 500):
        chunk = list(alert_ids[start : start + 500])
        marks = ", ".join("?" for _ in chunk)
        sql = f"SELECT alert_id FROM alerts WHERE alert_id IN ({marks})"
        rows = db.query(sql, chunk)
        known.update(str(r[0]) for r in rows)
    return known


def raised_alert_ids(db: Database) -> set[str]:
    """Every alert the inbox holds (a sweep raises none of these again)."""
    return {str(r[0]) for r in db.query("SELECT alert_id FROM alerts")}


def _shown(alert: dict[str, Any], now: datetime) -> dict[str, Any]:
    alert["evidence"] = json.loads(alert["evidence"])
    alert["window"] = alert.pop("window_key")
    snoozed = alert["snoozed_until"]
    until = datetime.fromisoformat(snoozed) if snoozed else None
    alert["status"] = shown_status(alert["status"], until, now)
    return alert
