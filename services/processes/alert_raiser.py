"""Raises safeguarding alerts as movements are recorded, and escalates the overdue.

Follows the store's notification log from its own tracked position. Each movement is
judged with the child's record as it stood right after it (the aggregate at that
version), so a rebuild raises the same alerts. Alert ids come from rule, child and
window: a repeat adds evidence to the open alert. Time is injected: `escalate(now)`
turns unacknowledged alerts amber, then red.
"""

from __future__ import annotations

import logging
from datetime import datetime

from eventsourcing.application import AggregateNotFoundError

from events.alerts.alert import Alert, due_by
from events.alerts.routing import recipients
from events.alerts.rulebook import signals_for
from events.alerts.rules import case_deadline_missed, part_time_beyond_span
from events.alerts.signal import (
    THRESHOLDS_VERSION,
    ChildView,
    Signal,
    acknowledge_within_hours,
)
from events.envelope import EventEnvelope
from events.pupil import Pupil
from events.registry import Registry
from projections.casework.alerts_inbox import due_for_escalation, raised_alert_ids
from projections.casework.la_queue import open_placements, overdue_cases
from services.processes.log_process import LogProcess

log = logging.getLogger(__name__)
NAME = "alert_raiser"


class AlertRaiser(LogProcess):
    """The process that turns movement patterns into alerts."""

    name = NAME

    def handle(self, envelope: EventEnvelope) -> bool:
        if envelope.event_type != "movement_recorded":
            return False
        return self._judge(envelope)

    def sweep(self, now: datetime) -> int:
        """What time alone brings: missed case deadlines, part-time provision past
        its span, then escalation. Alerts already raised are not read again."""
        raised_before = raised_alert_ids(self.db)
        due: list[tuple[str, Signal, list[str]]] = []
        for case in overdue_cases(self.db, now.date()):
            for signal in case_deadline_missed.fire(case):
                keys = case_deadline_missed.recipients(case)
                due.append((case["pupil_key"], signal, keys))
        for placement in open_placements(self.db):
            for signal in part_time_beyond_span.fire(placement, now.date()):
                from_urn, to_urn, from_la, to_la = placement["places"]
                keys = [f"school:{u}" for u in (from_urn, to_urn) if u]
                las = (from_la, to_la, placement["home_la"])
                keys += [f"la:{la}" for la in dict.fromkeys(las) if la]
                due.append((placement["pupil_key"], signal, keys))
        raised = 0
        for pupil_key, signal, keys in due:
            alert_id = Alert.create_id(signal.rule, pupil_key, signal.window)
            if str(alert_id) not in raised_before:
                raised += self._raise_for(pupil_key, signal, keys, now)
        return raised + self.escalate(now)

    def escalate(self, now: datetime) -> int:
        """Escalate every open alert past its time; return how many moved."""
        moved = 0
        for alert_id in due_for_escalation(self.db, now):
            alert: Alert = self.registry.repository.get(alert_id)
            la_keys = [r for r in alert.recipients if r.startswith("la:")]
            if alert.escalate_if_due(now, la_keys):
                self.registry.save(alert)
                moved += 1
        if moved:
            self.on_write()
        return moved

    def _judge(self, envelope: EventEnvelope) -> bool:
        pupil: Pupil = self.registry.repository.get(
            Pupil.create_id(envelope.pupil_key), version=envelope.originator_version
        )
        active = [m for m in pupil.movements.values() if not m.withdrawn]
        view = ChildView(
            envelope,
            tuple(sorted(active, key=lambda m: m.effective_date)),
            pupil.home_la,
        )
        raised_at = datetime.fromisoformat(envelope.recorded_at)
        wrote = False
        for signal in signals_for(view):
            wrote = self._raise(view, signal, raised_at) or wrote
        return wrote

    def _raise(self, view: ChildView, signal: Signal, raised_at: datetime) -> bool:
        keys = recipients(view, signal)
        return self._raise_for(view.envelope.pupil_key, signal, keys, raised_at)

    def _raise_for(
        self, pupil_key: str, signal: Signal, keys: list[str], raised_at: datetime
    ) -> bool:
        return raise_alert(self.registry, pupil_key, signal, keys, raised_at)


def raise_alert(
    registry: Registry,
    pupil_key: str,
    signal: Signal,
    keys: list[str],
    raised_at: datetime,
) -> bool:
    """Open the alert of this rule, child and window, or add new evidence and
    recipients to it: the one way an alert is raised, by this process or by the
    first-contact check."""
    alert_id = Alert.create_id(signal.rule, pupil_key, signal.window)
    try:
        alert: Alert = registry.repository.get(alert_id)
    except AggregateNotFoundError:  # the first time in this window
        hours = acknowledge_within_hours(signal.rule)
        fresh = Alert(
            rule=signal.rule,
            pupil_key=pupil_key,
            window=signal.window,
            severity=signal.severity.value,
            evidence=list(signal.evidence),
            recipients=keys,
            raised_at=raised_at,
            due_by=due_by(raised_at, hours),
            thresholds_version=THRESHOLDS_VERSION,
        )
        return registry.record(fresh) is not None
    if alert.add_evidence(list(signal.evidence), keys):
        registry.record(alert)
        return True
    return False
