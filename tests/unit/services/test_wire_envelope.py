"""The Kafka wire format: schema-valid, round-trips, refuses personal fields."""

from __future__ import annotations

import json
from dataclasses import replace

import jsonschema
import pytest

from events.envelope import envelope_of
from events.registry import Registry
from services.kafka.envelope import PersonalDataOnTheWire, decode, encode, schema
from tests.builders import a_movement, random_pupil_key, school


def envelopes():
    registry = Registry()
    key = random_pupil_key()
    receipt = registry.record_movement(key, a_movement("roll_deletion"), school())
    registry.withdraw_movement(key, receipt.movement_id, "duplicate", school())
    for n in registry.notification_log.select(1, 10):
        envelope = envelope_of(registry.mapper.to_domain_event(n), n.id)
        if envelope is not None:
            yield envelope


def test_every_envelope_is_valid_against_the_published_schema():
    kinds = set()
    for envelope in envelopes():
        _key, value, _headers = encode(envelope)
        jsonschema.validate(json.loads(value), schema())
        kinds.add(envelope.event_type)
    assert kinds == {"pupil_opened", "movement_recorded", "movement_withdrawn"}


def test_an_envelope_round_trips_and_is_keyed_by_pupil_key():
    for envelope in envelopes():
        key, value, headers = encode(envelope)
        assert key == envelope.pupil_key.encode()
        assert decode(value) == envelope
        assert dict(headers)["event_id"] == envelope.event_id.encode()


@pytest.mark.parametrize("field", ["upn", "date_of_birth", "notes", "surname"])
def test_a_personal_field_never_reaches_the_topic(field):
    envelope = next(iter(envelopes()))
    leaky = replace(envelope, payload={**envelope.payload, field: "x"})
    with pytest.raises(PersonalDataOnTheWire):
        encode(leaky)


def test_the_schema_itself_rejects_a_personal_payload_field():
    envelope = next(iter(envelopes()))
    value = json.loads(encode(envelope)[1])
    value["payload"]["upn"] = "H801200001001"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(value, schema())
