"""Identifiers in full-width digits name the same child and the same school."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.builders import SCHOOL_B, random_upn
from tests.conftest import TokenFactory
from tests.e2e.helpers import movement_body


def full_width(text: str) -> str:
    """ASCII letters and digits as their full-width forms (U+FF01 block)."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in text)


def record(client: TestClient, auth: TokenFactory, body: dict[str, Any]) -> dict:
    response = client.post(
        "/v1/movements", json=body, headers=auth("school", urn=SCHOOL_B)
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_a_full_width_upn_is_the_same_child_as_the_ascii_one(client, auth):
    upn = random_upn()
    admitted = record(
        client,
        auth,
        movement_body("admission", pupil={"upn": upn, "date_of_birth": "2010-03-14"}),
    )
    wide_upn = upn[0] + full_width(upn[1:])
    assert wide_upn != upn
    suspended = record(
        client,
        auth,
        movement_body(
            "suspension",
            pupil={"upn": wide_upn, "date_of_birth": "2010-03-14"},
            from_urn=SCHOOL_B,
        ),
    )
    assert suspended["pupil_key"] == admitted["pupil_key"]


def test_a_full_width_urn_is_the_same_school(client, auth):
    upn = random_upn()
    admitted = record(
        client,
        auth,
        movement_body("admission", pupil={"upn": upn, "date_of_birth": "2010-03-14"}),
    )
    # School B may only record for itself: 201 means the URN was read as 100002.
    suspended = record(
        client,
        auth,
        movement_body(
            "suspension",
            pupil={"upn": full_width(upn), "date_of_birth": "2010-03-14"},
            from_urn=full_width(SCHOOL_B),
        ),
    )
    assert suspended["pupil_key"] == admitted["pupil_key"]
    history = client.get(
        f"/v1/pupils/{suspended['pupil_key']}/history",
        params={"min_position": suspended["position"]},
        headers=auth("school", urn=SCHOOL_B),
    )
    assert history.status_code == 200, history.text
    assert history.json()["on_roll_at"] == [SCHOOL_B]
    assert [e["type"] for e in history.json()["events"]] == ["admission", "suspension"]
