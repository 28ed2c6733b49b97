"""Raises safeguarding alerts as movements are recorded, and escalates the overdue.

Follows the store's notification log from its own tracked position. Each movement is
judged with the child's record as it stood right after it (the aggregate at that
version), so a rebuild raises the same alerts. Alert ids come from rule, child and
window: a repeat adds evidence to the open alert. Time is injected: `escalate(now)`
turns unacknowledged alerts amber, then red.

It works a batch at a time: each child's stream is read once for all of its
movements in the batch (replayed in memory, judged at each movement's version), and
the batch's alerts are written in one transaction. Should another writer have
touched one of those alerts meanwhile, the batch is raised again one alert at a
time (ids are deterministic, evidence is a set: nothing is raised twice).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

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
from projections.casework.alerts_inbox import (
    AlertsInbox,
    due_for_escalation,
    known_alert_ids,
    raised_alert_ids,
)
from projections.casework.la_queue import open_placements, overdue_cases
from projections.view import Database
from services.processes.log_process import LogProcess

log = logging.getLogger(__name__)
NAME = "alert_raiser"
RAISE_ATTEMPTS = 5  # another writer (a DSL's decision) may get there first
Due = tuple[str, Signal, list[str], datetime]  # child, signal, recipients, when


class AlertRaiser(LogProcess):
    """The process that turns movement patterns into alerts."""

    name = NAME

    def setup(self) -> None:
        """The inbox it asks which alerts are already raised (its own process may
        run before the projection workers have made it)."""
        with self.db.transaction() as cur:
            AlertsInbox().create_tables(cur, self.db.dialect)

    def handle(self, envelope: EventEnvelope) -> bool:
        return self.handle_batch([envelope])

    def handle_batch(self, envelopes: Sequence[EventEnvelope]) -> bool:
        """Judge every movement of the batch; raise what fires, in one write."""
        by_child: dict[str, list[EventEnvelope]] = {}
        for envelope in envelopes:
            if envelope.event_type == "movement_recorded":
                by_child.setdefault(envelope.pupil_key, []).append(envelope)
        streams = self._streams(list(by_child))
        due: list[Due] = []
        for pupil_key, movements in by_child.items():
            for view in self._views(streams[pupil_key], movements):
                raised_at = datetime.fromisoformat(view.envelope.recorded_at)
                for signal in signals_for(view):
                    due.append((pupil_key, signal, recipients(view, signal), raised_at))
        return raise_alerts(self.registry, self.db, due)

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

    def _streams(self, pupil_keys: list[str]) -> dict[str, list[Any]]:
        """Each child's stored events, every child of the batch in one read."""
        ids = {Pupil.create_id(key): key for key in pupil_keys}
        if not ids:
            return {}
        recorder: Any = self.registry.recorder  # services/app/side_writes.py
        stored = recorder.select_streams(list(ids))
        return {key: stored[pupil_id] for pupil_id, key in ids.items()}

    def _views(
        self, stream: list[Any], envelopes: list[EventEnvelope]
    ) -> Iterator[ChildView]:
        """The child's record right after each of these events: its stream
        replayed once, a view taken at each event's version."""
        wanted = {e.originator_version: e for e in envelopes}
        last = max(wanted)
        pupil: Pupil | None = None
        for stored in stream:
            if stored.originator_version > last:
                break
            event = self.registry.mapper.to_domain_event(stored)
            pupil = event.mutate(pupil)  # type: ignore[attr-defined]
            envelope = wanted.get(stored.originator_version)
            if envelope is not None and pupil is not None:
                active = [m for m in pupil.movements.values() if not m.withdrawn]
                yield ChildView(
                    envelope,
                    tuple(sorted(active, key=lambda m: m.effective_date)),
                    pupil.home_la,
                )

    def _raise_for(
        self, pupil_key: str, signal: Signal, keys: list[str], raised_at: datetime
    ) -> bool:
        return raise_alert(self.registry, pupil_key, signal, keys, raised_at)


def raise_alerts(registry: Registry, db: Database, due: Sequence[Due]) -> bool:
    """Raise a batch of signals in one transaction: alerts the inbox already holds
    are read and added to, the rest opened. If another writer got to one first (or
    the inbox had not yet shown an alert raised a moment ago), raise them again one
    at a time. True when something was written."""
    if not due:
        return False
    ids = [Alert.create_id(s.rule, key, s.window) for key, s, _k, _t in due]
    known = known_alert_ids(db, [str(i) for i in set(ids)])
    alerts: dict[UUID, Alert] = {}
    changed: set[UUID] = set()
    try:
        for alert_id, (pupil_key, signal, keys, raised_at) in zip(
            ids, due, strict=True
        ):
            alert = alerts.get(alert_id)
            if alert is None and str(alert_id) in known:
                alert = alerts[alert_id] = registry.repository.get(alert_id)
            if alert is None:
                alerts[alert_id] = _opened(pupil_key, signal, keys, raised_at)
                changed.add(alert_id)
            elif alert.add_evidence(list(signal.evidence), keys):
                changed.add(alert_id)
    except AggregateNotFoundError:  # the inbox ahead of this reader: go one by one
        changed = set()
    else:
        if not changed:
            return False
        if registry.record(*(alerts[i] for i in changed)) is not None:
            return True
    wrote = False
    for pupil_key, signal, keys, raised_at in due:
        wrote = raise_alert(registry, pupil_key, signal, keys, raised_at) or wrote
    return wrote


def _opened(
    pupil_key: str, signal: Signal, keys: list[str], raised_at: datetime
) -> Alert:
    hours = acknowledge_within_hours(signal.rule)
    return Alert(
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
    for _attempt in range(RAISE_ATTEMPTS):
        try:
            alert: Alert = registry.repository.get(alert_id)
        except AggregateNotFoundError:  # the first time in this window
            fresh = _opened(pupil_key, signal, keys, raised_at)
            if registry.record(fresh) is not None:
                return True
            continue  # raised by another writer a moment ago: add to theirs
        if not alert.add_evidence(list(signal.evidence), keys):
            return False
        if registry.record(alert) is not None:
            return True
    log.warning("alert not raised: too many concurrent changes",
                extra={"rule": signal.rule})  # fmt: skip
    return False
