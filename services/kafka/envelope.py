"""The wire format on Kafka: topic pmr.events.v1, key pupil_key, JSON envelope v1.

The JSON Schema shipped beside this module (envelope.schema.json) documents the value;
tests validate every published record against it. The encoder refuses any payload
field that could identify a child, whatever the domain puts there.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from events.envelope import EventEnvelope

TOPIC = "pmr.events.v1"
ALERTS_TOPIC = "pmr.alerts.v1"  # alert events only, keyed by pupil_key
PERSONAL_KEYS = frozenset(
    {
        "upn",
        "date_of_birth",
        "notes",
        "name",
        "nhs_number",
        "forename",
        "surname",
        "legal_name",
        "address",
    }
)

Header = tuple[str, bytes]


class PersonalDataOnTheWire(ValueError):
    """Raised when an envelope would carry a personal field onto the topic."""


def schema() -> dict[str, Any]:
    text = files("services.kafka").joinpath("envelope.schema.json").read_text()
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def encode(envelope: EventEnvelope) -> tuple[bytes, bytes, list[Header]]:
    """(key, value, headers) for one record."""
    leaked = PERSONAL_KEYS & set(envelope.payload)
    if leaked:
        raise PersonalDataOnTheWire(f"refusing to publish fields {sorted(leaked)}")
    value = json.dumps(envelope.as_dict(), separators=(",", ":"), sort_keys=True)
    headers = [
        ("event_id", envelope.event_id.encode()),
        ("event_type", envelope.event_type.encode()),
        ("version", str(envelope.version).encode()),
        ("position", str(envelope.position).encode()),
    ]
    return envelope.pupil_key.encode(), value.encode(), headers


def decode(value: bytes) -> EventEnvelope:
    return EventEnvelope.from_dict(json.loads(value))
