"""Recording movements over HTTP: success, idempotency, and every kind of bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from events.movements import MOVEMENT_TYPES, MovementType, RecorderKind, Side
from services.app.bootstrap import Container
from services.recording.movement_body import MOVEMENT_EXAMPLES
from tests.builders import SCHOOL_A, SCHOOL_B, SCHOOL_C, random_upn
from tests.conftest import TokenFactory
from tests.e2e.helpers import assert_problem, movement_body, settled_position


def post(client: TestClient, auth: TokenFactory, body: dict, urn: str = SCHOOL_A, **kw):
    return client.post(
        "/v1/movements", json=body, headers=auth("school", urn=urn), **kw
    )


def test_a_permanent_exclusion_is_recorded_with_its_ids_and_time(client, auth):
    response = post(client, auth, movement_body("permanent_exclusion"))
    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) == {
        "movement_id",
        "pupil_key",
        "recorded_at",
        "position",
        "findings",
    }
    assert body["findings"] == []
    assert body["pupil_key"].startswith("pk_")
    assert body["position"] > 0


def test_the_same_upn_maps_to_the_same_pupil_key(client, auth):
    upn = random_upn()
    first = post(
        client,
        auth,
        movement_body("suspension", pupil={"upn": upn, "date_of_birth": "2010-03-14"}),
    )
    again = movement_body(
        "suspension", pupil={"upn": upn, "date_of_birth": "2010-03-14"}, days=1
    )
    second = post(client, auth, again)
    assert second.status_code == 201, second.text
    assert first.json()["pupil_key"] == second.json()["pupil_key"]


def test_a_replayed_idempotency_key_returns_the_first_answer_and_writes_nothing(
    client, auth, container: Container
):
    body = movement_body("suspension")
    headers = {**auth("school", urn=SCHOOL_A), "Idempotency-Key": "k-123"}
    first = client.post("/v1/movements", json=body, headers=headers)
    position = settled_position(container)
    again = client.post("/v1/movements", json=body, headers=headers)
    assert again.status_code == 200
    assert again.json()["movement_id"] == first.json()["movement_id"]
    assert again.json()["recorded_at"] == first.json()["recorded_at"]
    assert settled_position(container) == position


def test_an_idempotency_key_reused_with_another_body_is_a_conflict(client, auth):
    headers = {**auth("school", urn=SCHOOL_A), "Idempotency-Key": "k-456"}
    client.post("/v1/movements", json=movement_body("suspension"), headers=headers)
    other = client.post(
        "/v1/movements", json=movement_body("suspension"), headers=headers
    )
    assert_problem(other, 409, "Idempotency-Key", "idempotency_key_reused")


def test_an_la_records_a_fair_access_placement_in_its_area(client, auth):
    body = movement_body("fair_access_placement", from_urn=None, to_urn=SCHOOL_B)
    response = client.post("/v1/movements", json=body, headers=auth("la", la="801"))
    assert response.status_code == 201, response.text


@pytest.mark.parametrize(
    ("overrides", "field", "rule"),
    [
        (
            {"pupil": {"upn": "A801200005001", "date_of_birth": "2010-03-14"}},
            "pupil.upn",
            "upn_check_letter",
        ),
        ({"from_urn": "12AB"}, "from_urn", "urn_format"),
        ({"type": "expelled"}, "type", "enum"),
        (
            {"effective_date": "2026-02-30"},
            "effective_date",
            "date_from_datetime_parsing",
        ),
        ({"from_urn": "999999"}, "from_urn", "school_unknown"),
        ({"reason": ["XX"]}, "reason", "reason_code_unknown"),
        ({"reason": ["DB", "PA", "VA", "TH"]}, "reason", "reason_too_many"),
        ({"days": 0.3}, "days", "days_half_day_units"),
        ({"deletion_ground": "moved_away"}, "deletion_ground", "field_not_applicable"),
        (
            {
                "pupil": {
                    "upn": random_upn(),
                    "date_of_birth": "2010-03-14",
                    "year_group": "15",
                }
            },
            "pupil.year_group",
            "year_group_unknown",
        ),
    ],
)
def test_bad_suspension_input_is_refused_naming_field_and_rule(
    client, auth, container: Container, overrides, field, rule
):
    position = settled_position(container)
    response = post(client, auth, movement_body("suspension", **overrides))
    assert_problem(response, 422, field, rule)
    assert settled_position(container) == position


def test_a_deletion_without_a_lawful_ground_is_refused(client, auth):
    body = movement_body("roll_deletion", deletion_ground=None)
    assert_problem(
        post(client, auth, body), 422, "deletion_ground", "deletion_ground_required"
    )


def test_a_deletion_on_an_unknown_ground_is_refused(client, auth):
    body = movement_body("roll_deletion", deletion_ground="behaviour")
    assert_problem(
        post(client, auth, body), 422, "deletion_ground", "deletion_ground_unknown"
    )


def test_a_future_exclusion_is_refused(client, auth, clock):
    tomorrow = (clock().date() + timedelta(days=5)).isoformat()
    body = movement_body("permanent_exclusion", effective_date=tomorrow)
    assert_problem(
        post(client, auth, body), 422, "effective_date", "effective_date_in_future"
    )


def test_a_second_deletion_from_a_roll_already_left_is_refused(client, auth):
    upn = random_upn()
    body = movement_body(
        "roll_deletion", pupil={"upn": upn, "date_of_birth": "2010-03-14"}
    )
    assert post(client, auth, body).status_code == 201
    again = movement_body(
        "roll_deletion",
        pupil={"upn": upn, "date_of_birth": "2010-03-14"},
        deletion_ground="died",
    )
    assert_problem(post(client, auth, again), 422, "from_urn", "already_left_roll")


def test_no_token_is_401_problem(client):
    response = client.post("/v1/movements", json=movement_body("suspension"))
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_a_forged_token_is_401(client):
    headers = {"Authorization": "Bearer not.a.token"}
    response = client.post(
        "/v1/movements", json=movement_body("suspension"), headers=headers
    )
    assert response.status_code == 401


def test_a_school_recording_for_another_school_is_403(client, auth):
    response = post(client, auth, movement_body("suspension"), urn=SCHOOL_B)
    assert_problem(response, 403, "from_urn", "recorder_not_permitted")


def test_an_la_recording_outside_its_area_is_403(client, auth):
    body = movement_body("fair_access_placement", from_urn=None, to_urn=SCHOOL_C)
    response = client.post("/v1/movements", json=body, headers=auth("la", la="801"))
    assert response.status_code == 403


def test_a_statistician_cannot_record_movements(client, auth):
    response = client.post(
        "/v1/movements", json=movement_body("suspension"), headers=auth("statistician")
    )
    assert response.status_code == 403


@pytest.mark.parametrize("name", sorted(MOVEMENT_EXAMPLES))
def test_every_openapi_example_is_accepted(client, auth, name):
    body = {
        **MOVEMENT_EXAMPLES[name],
        "pupil": {**MOVEMENT_EXAMPLES[name]["pupil"], "upn": random_upn()},
    }
    rules = MOVEMENT_TYPES[MovementType(body["type"])]
    if RecorderKind.SCHOOL in rules.recorders:
        urn = (
            body.get("from_urn") if rules.acting_side is not Side.TO else body["to_urn"]
        )
        headers = auth("school", urn=urn)
    else:
        headers = auth("la", la="801")
    response = client.post("/v1/movements", json=body, headers=headers)
    assert response.status_code == 201, response.text
