"""Safeguarding alerts over HTTP: raised from the stream, routed to the right DSLs and
LAs only, worked through their lifecycle, and delivered by signed webhook."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.app.bootstrap import Container
from services.delivery.webhooks import Webhooks, verify
from tests.builders import LA_A, SCHOOL_A, SCHOOL_B, SCHOOL_C, random_upn
from tests.conftest import TokenFactory
from tests.e2e.helpers import assert_problem, movement_body


def record(
    client: TestClient, auth: TokenFactory, body: dict[str, Any], urn: str
) -> Any:
    answer = client.post("/v1/movements", json=body, headers=auth("school", urn=urn))
    assert answer.status_code == 201, answer.text
    return answer.json()


def three_moves(client: TestClient, auth: TokenFactory) -> str:
    """Admitted to A, managed move A -> B, deleted from B: three moves in a year."""
    upn = random_upn()
    pupil = {"upn": upn, "date_of_birth": "2010-03-14", "year_group": 9}
    record(client, auth, movement_body("admission", pupil=pupil, to_urn=SCHOOL_A,
           from_urn=None, effective_date="2026-09-03"), SCHOOL_A)  # fmt: skip
    record(client, auth, movement_body("managed_move", pupil=pupil, to_urn=SCHOOL_B,
           effective_date="2026-10-05", parental_consent=True,
           receiving_agreement=True), SCHOOL_A)  # fmt: skip
    last = record(client, auth, movement_body("roll_deletion", pupil=pupil,
                  from_urn=SCHOOL_B, deletion_ground="moved_away",
                  effective_date="2026-11-27"), SCHOOL_B)  # fmt: skip
    return str(last["pupil_key"])


def alerts_for(
    client: TestClient,
    headers: dict[str, str],
    pupil_key: str,
    seconds: float = 10.0,
    rule: str | None = None,
) -> list[dict[str, Any]]:
    """The child's alerts this reader sees, once there are any (or one of `rule`:
    the raiser works in batches, so one rule's alert can show before another's)."""
    deadline = time.monotonic() + seconds
    while True:
        mine, cursor = [], 0  # every page: a shared database holds many
        while cursor is not None:
            answer = client.get(
                "/v1/alerts", params={"limit": 500, "cursor": cursor}, headers=headers
            )
            assert answer.status_code == 200, answer.text
            page = answer.json()
            mine += [a for a in page["data"] if a["pupil_key"] == pupil_key]
            cursor = page["next_cursor"] if page["data"] else None
        wanted = [a for a in mine if rule is None or a["rule"] == rule]
        if wanted or time.monotonic() > deadline:
            return mine
        time.sleep(0.05)


def test_three_moves_in_a_year_alert_the_schools_dsls_and_the_la(
    client: TestClient, auth: TokenFactory
) -> None:
    pupil_key = three_moves(client, auth)

    for headers in (
        auth("dsl", urn=SCHOOL_A),
        auth("dsl", urn=SCHOOL_B),
        auth("la", la=LA_A),
    ):
        (alert,) = [
            a
            for a in alerts_for(client, headers, pupil_key, rule="repeated_moves")
            if a["rule"] == "repeated_moves"
        ]
        assert alert["status"] == "open"
        assert len(alert["evidence"]) == 3
        assert {"alert_id", "severity", "raised_at", "due_by"} <= set(alert)
    assert alerts_for(client, auth("dsl", urn=SCHOOL_C), pupil_key, seconds=0.2) == []


def test_another_schools_dsl_can_neither_see_nor_acknowledge(
    client: TestClient, auth: TokenFactory
) -> None:
    pupil_key = three_moves(client, auth)
    (alert,) = [
        a for a in alerts_for(client, auth("la", la=LA_A), pupil_key,
                              rule="repeated_moves")
        if a["rule"] == "repeated_moves"
    ]  # fmt: skip
    path = f"/v1/alerts/{alert['alert_id']}"

    # Not addressed to it: to that DSL the alert is not there (as one never raised).
    assert client.get(path, headers=auth("dsl", urn=SCHOOL_C)).status_code == 404
    refused = client.post(f"{path}/acknowledge", headers=auth("dsl", urn=SCHOOL_C))
    assert refused.status_code == 404

    done = client.post(f"{path}/acknowledge", headers=auth("dsl", urn=SCHOOL_A))
    assert done.status_code == 201, done.text
    assert done.json()["status"] == "acknowledged"
    resolved = client.post(
        f"{path}/resolve",
        json={"outcome": "in_education", "note": "seen at the new school"},
        headers=auth("la", la=LA_A),
    )
    assert resolved.json()["status"] == "resolved"


def test_a_decision_reads_back_at_once_and_a_snooze_works_from_acknowledged(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:
    pupil_key = three_moves(client, auth)
    dsl = auth("dsl", urn=SCHOOL_A)
    (alert,) = [
        a
        for a in alerts_for(client, dsl, pupil_key, rule="repeated_moves")
        if a["rule"] == "repeated_moves"
    ]
    path = f"/v1/alerts/{alert['alert_id']}"
    container.follower.stop()  # the inbox applies nothing more from here on
    try:
        assert client.post(f"{path}/acknowledge", headers=dsl).status_code == 201
        assert client.get(path, headers=dsl).json()["status"] == "acknowledged"
        now = container.registry.clock()
        too_far = {"until": (now + timedelta(days=400)).isoformat(), "reason": "later"}
        refused = client.post(f"{path}/snooze", json=too_far, headers=dsl)
        assert_problem(refused, 422, "until", "snooze_too_long")
        week = {"until": (now + timedelta(days=7)).isoformat(), "reason": "meeting"}
        snoozed = client.post(f"{path}/snooze", json=week, headers=dsl)
        assert (snoozed.status_code, snoozed.json()["status"]) == (201, "snoozed")
        assert client.get(path, headers=dsl).json()["status"] == "snoozed"
    finally:
        container.follower.start()
    listed = alerts_for(client, dsl, pupil_key)
    deadline = time.monotonic() + 3
    while [a["status"] for a in listed if a["rule"] == "repeated_moves"] != [
        "snoozed"
    ] and time.monotonic() < deadline:
        time.sleep(0.05)
        listed = alerts_for(client, dsl, pupil_key)
    assert [a["status"] for a in listed if a["rule"] == "repeated_moves"] == ["snoozed"]


class Receiver(BaseHTTPRequestHandler):
    """A webhook receiver: keeps each request's headers and raw body."""

    received: list[tuple[dict[str, str], bytes]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.received.append((dict(self.headers), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def receiver() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    Receiver.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook"
    server.shutdown()


def test_a_webhook_gets_each_alert_signed_once(
    client: TestClient,
    auth: TokenFactory,
    container: Container,
    receiver: str,
) -> None:
    dsl = auth("dsl", urn=SCHOOL_B)
    registered = client.post("/v1/webhooks", json={"url": receiver}, headers=dsl)
    assert registered.status_code == 201, registered.text
    secret = registered.json()["secret"]

    pupil_key = three_moves(client, auth)

    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        mine = [
            (h, b)
            for h, b in Receiver.received
            if json.loads(b)["pupil_key"] == pupil_key
            and json.loads(b)["rule"] == "repeated_moves"
        ]  # fmt: skip (other rules may fire too, by when the moves are recorded)
        if mine:
            break
        time.sleep(0.05)
    assert mine, "no delivery arrived"
    headers, body = mine[0]
    assert verify(secret, headers["PMR-Signature"], body, int(time.time()))
    assert not verify(
        "another-secret", headers["PMR-Signature"], body, int(time.time())
    )
    ids = [h["PMR-Delivery-Id"] for h, _ in mine]
    assert len(ids) == len(set(ids))
    assert json.loads(body)["rule"] == "repeated_moves"
    assert set(json.loads(body)) >= {"alert_id", "pupil_key", "evidence", "delivery_id"}
    hook_id = registered.json()["webhook_id"]
    deliveries = client.get(f"/v1/webhooks/{hook_id}/deliveries", headers=dsl).json()
    assert {d["status"] for d in deliveries["data"]} <= {"delivered", "pending"}


def test_a_plain_http_webhook_elsewhere_is_refused(
    client: TestClient, auth: TokenFactory
) -> None:
    answer = client.post(
        "/v1/webhooks",
        json={"url": "http://example.org/hook"},
        headers=auth("la", la="801"),
    )

    assert answer.status_code == 422


def test_alerts_rebuilt_from_the_store_come_out_identical(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:
    from projections.casework.alerts_inbox import AlertsInbox
    from projections.rebuild import rebuild
    from tests.e2e.helpers import settled_position

    pupil_key = three_moves(client, auth)
    assert alerts_for(client, auth("la", la=LA_A), pupil_key)
    settled_position(container)
    before = client.get("/v1/alerts?limit=500", headers=auth("la", la=LA_A)).json()

    container.follower.stop()
    rebuild(container.registry, container.db, AlertsInbox)

    after = client.get("/v1/alerts?limit=500", headers=auth("la", la=LA_A)).json()
    assert after == before


def test_a_missed_case_deadline_alerts_once_at_the_sweep(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:

    from services.processes.alert_raiser import AlertRaiser

    excluded = record(
        client, auth,
        movement_body("permanent_exclusion", reason="PA", effective_date="2026-11-16"),
        SCHOOL_A,
    )  # fmt: skip
    pupil_key = excluded["pupil_key"]
    from tests.e2e.helpers import settled_position

    settled_position(container)  # its cases opened and in the queue
    raiser = AlertRaiser(container.registry, container.db)
    now = datetime(2026, 11, 29, 12, tzinfo=UTC)

    raiser.sweep(now)
    raiser.sweep(now)  # a second sweep raises nothing new

    missed = [
        a for a in alerts_for(client, auth("la", la=LA_A), pupil_key,
                              rule="case_deadline_missed")
        if a["rule"] == "case_deadline_missed"
    ]  # fmt: skip
    assert len(missed) == 1  # the sixth-day duty (due 23 Nov), not yet the review
    assert alerts_for(client, auth("dsl", urn=SCHOOL_A), pupil_key)


def test_part_time_s19_beyond_its_span_alerts_the_home_la_at_the_sweep(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:

    from services.processes.alert_raiser import AlertRaiser
    from tests.e2e.helpers import settled_position

    home = "330"
    provider = {"name": "Part-time tutors", "kind": "tutor", "la_code": home}
    assert (
        client.put(
            "/v1/providers/pt-tutors-330", json=provider, headers=auth("la", la=home)
        ).status_code
        == 200
    )
    body = {
        "type": "section19_placement",
        "pupil": {"upn": random_upn(), "date_of_birth": "2010-03-14", "home_la": home},
        "provider_id": "pt-tutors-330",
        "hours_per_week": 10,
        "effective_date": "2026-10-12",
    }
    placed = client.post("/v1/movements", json=body, headers=auth("la", la=home))
    assert placed.status_code == 201, placed.text
    settled_position(container)  # its s19 case is open and in the queue

    # 30 school days from 12 Oct end on 30 Nov (26-30 Oct is half term)
    AlertRaiser(container.registry, container.db).sweep(
        datetime(2026, 12, 1, 9, tzinfo=UTC)
    )

    # The sweep raises more than one alert; wait for this one, not the first.
    deadline = time.monotonic() + 5
    rules: list[str] = []
    while "part_time_beyond_span" not in rules and time.monotonic() < deadline:
        alerts = alerts_for(client, auth("la", la=home), placed.json()["pupil_key"])
        rules = [a["rule"] for a in alerts]
    assert "part_time_beyond_span" in rules


def test_one_broken_webhook_row_holds_back_no_one_elses_alert(
    client: TestClient, auth: TokenFactory, container: Container, receiver: str
) -> None:
    dsl = auth("dsl", urn=SCHOOL_B)
    registered = client.post("/v1/webhooks", json={"url": receiver}, headers=dsl)
    assert registered.status_code == 201, registered.text
    owner = registered.json()["owner"]
    # A row left from before URLs were checked: it crashed every delivery round.
    broken, _ = Webhooks(container.db).register(
        owner, "https://[::1", container.registry.clock()
    )

    pupil_key = three_moves(client, auth)

    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not any(
        json.loads(b)["pupil_key"] == pupil_key for _, b in Receiver.received
    ):
        time.sleep(0.05)
    assert any(json.loads(b)["pupil_key"] == pupil_key for _, b in Receiver.received)
    # The broken row's own attempt may come after the good one: wait for it too.
    errors: set[str | None] = set()
    while time.monotonic() < deadline + 5 and "destination refused" not in errors:
        failed = Webhooks(container.db).deliveries(broken.webhook_id, None)
        errors = {d["last_error"] for d in failed}
        time.sleep(0.05)
    assert "destination refused" in errors and errors <= {None, "destination refused"}


@pytest.mark.parametrize(
    "url",
    ["https://hooks.example.org/a\r\nX-Injected: 1", "https://[::1",
     "http://169.254.169.254/latest/meta-data/"],
)  # fmt: skip
def test_a_webhook_url_that_is_malformed_or_reaches_inside_is_refused(
    client: TestClient, auth: TokenFactory, url: str
) -> None:
    answer = client.post(
        "/v1/webhooks", json={"url": url}, headers=auth("la", la="801")
    )

    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] == "url"
