"""The Alert aggregate: raised, acknowledged, snoozed, resolved, escalated, as events.

One alert per child, rule and window (a deterministic id), so a fourth move in the
window adds evidence to the open alert instead of raising another. Time is passed
in (an injected clock), so escalation is tested without sleeping: not acknowledged
by `due_by`, an alert turns amber; by twice the span, red, and goes to the LA.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from events.errors import AlertAlreadyResolved, MovementRuleViolation
from events.pupil import NAMESPACE

OUTCOMES = frozenset(
    {"no_further_action", "referred_to_social_care", "referred_to_la", "in_education"}
)
LEVELS = ("none", "amber", "red")
# The register's policy, not the law's: an alert about a child's safety is quietened
# for weeks at most, then it asks again (a longer wait is a decision to resolve).
LONGEST_SNOOZE = timedelta(days=30)


class Alert(Aggregate):
    """A safeguarding alert about one child."""

    TOPIC = "pmr.alert"

    class Created(Aggregate.Created):
        """A rule fired."""

        TOPIC = "pmr.alert.raised.v1"
        rule: str
        pupil_key: str
        window: str
        severity: str
        evidence: list[str]
        recipients: list[str]
        raised_at: datetime
        due_by: datetime
        thresholds_version: str

    class EvidenceAdded(Aggregate.Event):
        """The rule fired again in the same window: more evidence (reopens it)."""

        TOPIC = "pmr.alert.evidence_added.v1"
        pupil_key: str
        evidence: list[str]
        recipients: list[str]

    class Decided(Aggregate.Event):
        """Acknowledged, snoozed or resolved by someone; escalated by the register."""

        TOPIC = "pmr.alert.decided.v1"
        pupil_key: str
        action: str
        by: dict[str, str | None]
        at: datetime
        outcome: str | None
        until: datetime | None
        level: str | None
        recipients: list[str]

    @staticmethod
    def create_id(rule: str, pupil_key: str, window: str) -> UUID:
        return uuid5(NAMESPACE, f"/alerts/{rule}/{pupil_key}/{window}")

    @event(Created)
    def __init__(
        self,
        rule: str,
        pupil_key: str,
        window: str,
        severity: str,
        evidence: list[str],
        recipients: list[str],
        raised_at: datetime,
        due_by: datetime,
        thresholds_version: str,
    ) -> None:
        self.rule, self.pupil_key, self.severity = rule, pupil_key, severity
        self.evidence = list(evidence)
        self.recipients = list(recipients)
        self.raised_at, self.due_by = raised_at, due_by
        self.status = "open"
        self.level = "none"
        self.snoozed_until: datetime | None = None
        self.outcome: str | None = None

    # --- commands -------------------------------------------------------------

    def add_evidence(self, evidence: list[str], recipients: list[str]) -> bool:
        """Record new evidence; False when there is none (a replayed event)."""
        new = [e for e in evidence if e not in self.evidence]
        if not new:
            return False
        fresh = [r for r in recipients if r not in self.recipients]
        self._add_evidence(pupil_key=self.pupil_key, evidence=new, recipients=fresh)
        return True

    def acknowledge(self, by: dict[str, Any], at: datetime) -> None:
        self._check_open()
        self._decide("acknowledged", by, at)

    def snooze(self, by: dict[str, Any], at: datetime, until: datetime) -> None:
        """Quiet until a time, with a reason (kept in the vault)."""
        self._check_open()
        if until <= at:
            raise MovementRuleViolation(
                "snooze until a later time", field="until", rule="snooze_in_past"
            )
        if until > at + LONGEST_SNOOZE:
            raise MovementRuleViolation(
                f"snooze for at most {LONGEST_SNOOZE.days} days",
                field="until",
                rule="snooze_too_long",
            )
        self._decide("snoozed", by, at, until=until)

    def shown_status(self, now: datetime) -> str:
        """Its status as a recipient sees it: snoozed (whether it was open or
        acknowledged) until the time it was snoozed to."""
        return shown_status(self.status, self.snoozed_until, now)

    def resolve(self, by: dict[str, Any], at: datetime, outcome: str) -> None:
        if self.status == "resolved":
            raise AlertAlreadyResolved("this alert is resolved", field="alert_id")
        if outcome not in OUTCOMES:
            raise MovementRuleViolation(
                f"outcome is one of {', '.join(sorted(OUTCOMES))}",
                field="outcome",
                rule="outcome_unknown",
            )
        self._decide("resolved", by, at, outcome=outcome)

    def escalate_if_due(self, now: datetime, la_keys: list[str]) -> bool:
        """Amber once past due unacknowledged, red (and to the LA) at twice the span."""
        if self.status != "open" or (self.snoozed_until and now < self.snoozed_until):
            return False
        span = self.due_by - self.raised_at
        level = (
            "red"
            if now > self.due_by + span
            else "amber"
            if now > self.due_by
            else "none"
        )
        if LEVELS.index(level) <= LEVELS.index(self.level):
            return False
        fresh = (
            [k for k in la_keys if k not in self.recipients] if level == "red" else []
        )
        register = {"kind": "register", "urn": None, "la_code": None}
        self._decide("escalated", register, now, level=level, recipients=fresh)
        return True

    # --- state changes --------------------------------------------------------

    def _decide(self, action: str, by: dict[str, Any], at: datetime, **kw: Any) -> None:
        self._record_decision(
            pupil_key=self.pupil_key,
            action=action,
            by=by,
            at=at,
            outcome=kw.get("outcome"),
            until=kw.get("until"),
            level=kw.get("level"),
            recipients=kw.get("recipients", []),
        )

    @event(EvidenceAdded)
    def _add_evidence(
        self, pupil_key: str, evidence: list[str], recipients: list[str]
    ) -> None:
        self.evidence += evidence
        self.recipients += recipients
        if self.status == "resolved":
            self.status = "open"

    @event(Decided)
    def _record_decision(
        self,
        pupil_key: str,
        action: str,
        by: dict[str, str | None],
        at: datetime,
        outcome: str | None,
        until: datetime | None,
        level: str | None,
        recipients: list[str],
    ) -> None:
        self.recipients += recipients
        if action == "acknowledged":
            self.status = "acknowledged"
            self.snoozed_until = None  # seen: no longer waiting
        elif action == "resolved":
            self.status = "resolved"
            self.outcome = outcome
        elif action == "snoozed":
            self.snoozed_until = until
        elif action == "escalated" and level:
            self.level = level

    def _check_open(self) -> None:
        if self.status == "resolved":
            raise AlertAlreadyResolved("this alert is resolved", field="alert_id")


def shown_status(status: str, snoozed_until: datetime | None, now: datetime) -> str:
    """open, acknowledged or resolved as decided; snoozed while a snooze runs."""
    if status != "resolved" and snoozed_until is not None and now < snoozed_until:
        return "snoozed"
    return status


def due_by(raised_at: datetime, hours: int) -> datetime:
    return raised_at + timedelta(hours=hours)
