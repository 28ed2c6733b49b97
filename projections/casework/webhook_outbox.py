"""The webhook outbox: one delivery row per alert event per webhook of a recipient.

Filled in the same transaction as the follower's position, so each alert event is
queued exactly once per webhook, whatever crashes; a deliverer
(services/delivery/webhooks.py) sends the rows and records each attempt, so
delivery state survives a restart.
Bodies carry no personal data: the pupil_key, the rule and the evidence ids.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from events.envelope import EventEnvelope
from projections.base import Projection
from projections.view import Cursor, add_missing_columns

DELIVERIES = "webhook_deliveries"
WEBHOOKS_DDL = (
    "CREATE TABLE IF NOT EXISTS webhooks (webhook_id TEXT PRIMARY KEY, "
    "owner TEXT NOT NULL, url TEXT NOT NULL, secret TEXT NOT NULL, "
    "created_at TEXT NOT NULL)"
)
ALERT_EVENTS = frozenset({"alert_raised", "alert_evidence_added", "alert_decided"})


class WebhookOutbox(Projection):
    """webhook_deliveries (registrations in `webhooks` are kept on rebuild)."""

    name = "webhook_outbox"
    tables = (DELIVERIES,)

    def create_tables(self, cur: Cursor, dialect: str) -> None:
        cur.execute(WEBHOOKS_DDL)
        # A rotated secret's predecessor, which still signs until previous_until.
        add_missing_columns(
            cur,
            dialect,
            "webhooks",
            {"previous_secret": "TEXT", "previous_until": "TEXT"},
        )
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {self.table(DELIVERIES)} ("
            "delivery_id TEXT PRIMARY KEY, webhook_id TEXT NOT NULL, "
            "alert_id TEXT NOT NULL, body TEXT NOT NULL, attempts INTEGER NOT NULL, "
            "next_attempt_at TEXT NOT NULL, status TEXT NOT NULL, last_error TEXT, "
            "delivered_at TEXT, position BIGINT NOT NULL)"
        )
        cur.execute(
            f"CREATE INDEX IF NOT EXISTS {self.table(DELIVERIES)}_due "
            f"ON {self.table(DELIVERIES)} (status, next_attempt_at)"
        )

    def apply(self, cur: Cursor, batch: Sequence[EventEnvelope]) -> None:
        for e in batch:
            if e.event_type in ALERT_EVENTS:
                self._queue(cur, e)

    def _queue(self, cur: Cursor, e: EventEnvelope) -> None:
        keys = set(e.payload.get("recipients") or [])
        keys |= {
            str(r[0])
            for r in cur.execute(
                "SELECT recipient FROM alert_recipients WHERE alert_id = ?",
                (e.originator_id,),
            )
        }
        if not keys:
            return
        marks = ", ".join("?" * len(keys))
        hooks = cur.execute(
            f"SELECT webhook_id FROM webhooks WHERE owner IN ({marks})", sorted(keys)
        )
        for (webhook_id,) in hooks:
            delivery_id = str(uuid5(NAMESPACE_URL, f"pmr:{webhook_id}:{e.event_id}"))
            body = json.dumps(_body(cur, e, delivery_id), sort_keys=True)
            cur.execute(
                f"INSERT INTO {self.table(DELIVERIES)} (delivery_id, webhook_id, "
                "alert_id, body, attempts, next_attempt_at, status, position) "
                "VALUES (?, ?, ?, ?, 0, ?, 'pending', ?) "
                "ON CONFLICT (delivery_id) DO NOTHING",
                (
                    delivery_id,
                    webhook_id,
                    e.originator_id,
                    body,
                    e.recorded_at,
                    e.position,
                ),
            )


def _body(cur: Cursor, e: EventEnvelope, delivery_id: str) -> dict[str, Any]:
    p = e.payload
    rule = p.get("rule")
    if rule is None:
        found = cur.execute(
            "SELECT rule FROM alerts WHERE alert_id = ?", (e.originator_id,)
        )
        rule = found[0][0] if found else None
    return {
        "delivery_id": delivery_id,
        "event": e.event_type,
        "alert_id": e.originator_id,
        "rule": rule,
        "pupil_key": e.pupil_key,
        "severity": p.get("severity"),
        "action": p.get("action", "raised" if e.event_type == "alert_raised" else None),
        "evidence": p.get("evidence") or [],
        "recorded_at": e.recorded_at,
    }
