"""Identifiers DfE accepts, a former UPN that finds the same child, and the home
education and missing-education rules of the law review (§5 items 8-9)."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from events.identifiers import upn_check_letter
from services.app.bootstrap import Container
from tests.builders import LA_A, SCHOOL_A, SCHOOL_B, random_upn
from tests.conftest import RegisterClock, TokenFactory
from tests.e2e.helpers import movement_body, queued_cases, settled_position
from tests.e2e.test_cases_api import record


@pytest.fixture(autouse=True)
def december(clock: RegisterClock) -> None:
    clock.now = datetime(2026, 12, 1, 9, tzinfo=UTC)


def temporary_upn() -> str:
    body = "801" + "".join(random.choices("0123456789", k=8)) + "A"
    return upn_check_letter(body) + body


def a_child() -> dict[str, str]:
    return {"upn": random_upn(), "date_of_birth": "2011-03-14"}


def post(
    client: TestClient, auth: TokenFactory, body: dict[str, Any], urn: str = SCHOOL_A
) -> Any:
    return client.post("/v1/movements", json=body, headers=auth("school", urn=urn))


@pytest.mark.parametrize("la", ["001", "702", "708"])
def test_a_upn_with_a_pseudo_la_code_is_recorded(
    client: TestClient, auth: TokenFactory, la: str
) -> None:
    pupil = {"upn": random_upn(la), "date_of_birth": "2011-03-14"}
    assert (
        post(client, auth, movement_body("suspension", pupil=pupil)).status_code == 201
    )


def test_a_former_upn_finds_the_same_child_and_then_the_new_one_does(
    client: TestClient, auth: TokenFactory
) -> None:
    temporary, permanent = temporary_upn(), random_upn()
    born = "2011-03-14"
    first = record(client, auth, movement_body(
        "suspension", pupil={"upn": temporary, "date_of_birth": born},
        effective_date="2026-11-02",
    ))  # fmt: skip
    renamed = record(client, auth, movement_body(
        "suspension", pupil={"upn": permanent, "former_upn": temporary,
                             "date_of_birth": born},
        effective_date="2026-11-09",
    ))  # fmt: skip
    later = record(client, auth, movement_body(
        "suspension", pupil={"upn": permanent, "date_of_birth": born},
        effective_date="2026-11-16",
    ))  # fmt: skip
    assert first["pupil_key"] == renamed["pupil_key"] == later["pupil_key"]


def test_a_former_upn_with_the_wrong_date_of_birth_answers_as_the_upn_does(
    client: TestClient, auth: TokenFactory
) -> None:
    temporary = temporary_upn()
    record(client, auth, movement_body(
        "suspension", pupil={"upn": temporary, "date_of_birth": "2011-03-14"},
        effective_date="2026-11-02",
    ))  # fmt: skip
    # School B has never had the child: its first contact must name it exactly.
    wrong = {"date_of_birth": "2011-03-15"}
    by_former = post(client, auth, movement_body(
        "suspension", pupil={"upn": random_upn(), "former_upn": temporary, **wrong},
        effective_date="2026-11-09", from_urn=SCHOOL_B,
    ), SCHOOL_B)  # fmt: skip
    by_upn = post(client, auth, movement_body(
        "suspension", pupil={"upn": temporary, **wrong}, effective_date="2026-11-09",
        from_urn=SCHOOL_B,
    ), SCHOOL_B)  # fmt: skip
    assert by_former.status_code == by_upn.status_code == 422
    assert by_former.json() == by_upn.json()


@pytest.mark.parametrize(("known", "missing"), [(None, True), (True, False)])
def test_a_move_away_to_nowhere_known_opens_a_missing_education_case(
    client: TestClient,
    auth: TokenFactory,
    container: Container,
    known: bool | None,
    missing: bool,
) -> None:
    fields = {} if known is None else {"destination_known": known}
    body = movement_body("roll_deletion", pupil=a_child(),
                         effective_date="2026-11-20", **fields)  # fmt: skip
    if known is None:
        body.pop("destination_known")
    deleted = record(client, auth, body)

    def opened() -> bool:
        kinds = {
            c["case_type"]
            for c in queued_cases(client, auth, LA_A, deleted["pupil_key"])
        }
        return "missing_education" in kinds

    settled_position(container)
    assert opened() is missing


def test_home_education_under_an_attendance_order_or_after_suspension(
    client: TestClient, auth: TokenFactory
) -> None:
    ordered = record(client, auth, movement_body(
        "elective_home_education", pupil=a_child(),
        effective_date="2026-11-20", school_attendance_order=True,
    ))  # fmt: skip
    pupil = {"upn": random_upn(), "date_of_birth": "2011-03-14"}
    record(client, auth, movement_body("suspension", pupil=pupil, days=2,
                                       effective_date="2026-11-09"))  # fmt: skip
    after = record(client, auth, movement_body(
        "elective_home_education", pupil=pupil, effective_date="2026-11-20"
    ))  # fmt: skip

    found = {f["rule"]: f["severity"] for f in ordered["findings"]}
    assert found.get("ehe.under_school_attendance_order") == "breach"
    found = {f["rule"]: f["severity"] for f in after["findings"]}
    assert found.get("ehe.after_suspension") == "concern"
