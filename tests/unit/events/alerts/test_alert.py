"""The Alert lifecycle with an injected clock: dedupe, snooze, escalation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from events.alerts.alert import Alert, due_by
from events.errors import MovementRuleViolation

RAISED = datetime(2026, 11, 27, 9, tzinfo=UTC)
DSL = {"kind": "dsl", "urn": "100001", "la_code": None}


def an_alert() -> Alert:
    return Alert(
        rule="repeated_moves", pupil_key="pk", window="2026-27", severity="medium",
        evidence=["m-1", "m-2", "m-3"], recipients=["school:100001", "la:801"],
        raised_at=RAISED, due_by=due_by(RAISED, 72), thresholds_version="2026.11",
    )  # fmt: skip


def test_the_same_rule_child_and_window_is_one_alert() -> None:
    assert Alert.create_id("repeated_moves", "pk", "2026-27") == an_alert().id


def test_a_fourth_move_adds_evidence_and_a_replay_adds_nothing() -> None:
    alert = an_alert()

    assert alert.add_evidence(["m-1", "m-2", "m-3", "m-4"], ["la:801"])
    assert alert.evidence == ["m-1", "m-2", "m-3", "m-4"]
    assert not alert.add_evidence(["m-4"], [])


def test_new_evidence_reopens_a_resolved_alert() -> None:
    alert = an_alert()
    alert.resolve(DSL, RAISED, "in_education")

    alert.add_evidence(["m-9"], [])

    assert alert.status == "open"


def test_unacknowledged_it_turns_amber_then_red_at_twice_the_span() -> None:
    alert = an_alert()

    assert not alert.escalate_if_due(RAISED + timedelta(hours=72), ["la:801"])
    assert alert.escalate_if_due(RAISED + timedelta(hours=72, seconds=1), ["la:801"])
    assert alert.level == "amber"
    assert not alert.escalate_if_due(RAISED + timedelta(hours=100), ["la:801"])
    assert alert.escalate_if_due(RAISED + timedelta(hours=145), ["la:801"])
    assert alert.level == "red"


def test_acknowledged_or_snoozed_alerts_do_not_escalate() -> None:
    acknowledged, snoozed = an_alert(), an_alert()
    acknowledged.acknowledge(DSL, RAISED + timedelta(hours=1))
    snoozed.snooze(DSL, RAISED, RAISED + timedelta(days=7))
    later = RAISED + timedelta(days=5)

    assert not acknowledged.escalate_if_due(later, [])
    assert not snoozed.escalate_if_due(later, [])
    assert snoozed.escalate_if_due(RAISED + timedelta(days=8), [])


def test_snooze_is_forward_and_outcomes_are_from_the_list() -> None:
    alert = an_alert()

    with pytest.raises(MovementRuleViolation):
        alert.snooze(DSL, RAISED, RAISED - timedelta(hours=1))
    with pytest.raises(MovementRuleViolation):
        alert.resolve(DSL, RAISED, "forgot")


def test_a_snooze_lasts_at_most_thirty_days() -> None:
    alert = an_alert()
    with pytest.raises(MovementRuleViolation) as refused:
        alert.snooze(DSL, RAISED, RAISED + timedelta(days=30, seconds=1))
    assert (refused.value.field, refused.value.rule) == ("until", "snooze_too_long")
    alert.snooze(DSL, RAISED, RAISED + timedelta(days=30))
    assert alert.shown_status(RAISED + timedelta(days=29)) == "snoozed"


def test_an_acknowledged_alert_can_be_snoozed_and_shows_snoozed_until_then() -> None:
    alert = an_alert()
    alert.acknowledge(DSL, RAISED)
    alert.snooze(DSL, RAISED, RAISED + timedelta(days=3))
    assert alert.shown_status(RAISED + timedelta(days=2)) == "snoozed"
    assert alert.shown_status(RAISED + timedelta(days=4)) == "acknowledged"


def test_acknowledging_a_snoozed_alert_ends_the_snooze() -> None:
    alert = an_alert()
    alert.snooze(DSL, RAISED, RAISED + timedelta(days=3))
    alert.acknowledge(DSL, RAISED + timedelta(hours=1))
    assert alert.shown_status(RAISED + timedelta(days=1)) == "acknowledged"
    alert.resolve(DSL, RAISED + timedelta(hours=2), "in_education")
    assert (alert.shown_status(RAISED), alert.outcome) == ("resolved", "in_education")
