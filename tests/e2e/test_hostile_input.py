"""Hostile input answered with 4xx problem+json, never 500; the 500s that remain are
logged with a correlation id and counted (regressions of the security review)."""

from __future__ import annotations

import time
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient

from services.api.main import create_app
from services.api.routers import pupils
from services.app.bootstrap import Container
from services.app.config import Settings
from tests.builders import SCHOOL_A
from tests.conftest import TokenFactory
from tests.e2e.helpers import assert_problem, movement_body


def a_child(client: TestClient, auth: TokenFactory) -> str:
    answer = client.post(
        "/v1/movements",
        json=movement_body("suspension"),
        headers=auth("school", urn=SCHOOL_A),
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["pupil_key"])


def test_an_infinite_number_of_days_is_422(client: TestClient, auth: TokenFactory):
    body = movement_body("suspension", days=1e308)

    answer = client.post(
        "/v1/movements", json=body, headers=auth("school", urn=SCHOOL_A)
    )

    assert_problem(answer, 422, "days", "days_more_than_a_year")


def test_a_history_as_known_in_year_one_is_422(client: TestClient, auth: TokenFactory):
    pupil_key = a_child(client, auth)

    answer = client.get(
        f"/v1/pupils/{pupil_key}/history",
        params={"as_known_at": "0001-01-01T00:00:00Z"},
        headers=auth("school", urn=SCHOOL_A),
    )

    assert_problem(answer, 422, "as_known_at", "as_known_at_out_of_range")


def test_academic_year_9999_00_is_422(client: TestClient, auth: TokenFactory):
    answer = client.get(
        "/v1/la/801/census-spikes",
        params={"academic_year": "9999-00"},
        headers=auth("la", la="801"),
    )

    assert_problem(answer, 422, "academic_year", "academic_year_range")


@pytest.mark.parametrize("claim", ["urn", "la", "sub"])
def test_a_token_whose_scope_claim_is_a_list_is_401(
    client: TestClient, settings: Settings, claim: str
) -> None:
    claims: dict[str, Any] = {"sub": "x", "role": "school", "urn": "100001"}
    claims[claim] = ["100001"]
    claims["exp"] = int(time.time()) + 60
    token = jwt.encode(claims, settings.jwt_secret, algorithm="HS256")

    answer = client.post(
        "/v1/movements",
        json=movement_body("suspension"),
        headers={"Authorization": f"Bearer {token}"},
    )

    assert answer.status_code == 401


def test_a_body_over_the_limit_is_413_before_it_is_read(
    client: TestClient, auth: TokenFactory
) -> None:
    declared = client.post(
        "/v1/movements",
        content=b"x" * 2_000_000,
        headers={**auth("school", urn=SCHOOL_A), "content-type": "application/json"},
    )

    def chunks() -> Any:
        for _ in range(40):
            yield b"x" * 65_536

    streamed = client.post(
        "/v1/movements",
        content=chunks(),
        headers={**auth("school", urn=SCHOOL_A), "content-type": "application/json"},
    )

    for answer in (declared, streamed):
        assert_problem(answer, 413, "body", "body_too_large")


def test_a_500_carries_a_correlation_id_and_is_counted(
    container: Container, auth: TokenFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(pupil_key: str) -> None:
        raise RuntimeError("a fault nobody foresaw")

    monkeypatch.setattr(container.registry, "get_pupil", broken)
    with TestClient(
        create_app(container=container), raise_server_exceptions=False
    ) as c:
        answer = c.get("/v1/pupils/pk_x/history", headers=auth("admin"))

    assert answer.status_code == 500
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert len(answer.json()["correlation_id"]) == 32
    counted = container.metrics.server_errors.labels("/v1/pupils/{pupil_key}/history")
    assert counted._value.get() >= 1


def test_waiting_readers_are_bounded_and_the_rest_answered_at_once(
    client: TestClient,
    auth: TokenFactory,
    container: Container,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pupil_key = a_child(client, auth)
    waited: list[int] = []
    monkeypatch.setattr(
        container, "wait_for", lambda position, key, timeout=5.0: waited.append(1)
    )
    taken = [pupils.WAITERS.acquire(blocking=False) for _ in range(8)]
    try:
        answer = client.get(
            f"/v1/pupils/{pupil_key}/history",
            params={"min_position": 10**12},
            headers=auth("school", urn=SCHOOL_A),
        )
        assert answer.status_code == 503
        assert answer.headers["Retry-After"] == "1"
        assert waited == []  # refused at once, not queued behind the others
    finally:
        for held in taken:
            if held:
                pupils.WAITERS.release()
