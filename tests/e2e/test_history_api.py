"""Reading a child's record: history with both times, as-known-at, scopes, audit."""

from __future__ import annotations

from datetime import datetime

from fastapi.testclient import TestClient

from tests.builders import SCHOOL_A, SCHOOL_B, SCHOOL_C, random_upn
from tests.conftest import TokenFactory
from tests.e2e.helpers import assert_problem, movement_body


def record(
    client: TestClient, auth: TokenFactory, body: dict, urn: str = SCHOOL_A
) -> dict:
    response = client.post("/v1/movements", json=body, headers=auth("school", urn=urn))
    assert response.status_code == 201, response.text
    return response.json()


def read_history(client, auth, receipt: dict, role="school", **claims) -> dict:
    claims = claims or {"urn": SCHOOL_A}
    for _ in range(3):  # as a client would on 503 + Retry-After (a stalled disk)
        response = client.get(
            f"/v1/pupils/{receipt['pupil_key']}/history",
            params={"min_position": receipt["position"]},
            headers=auth(role, **claims),
        )
        if response.status_code != 503:
            break
    assert response.status_code == 200, response.text
    return response.json()


def test_history_shows_every_event_with_effective_date_and_recorded_time(client, auth):
    upn = random_upn()
    record(
        client,
        auth,
        movement_body("suspension", pupil={"upn": upn, "date_of_birth": "2010-03-14"}),
    )
    last = record(
        client,
        auth,
        movement_body(
            "permanent_exclusion", pupil={"upn": upn, "date_of_birth": "2010-03-14"}
        ),
    )
    history = read_history(client, auth, last)
    assert [e["type"] for e in history["events"]] == [
        "suspension",
        "permanent_exclusion",
    ]
    for event in history["events"]:
        assert event["effective_date"] == "2026-01-08"
        assert datetime.fromisoformat(event["recorded_at"]).tzinfo is not None
        assert event["status"] == "recorded"
    assert history["on_roll_at"] == [SCHOOL_A]


def test_history_is_in_effective_date_order_and_flags_backdating(client, auth):
    upn = random_upn()
    record(
        client,
        auth,
        movement_body(
            "suspension",
            pupil={"upn": upn, "date_of_birth": "2010-03-14"},
            effective_date="2026-03-02",
        ),
    )
    last = record(
        client,
        auth,
        movement_body(
            "suspension",
            pupil={"upn": upn, "date_of_birth": "2010-03-14"},
            effective_date="2025-11-10",
        ),
    )
    events = read_history(client, auth, last)["events"]
    assert [e["effective_date"] for e in events] == ["2025-11-10", "2026-03-02"]
    assert all(e["backdated"] for e in events)  # both recorded long after


def test_as_known_at_before_a_backdated_event_hides_it(client, auth, clock):
    upn = random_upn()
    first = record(
        client,
        auth,
        movement_body(
            "admission",
            pupil={"upn": upn, "date_of_birth": "2010-03-14"},
            from_urn=None,
            to_urn=SCHOOL_A,
            effective_date="2025-09-03",
        ),
    )
    read_history(client, auth, first)
    between = clock().isoformat()
    late = record(
        client,
        auth,
        movement_body(
            "roll_deletion",
            pupil={"upn": upn, "date_of_birth": "2010-03-14"},
            effective_date="2025-12-01",
        ),
    )
    now = read_history(client, auth, late)
    assert [e["type"] for e in now["events"]] == ["admission", "roll_deletion"]
    assert now["on_roll_at"] == []
    response = client.get(
        f"/v1/pupils/{late['pupil_key']}/history",
        params={"as_known_at": between},
        headers=auth("school", urn=SCHOOL_A),
    )
    then = response.json()
    assert [e["type"] for e in then["events"]] == ["admission"]
    assert then["on_roll_at"] == [SCHOOL_A]


