"""Webhooks an organisation manages, end to end with a signing receiver: rotate the
secret (old and new both verify for the overlap), redeliver dead letters, delete;
another organisation's webhook is 404 on every route."""

from __future__ import annotations

import json
import time
from datetime import timedelta

from fastapi.testclient import TestClient

from services.app.bootstrap import Container
from services.delivery.webhooks import JITTER_LEAST, RETRY_SCHEDULE, verify
from tests.builders import SCHOOL_A, SCHOOL_B
from tests.conftest import TokenFactory
from tests.e2e.helpers import settled_position
from tests.e2e.test_alerts_api import Receiver, receiver, three_moves

__all__ = ["receiver"]  # the fixture, used by name


def arrivals(pupil_key: str, seconds: float = 10.0) -> list[tuple[dict, bytes]]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        mine = [
            (h, b)
            for h, b in Receiver.received
            if json.loads(b)["pupil_key"] == pupil_key
        ]
        if mine:
            return mine
        time.sleep(0.05)
    return []


def test_the_retries_span_more_than_a_day_before_a_dead_letter() -> None:
    assert timedelta(seconds=sum(RETRY_SCHEDULE) * JITTER_LEAST) > timedelta(hours=24)


def test_rotate_redeliver_and_delete_a_webhook(
    client: TestClient, auth: TokenFactory, container: Container, receiver: str
) -> None:
    dsl, other = auth("dsl", urn=SCHOOL_B), auth("dsl", urn=SCHOOL_A)
    registered = client.post("/v1/webhooks", json={"url": receiver}, headers=dsl)
    hook, old = registered.json()["webhook_id"], registered.json()["secret"]
    base = f"/v1/webhooks/{hook}"

    for method, path, body in (("POST", f"{base}/secret", None),
                               ("POST", f"{base}/redeliver", {}),
                               ("GET", f"{base}/deliveries", None),
                               ("DELETE", base, None)):  # fmt: skip
        answer = client.request(method, path, json=body, headers=other)
        assert answer.status_code == 404, (method, path)

    rotated = client.post(f"{base}/secret", headers=dsl)
    assert rotated.status_code == 200, rotated.text
    new = rotated.json()["secret"]
    assert new != old and rotated.json()["previous_valid_until"]

    key = three_moves(client, auth)
    headers, body = arrivals(key)[0]
    now = int(time.time())
    assert verify(new, headers["PMR-Signature"], body, now)
    assert verify(old, headers["PMR-Signature"], body, now)  # during the overlap

    def pending() -> int:
        answer = client.get(f"{base}/deliveries?status=pending", headers=dsl)
        return int(answer.json()["count"])

    settled_position(container)  # every alert raised and queued for delivery
    deadline = time.monotonic() + 10
    while pending() and time.monotonic() < deadline:  # none in flight
        time.sleep(0.05)
    with container.db.transaction() as cur:  # as if every try had failed
        cur.execute(
            "UPDATE webhook_deliveries SET status = 'dead' WHERE webhook_id = ?",
            (hook,),
        )
    dead = client.get(f"{base}/deliveries?status=dead", headers=dsl).json()["count"]
    assert dead >= 1
    Receiver.received.clear()
    again = client.post(f"{base}/redeliver", json={}, headers=dsl)
    assert again.json() == {"redelivered": dead}
    assert arrivals(key), "the dead letter was not sent again"
    missing = client.post(
        f"{base}/redeliver", json={"delivery_id": "nope"}, headers=dsl
    )
    assert missing.status_code == 404

    assert client.delete(base, headers=dsl).status_code == 204
    listed = client.get("/v1/webhooks", headers=dsl).json()["data"]
    assert hook not in [h["webhook_id"] for h in listed]
    assert client.get(f"{base}/deliveries", headers=dsl).status_code == 404
