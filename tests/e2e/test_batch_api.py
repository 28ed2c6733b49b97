"""POST /v1/movements:batch: each item answered as it would be alone, in order; items
of one child applied in order; per-item idempotency; one bad item blocks nothing."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from services.app.bootstrap import Container
from tests.builders import SCHOOL_A, SCHOOL_B, random_upn
from tests.conftest import TokenFactory
from tests.e2e.helpers import movement_body, settled_position


def send(client: TestClient, auth: TokenFactory, items: list[dict[str, Any]]) -> Any:
    answer = client.post(
        "/v1/movements:batch",
        json={"movements": items},
        headers=auth("school", urn=SCHOOL_B),
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def a_batch() -> list[dict[str, Any]]:
    same_child = {"upn": random_upn(), "date_of_birth": "2012-02-02"}
    admit = movement_body(
        "admission",
        pupil=same_child,
        from_urn=None,
        to_urn=SCHOOL_B,
        effective_date="2026-09-03",
    )
    leave = movement_body(
        "roll_deletion",
        pupil=same_child,
        from_urn=SCHOOL_B,
        deletion_ground="moved_away",
        effective_date="2026-11-27",
    )
    others = [
        movement_body(
            "admission", from_urn=None, to_urn=SCHOOL_B, effective_date="2026-09-03"
        )
        for _ in range(3)
    ]
    unknown_school = movement_body("admission", from_urn=None, to_urn="999999")
    malformed = {
        "type": "admission",
        "pupil": {"upn": random_upn(), "date_of_birth": "2010-03-14"},
    }
    bodies = [admit, *others, leave, unknown_school, malformed]
    return [
        {"ref": f"mis-{n}", "idempotency_key": f"k-{random_upn()}-{n}", "movement": b}
        for n, b in enumerate(bodies)
    ]


def test_each_item_gets_its_own_answer_in_the_order_sent(
    client: TestClient, auth: TokenFactory
) -> None:
    answer = send(client, auth, a_batch())

    statuses = [(d["ref"], d["status"]) for d in answer["data"]]
    assert statuses == [
        ("mis-0", 201), ("mis-1", 201), ("mis-2", 201), ("mis-3", 201),
        ("mis-4", 201), ("mis-5", 422), ("mis-6", 422),
    ]  # fmt: skip
    assert (answer["recorded"], answer["refused"]) == (5, 2)
    assert answer["data"][5]["errors"][0]["rule"] == "school_unknown"
    assert answer["data"][6]["errors"][0]["field"] == "effective_date"
    # one child's admission then deletion, applied in that order
    assert answer["data"][0]["pupil_key"] == answer["data"][4]["pupil_key"]
    assert answer["data"][0]["position"] < answer["data"][4]["position"]


def test_a_batch_sent_again_replays_each_item_and_writes_nothing(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:
    items = a_batch()
    first = send(client, auth, items)
    position = settled_position(container)

    again = send(client, auth, items)

    assert [d["status"] for d in again["data"]][:5] == [200] * 5
    assert [d["movement_id"] for d in again["data"]][:5] == [
        d["movement_id"] for d in first["data"]
    ][:5]
    assert settled_position(container) == position


def test_more_than_a_thousand_items_is_refused_whole(
    client: TestClient, auth: TokenFactory
) -> None:
    item = {"ref": "x", "movement": movement_body("suspension")}

    answer = client.post(
        "/v1/movements:batch",
        json={"movements": [item] * 1001},
        headers=auth("school", urn=SCHOOL_A),
    )

    assert answer.status_code == 422
