"""The event envelope: one shape for every consumer of the register's events.

Projections read envelopes, whether they follow the store's notification log in
process or the Kafka topic `pmr.events.v1`, so one projection module serves both
runners. The payload never holds a UPN, name, date of birth or note.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID, uuid5

from events.alerts.alert import Alert
from events.cases.case import Case
from events.pupil import NAMESPACE, Pupil

ENVELOPE_VERSION = 1

EVENT_TYPES: dict[type[Any], str] = {
    Pupil.Created: "pupil_opened",
    Pupil.MovementRecorded: "movement_recorded",
    Pupil.MovementCorrected: "movement_corrected",
    Pupil.MovementWithdrawn: "movement_withdrawn",
    Pupil.StepRecorded: "step_recorded",
    Pupil.HomeLaRecorded: "home_la_recorded",
    Pupil.Erased: "pupil_erased",
    Pupil.ProcessingLimited: "processing_limited",
    Pupil.ProcessingLimitLifted: "processing_limit_lifted",
    Case.Created: "case_opened",
    Case.Transitioned: "case_transitioned",
    Case.Assigned: "case_assigned",
    Case.Redated: "case_redated",
    Alert.Created: "alert_raised",
    Alert.EvidenceAdded: "alert_evidence_added",
    Alert.Decided: "alert_decided",
}


@dataclass(frozen=True)
class EventEnvelope:
    """A stored event as the outside world sees it (wire format v1)."""

    event_id: str
    event_type: str
    version: int
    pupil_key: str
    school_urn: str | None
    la_code: str | None
    effective_date: str | None
    recorded_at: str
    position: int
    originator_id: str
    originator_version: int
    payload: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "event_type": self.event_type,
            "version": self.version,
            "pupil_key": self.pupil_key,
            "school_urn": self.school_urn,
            "la_code": self.la_code,
            "effective_date": self.effective_date,
            "recorded_at": self.recorded_at,
            "position": self.position,
            "originator_id": self.originator_id,
            "originator_version": self.originator_version,
            "payload": self.payload,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EventEnvelope:
        return cls(**{name: data[name] for name in cls.__dataclass_fields__})


def la_of(payload: dict[str, Any]) -> str | None:
    """The LA an event is about: a school's, else where the child lives."""
    details = payload.get("details") or {}
    return (
        payload.get("from_la")
        or payload.get("to_la")
        or payload.get("la_code")
        or next(iter(payload.get("la_codes") or ()), None)
        or details.get("home_la")
    )


def school_of(payload: dict[str, Any]) -> str | None:
    """The school an event is about, if any."""
    return payload.get("from_urn") or payload.get("to_urn") or payload.get("school_urn")


def event_id_of(originator_id: UUID, originator_version: int) -> str:
    """Stable id of a stored event: the same on every replay and republish."""
    return str(uuid5(NAMESPACE, f"/events/{originator_id}/{originator_version}"))


def envelope_of(domain_event: Any, position: int) -> EventEnvelope | None:
    """Wrap a Pupil event; None for events that are not about a child."""
    event_type = EVENT_TYPES.get(type(domain_event))
    if event_type is None:
        return None
    payload = _payload(domain_event)
    return EventEnvelope(
        event_id=event_id_of(
            domain_event.originator_id, domain_event.originator_version
        ),
        event_type=event_type,
        version=getattr(type(domain_event), "class_version", 1),
        pupil_key=domain_event.pupil_key,
        school_urn=school_of(payload),
        la_code=la_of(payload),
        effective_date=payload.get("effective_date"),
        recorded_at=domain_event.timestamp.isoformat(),
        position=position,
        originator_id=str(domain_event.originator_id),
        originator_version=domain_event.originator_version,
        payload=payload,
    )


def _payload(domain_event: Any) -> dict[str, Any]:
    skip = {
        "originator_id",
        "originator_version",
        "timestamp",
        "originator_topic",
        "pupil_key",
    }
    out: dict[str, Any] = {}
    for name, value in vars(domain_event).items():
        if name in skip:
            continue
        out[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return out


# --- the fast path: envelopes straight from stored JSON ---------------------------


class NeedsMapper(Exception):
    """Raised when a stored event must be decoded by the library (e.g. upcasting)."""


CHILD_TOPICS: dict[str, str] = {cls.TOPIC: name for cls, name in EVENT_TYPES.items()}
CLASS_VERSIONS: dict[str, int] = {
    cls.TOPIC: getattr(cls, "class_version", 1) for cls in EVENT_TYPES
}
OTHER_TOPICS = frozenset({"pmr.idempotency.created.v1"})
_META = frozenset({"timestamp", "originator_topic", "pupil_key", "class_version"})


def envelope_from_stored(
    topic: str,
    originator_id: UUID,
    originator_version: int,
    state: bytes,
    position: int,
) -> EventEnvelope | None:
    """The envelope envelope_of would give, without building the domain event.

    Replays spend most of their time decoding events into objects only to turn them
    back into JSON; for current-version child events the stored JSON already holds
    every field. Anything else (older class versions, unknown topics): NeedsMapper.
    """
    if topic in OTHER_TOPICS:
        return None
    event_type = CHILD_TOPICS.get(topic)
    if event_type is None:
        raise NeedsMapper(topic)
    decoded = json.loads(state)
    version = decoded.get("class_version", 1)
    if version != CLASS_VERSIONS[topic]:
        raise NeedsMapper(topic)  # an older version: the library upcasts it
    fields = {k: _plain(v) for k, v in decoded.items()}
    payload = {k: v for k, v in fields.items() if k not in _META}
    return EventEnvelope(
        event_id=event_id_of(originator_id, originator_version),
        event_type=event_type,
        version=version,
        pupil_key=fields["pupil_key"],
        school_urn=school_of(payload),
        la_code=la_of(payload),
        effective_date=payload.get("effective_date"),
        recorded_at=fields["timestamp"],
        position=position,
        originator_id=str(originator_id),
        originator_version=originator_version,
        payload=payload,
    )


def _plain(value: Any) -> Any:
    """Transcoded values ({"_type_": ..., "_data_": ...}) as their ISO text."""
    if isinstance(value, dict) and "_type_" in value and "_data_" in value:
        return value["_data_"]
    return value
