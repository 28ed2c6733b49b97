"""Probes, metrics and a projection rebuild while the API keeps serving."""

from __future__ import annotations

from projections.history.pupil_history import PupilHistory
from projections.rebuild import rebuild
from services.app.bootstrap import Container
from tests.builders import SCHOOL_A
from tests.e2e.helpers import movement_body


def test_probes_answer_without_a_token(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["projection_lag"] >= 0


def test_metrics_report_requests_events_and_lag(client, auth):
    headers = auth("school", urn=SCHOOL_A)
    assert (
        client.post(
            "/v1/movements", json=movement_body("suspension"), headers=headers
        ).status_code
        == 201
    )
    text = client.get("/metrics").text
    assert 'pmr_events_appended_total{type="suspension"} 1.0' in text
    assert "pmr_request_seconds_bucket" in text
    assert 'pmr_projection_lag_events{projection="pupil_history"}' in text
    assert "pmr_relay_lag_events" in text


def test_a_rebuild_swaps_in_identical_rows_and_the_follower_carries_on(
    client, auth, container: Container
):
    headers = auth("school", urn=SCHOOL_A)
    receipts = [
        client.post(
            "/v1/movements", json=movement_body("suspension"), headers=headers
        ).json()
        for _ in range(5)
    ]
    container.follower.wait_for(receipts[-1]["position"])
    query = "SELECT * FROM history_movements ORDER BY movement_id"
    before = container.db.query(query)
    replayed = rebuild(container.registry, container.db, PupilHistory)
    assert replayed >= 10
    assert container.db.query(query) == before
    late = client.post(
        "/v1/movements", json=movement_body("suspension"), headers=headers
    )
    key = late.json()["pupil_key"]
    history = client.get(
        f"/v1/pupils/{key}/history",
        params={"min_position": late.json()["position"]},
        headers=headers,
    )
    assert [e["type"] for e in history.json()["events"]] == ["suspension"]


def test_the_running_api_verifies_the_event_chain_itself(client):
    """The chain watch verifies at start, so /readyz has a result without anyone
    running `pmr audit verify`."""
    import time

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        chain = client.get("/readyz").json()["event_chain"]
        if chain["status"] != "unchecked":
            break
        time.sleep(0.05)
    assert chain["status"] == "intact", chain
