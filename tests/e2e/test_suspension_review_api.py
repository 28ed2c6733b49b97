"""The board's review of suspensions through the API: opened by the suspension
that passes 15 school days in a term or misses a public examination (15 school
days), or by the parents' representations (50), and closed by the board."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from services.app.bootstrap import Container
from tests.builders import LA_A, SCHOOL_A, random_upn
from tests.conftest import RegisterClock, TokenFactory
from tests.e2e.helpers import movement_body, queued_cases, settled_position
from tests.e2e.test_cases_api import record


@pytest.fixture(autouse=True)
def december(clock: RegisterClock) -> None:
    clock.now = datetime(2026, 12, 1, 9, tzinfo=UTC)


def reviews(client: TestClient, auth: TokenFactory, key: str) -> list[dict]:
    return queued_cases(client, auth, LA_A, key, case_type="suspension_review")


@pytest.mark.parametrize(
    ("days", "fields", "due"),
    [
        (16, {}, "2026-11-23"),  # 2 Nov + 15 school days (no holiday between)
        (2, {"misses_public_examination": True}, "2026-11-23"),
        (2, {}, None),
    ],
)
def test_a_suspension_the_board_must_review_opens_its_case(
    client: TestClient,
    auth: TokenFactory,
    container: Container,
    days: float,
    fields: dict,
    due: str | None,
) -> None:
    body = movement_body("suspension", pupil={"upn": random_upn(),
                         "date_of_birth": "2010-03-14"}, days=days,
                         effective_date="2026-11-02", **fields)  # fmt: skip
    key = record(client, auth, body)["pupil_key"]
    settled_position(container)
    found = reviews(client, auth, key)
    if due is None:
        assert found == []
        return
    (case,) = found
    assert case["next_deadline"]["due"] == due


def test_representations_open_a_50_day_review_the_board_then_closes(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:
    body = movement_body("suspension", pupil={"upn": random_upn(),
                         "date_of_birth": "2010-03-14"}, days=3,
                         effective_date="2026-11-02")  # fmt: skip
    suspended = record(client, auth, body)
    key = suspended["pupil_key"]
    steps = f"/v1/pupils/{key}/steps"
    headers = auth("school", urn=SCHOOL_A)
    made = {"step": "representations_made", "movement_id": suspended["movement_id"],
            "decided_on": "2026-11-05"}  # fmt: skip
    assert client.post(steps, json=made, headers=headers).status_code == 201
    settled_position(container)
    (case,) = reviews(client, auth, key)
    assert case["state"] == "board_review_on_representations"
    assert case["next_deadline"]["verified"] is False
    decided = {"step": "suspension_review_decision", "outcome": "upheld",
               "movement_id": suspended["movement_id"],
               "decided_on": "2026-11-20"}  # fmt: skip
    assert client.post(steps, json=decided, headers=headers).status_code == 201
    settled_position(container)
    assert reviews(client, auth, key) == []
