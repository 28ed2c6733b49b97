"""Golden stored events: an unannounced change to an event's schema fails here.

Each file in tests/fixtures/golden is a stored event as the store holds it (topic +
JSON state). The test decodes it with today's code (old events must stay readable)
and re-encodes today's event (new events must match the announced schema). To change
an event: bump its `class_version`, add an `upcast_vN_vN+1`, add a new golden file,
and keep the old one. Regenerate deliberately with PMR_WRITE_GOLDEN=1.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import StoredEvent

from events.alerts.alert import Alert
from events.cases.case import Case
from events.pupil import Pupil
from events.registry import IdempotencyRecord, Registry

GOLDEN = Path(__file__).resolve().parents[2] / "fixtures" / "golden"
ORIGINATOR = UUID("00000000-0000-4000-8000-000000000001")
WHEN = datetime(2026, 1, 9, 8, 30, tzinfo=UTC)
RECORDER = {"kind": "school", "urn": "100001", "la_code": None}

SAMPLES: dict[str, tuple[type[Any], dict[str, Any]]] = {
    "pupil_opened_v1": (
        Pupil.Created,
        {"pupil_key": "pk_golden", "originator_topic": "pmr.pupil"},
    ),
    "movement_recorded_v2": (
        Pupil.MovementRecorded,
        {
            "pupil_key": "pk_golden",
            "movement_id": "m-1",
            "movement_type": "roll_deletion",
            "effective_date": date(2026, 1, 8),
            "from_urn": "100001",
            "to_urn": None,
            "from_la": "801",
            "to_la": None,
            "deletion_ground": "moved_away",
            "regulations": "2024",
            "reasons": [],
            "days": None,
            "characteristics": {"year_group": "11", "sen_provision": "K"},
            "recorded_by": RECORDER,
            "details": {"from_school_kind": "maintained", "from_school_special": False},
            "findings": [
                {
                    "rule": "deletion.return_late",
                    "severity": "concern",
                    "message": "late",
                    "citation": {"instrument": "i", "provision": "p", "url": "u"},
                    "rules_version": "2026.11/2024-08-19",
                }
            ],
            "rules_version": "2026.11/2024-08-19",
        },
    ),
    "movement_corrected_v2": (
        Pupil.MovementCorrected,
        {
            "pupil_key": "pk_golden",
            "movement_id": "m-1",
            "changes": {"effective_date": "2026-01-07"},
            "reason_code": "wrong_date",
            "recorded_by": RECORDER,
            "findings": [],
            "rules_version": "2026.11/2024-08-19",
        },
    ),
    "step_recorded_v2": (
        Pupil.StepRecorded,
        {
            "pupil_key": "pk_golden",
            "step_id": "s-1",
            "step": "governors_decision",
            "decided_on": date(2026, 1, 20),
            "movement_id": "m-0",
            "urn": "100001",
            "la_code": "801",
            "outcome": "upheld",
            "recorded_by": RECORDER,
            "notice_given_on": date(2026, 1, 21),
            "notice_by_post": True,
        },
    ),
    "movement_withdrawn_v1": (
        Pupil.MovementWithdrawn,
        {
            "pupil_key": "pk_golden",
            "movement_id": "m-1",
            "reason_code": "duplicate",
            "recorded_by": RECORDER,
        },
    ),
    "home_la_recorded_v1": (
        Pupil.HomeLaRecorded,
        {
            "pupil_key": "pk_golden",
            "la_code": "330",
            "effective_date": date(2026, 1, 8),
            "recorded_by": RECORDER,
        },
    ),
    "pupil_erased_v1": (
        Pupil.Erased,
        {
            "pupil_key": "pk_golden",
            "reason": "subject_request_upheld",
            "erased_by": {"kind": "admin", "urn": None, "la_code": None},
        },
    ),
    "case_opened_v1": (
        Case.Created,
        {
            "case_type": "exclusion_review",
            "pupil_key": "pk_golden",
            "state": "governors_review",
            "opened_on": date(2026, 1, 8),
            "school_urn": "100001",
            "la_codes": ["801"],
            "source": "m-1",
            "opened_by": {"kind": "register", "urn": None, "la_code": None},
            "originator_topic": "pmr.case",
        },
    ),
    "case_transitioned_v1": (
        Case.Transitioned,
        {
            "pupil_key": "pk_golden",
            "transition": "governors_uphold",
            "from_state": "governors_review",
            "to_state": "review_window",
            "decided_on": date(2026, 1, 20),
            "decision": None,
            "actor": RECORDER,
        },
    ),
    "alert_raised_v1": (
        Alert.Created,
        {
            "rule": "repeated_moves",
            "pupil_key": "pk_golden",
            "window": "2025-26",
            "severity": "medium",
            "evidence": ["m-1", "m-2", "m-3"],
            "recipients": ["school:100001", "la:801"],
            "raised_at": WHEN,
            "due_by": WHEN,
            "thresholds_version": "2026.11",
            "originator_topic": "pmr.alert",
        },
    ),
    "alert_decided_v1": (
        Alert.Decided,
        {
            "pupil_key": "pk_golden",
            "action": "acknowledged",
            "by": {"kind": "dsl", "urn": "100001", "la_code": None},
            "at": WHEN,
            "outcome": None,
            "until": None,
            "level": None,
            "recipients": [],
        },
    ),
    "idempotency_created_v1": (
        IdempotencyRecord.Created,
        {
            "fingerprint": "f" * 64,
            "movement_id": "m-1",
            "pupil_key": "pk_golden",
            "recorded_at": WHEN.isoformat(),
            "originator_topic": "pmr.idempotency",
        },
    ),
}


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry()


def make_event(cls: type[Any], fields: dict[str, Any]) -> Any:
    return cls(originator_id=ORIGINATOR, originator_version=1, timestamp=WHEN, **fields)


def as_golden(stored: StoredEvent) -> dict[str, Any]:
    return {"topic": stored.topic, "state": json.loads(stored.state)}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_todays_event_encodes_exactly_as_the_golden_file(registry: Registry, name: str):
    cls, fields = SAMPLES[name]
    stored = registry.mapper.to_stored_event(make_event(cls, fields))
    path = GOLDEN / f"{name}.json"
    if os.environ.get("PMR_WRITE_GOLDEN"):
        path.write_text(json.dumps(as_golden(stored), indent=2, sort_keys=True) + "\n")
    assert as_golden(stored) == json.loads(path.read_text())


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_the_golden_stored_event_still_decodes(registry: Registry, name: str):
    golden = json.loads((GOLDEN / f"{name}.json").read_text())
    stored = StoredEvent(
        originator_id=ORIGINATOR,
        originator_version=1,
        topic=golden["topic"],
        state=json.dumps(golden["state"]).encode(),
    )
    cls, fields = SAMPLES[name]
    assert registry.mapper.to_domain_event(stored) == make_event(cls, fields)


# Stored by earlier releases: they must decode, upcast to today's version.
UPCAST: dict[str, tuple[type[Any], dict[str, Any]]] = {
    "movement_recorded_v1": (
        Pupil.MovementRecorded,
        {
            **{k: v for k, v in SAMPLES["movement_recorded_v2"][1].items()},
            "details": {},
            "findings": [],
            "rules_version": None,
        },
    ),
    "movement_corrected_v1": (
        Pupil.MovementCorrected,
        {
            **SAMPLES["movement_corrected_v2"][1],
            "findings": None,
            "rules_version": None,
        },
    ),
    "step_recorded_v1": (
        Pupil.StepRecorded,
        {
            **SAMPLES["step_recorded_v2"][1],
            "notice_given_on": None,
            "notice_by_post": False,
        },
    ),
}


@pytest.mark.parametrize("name", sorted(UPCAST))
def test_an_older_stored_event_is_upcast_to_todays(registry: Registry, name: str):
    golden = json.loads((GOLDEN / f"{name}.json").read_text())
    stored = StoredEvent(
        originator_id=ORIGINATOR,
        originator_version=1,
        topic=golden["topic"],
        state=json.dumps(golden["state"]).encode(),
    )
    cls, fields = UPCAST[name]
    assert registry.mapper.to_domain_event(stored) == make_event(cls, fields)


def test_every_pupil_event_class_has_a_golden_file():
    event_classes = {
        Pupil.Created,
        Pupil.MovementRecorded,
        Pupil.MovementCorrected,
        Pupil.MovementWithdrawn,
        Pupil.StepRecorded,
        Pupil.HomeLaRecorded,
        Pupil.Erased,
        Case.Created,
        Case.Transitioned,
        Alert.Created,
        Alert.Decided,
        IdempotencyRecord.Created,
    }
    assert event_classes == {cls for cls, _ in SAMPLES.values()}
