"""Posting a movement is not a way to read a child: an organisation new to the child
must give the UPN and the date of birth on record, the contact is logged, and an
admitting school sees the record from its admission on."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from services.app.bootstrap import Container
from tests.builders import SCHOOL_A, SCHOOL_C, random_upn
from tests.conftest import TokenFactory
from tests.e2e.helpers import assert_problem, movement_body, settled_position

DOB = "2011-05-06"


def a_child_at_school_a(client: TestClient, auth: TokenFactory) -> tuple[str, str]:
    upn = random_upn()
    pupil = {"upn": upn, "date_of_birth": DOB}
    for body in (
        movement_body("suspension", pupil=pupil, effective_date="2026-01-08"),
        movement_body("permanent_exclusion", pupil=pupil, reason="PA",
                      effective_date="2026-02-02"),
    ):  # fmt: skip
        answer = client.post(
            "/v1/movements", json=body, headers=auth("school", urn=SCHOOL_A)
        )
        assert answer.status_code == 201, answer.text
    return upn, str(answer.json()["pupil_key"])


def admission_at_c(upn: str, **pupil: Any) -> dict[str, Any]:
    return movement_body(
        "admission", pupil={"upn": upn, **pupil}, from_urn=None, to_urn=SCHOOL_C,
        effective_date="2026-03-02",
    )  # fmt: skip


def test_a_new_school_without_the_date_of_birth_is_refused_and_stores_nothing(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:
    upn, _ = a_child_at_school_a(client, auth)
    position = settled_position(container)

    bare = client.post(
        "/v1/movements", json=admission_at_c(upn), headers=auth("school", urn=SCHOOL_C)
    )
    wrong = client.post(
        "/v1/movements",
        json=admission_at_c(upn, date_of_birth="2011-05-07"),
        headers=auth("school", urn=SCHOOL_C),
    )

    assert_problem(
        bare, 422, "pupil.date_of_birth", "first_contact_needs_date_of_birth"
    )
    assert_problem(wrong, 422, "pupil.date_of_birth", "identity_mismatch")
    assert settled_position(container) == position


def test_a_new_school_with_the_date_of_birth_is_logged_and_sees_from_admission(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:
    upn, pupil_key = a_child_at_school_a(client, auth)

    admitted = client.post(
        "/v1/movements",
        json=admission_at_c(upn, date_of_birth=DOB),
        headers=auth("school", urn=SCHOOL_C),
    )

    assert admitted.status_code == 201, admitted.text
    log = client.get(f"/v1/pupils/{pupil_key}/access-log", headers=auth("admin")).json()
    assert ("first_contact", SCHOOL_C) in {
        (e["action"], e["organisation"]) for e in log["data"]
    }
    seen = client.get(
        f"/v1/pupils/{pupil_key}/history",
        params={"min_position": admitted.json()["position"]},
        headers=auth("school", urn=SCHOOL_C),
    ).json()
    assert [e["type"] for e in seen["events"]] == ["admission"]
    full = client.get(
        f"/v1/pupils/{pupil_key}/history", headers=auth("school", urn=SCHOOL_A)
    )
    assert len(full.json()["events"]) == 3


def test_check_refuses_an_unverified_first_contact_too(
    client: TestClient, auth: TokenFactory
) -> None:
    upn, _ = a_child_at_school_a(client, auth)

    answer = client.post(
        "/v1/movements:check",
        json=admission_at_c(upn),
        headers=auth("school", urn=SCHOOL_C),
    ).json()

    assert answer["valid"] is False
    assert answer["errors"][0]["rule"] == "first_contact_needs_date_of_birth"