def test_a_correction_and_a_withdrawal_show_without_erasing_the_original(client, auth):
    upn = random_upn()
    suspension = record(
        client,
        auth,
        movement_body("suspension", pupil={"upn": upn, "date_of_birth": "2010-03-14"}),
    )
    key, movement = suspension["pupil_key"], suspension["movement_id"]
    headers = auth("school", urn=SCHOOL_A)
    corrected = client.post(
        f"/v1/pupils/{key}/movements/{movement}/corrections",
        json={"reason_code": "data_entry_error", "days": 1.5},
        headers=headers,
    )
    assert corrected.status_code == 201, corrected.text
    event = read_history(client, auth, corrected.json())["events"][0]
    assert event["days"] == 1.5 and event["status"] == "corrected"
    assert event["amendments"][0]["changes"] == {"days": 1.5}
    withdrawn = client.post(
        f"/v1/pupils/{key}/movements/{movement}/withdrawal",
        json={"reason_code": "duplicate"},
        headers=headers,
    )
    assert withdrawn.status_code == 201, withdrawn.text
    event = read_history(client, auth, withdrawn.json())["events"][0]
    assert event["status"] == "withdrawn"
    assert len(event["amendments"]) == 2


def test_a_school_that_never_had_the_child_cannot_read_its_history(client, auth):
    receipt = record(client, auth, movement_body("suspension"))
    response = client.get(
        f"/v1/pupils/{receipt['pupil_key']}/history",
        headers=auth("school", urn=SCHOOL_C),
    )
    assert_problem(response, 404, "", "pupil_not_found")  # as for a key never held


def test_the_receiving_school_of_a_managed_move_can_read_the_history(client, auth):
    receipt = record(client, auth, movement_body("managed_move", to_urn=SCHOOL_B))
    assert read_history(client, auth, receipt, urn=SCHOOL_B)["on_roll_at"] == [SCHOOL_B]


def test_an_la_reads_children_whose_movements_touch_its_schools_only(client, auth):
    receipt = record(client, auth, movement_body("suspension"))
    assert read_history(client, auth, receipt, role="la", la="801")["events"]
    other = client.get(
        f"/v1/pupils/{receipt['pupil_key']}/history", headers=auth("la", la="202")
    )
    assert other.status_code == 404  # outside its scope: as a child never held


def test_a_statistician_never_reads_a_child(client, auth):
    receipt = record(client, auth, movement_body("suspension"))
    response = client.get(
        f"/v1/pupils/{receipt['pupil_key']}/history", headers=auth("statistician")
    )
    assert response.status_code == 403


def test_lookup_finds_a_child_in_scope_and_hides_one_outside(client, auth):
    upn = random_upn()
    receipt = record(
        client,
        auth,
        movement_body("suspension", pupil={"upn": upn, "date_of_birth": "2010-03-14"}),
    )
    found = client.post(
        "/v1/pupils/lookup", json={"upn": upn}, headers=auth("school", urn=SCHOOL_A)
    )
    assert found.json() == {"pupil_key": receipt["pupil_key"]}
    hidden = client.post(
        "/v1/pupils/lookup", json={"upn": upn}, headers=auth("school", urn=SCHOOL_C)
    )
    unknown = client.post(
        "/v1/pupils/lookup",
        json={"upn": random_upn()},
        headers=auth("school", urn=SCHOOL_C),
    )
    assert hidden.status_code == unknown.status_code == 404


def test_the_child_sees_who_read_their_record(client, auth):
    receipt = record(client, auth, movement_body("suspension"))
    key = receipt["pupil_key"]
    read_history(client, auth, receipt)
    log = client.get(
        f"/v1/pupils/{key}/access-log", headers=auth("subject", pupil_key=key)
    ).json()
    assert [(e["role"], e["organisation"], e["action"]) for e in log["data"]] == [
        ("school", SCHOOL_A, "history")
    ]
    other = client.get(
        f"/v1/pupils/{key}/access-log",
        headers=auth("subject", pupil_key="pk_someone_else"),
    )
    assert other.status_code == 403


def test_unknown_pupil_key_is_404(client, auth):
    response = client.get("/v1/pupils/pk_nobody/history", headers=auth("admin"))
    assert response.status_code == 404
