"""Section 19: the LA where the child lives arranges it, for a child on any roll or
none, at a school or at a provider without a URN named from the providers reference."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi.testclient import TestClient

from tests.builders import SCHOOL_A, random_upn
from tests.conftest import TokenFactory
from tests.e2e.helpers import assert_problem

HOME_LA = "330"  # Birmingham: the child lives there; school A is in 801


def a_provider(client: TestClient, auth: TokenFactory, la_code: str = HOME_LA) -> str:
    provider_id = f"tutors-{uuid.uuid4().hex[:8]}"
    body = {"name": "Tutors Together", "kind": "tutor", "la_code": la_code}
    answer = client.put(
        f"/v1/providers/{provider_id}", json=body, headers=auth("la", la=la_code)
    )
    assert answer.status_code == 200, answer.text
    return provider_id


def s19(upn: str, **fields: Any) -> dict[str, Any]:
    return {
        "type": "section19_placement",
        "pupil": {"upn": upn, "date_of_birth": "2010-03-14", "home_la": HOME_LA},
        "effective_date": "2026-01-15",
        **fields,
    }


def test_the_home_la_records_s19_at_a_provider_for_a_child_on_no_roll(
    client: TestClient, auth: TokenFactory
) -> None:
    provider_id = a_provider(client, auth)
    body = s19(random_upn(), provider_id=provider_id, hours_per_week=15)

    answer = client.post("/v1/movements", json=body, headers=auth("la", la=HOME_LA))

    assert answer.status_code == 201, answer.text
    pupil_key, position = answer.json()["pupil_key"], answer.json()["position"]
    history = client.get(
        f"/v1/pupils/{pupil_key}/history",
        params={"min_position": position},
        headers=auth("la", la=HOME_LA),
    )
    assert history.status_code == 200  # the home LA sees the child's record
    (placement,) = history.json()["events"]
    assert placement["details"]["provider_id"] == provider_id
    assert placement["details"]["hours_per_week"] == 15
    assert placement["details"]["home_la"] == HOME_LA


def test_the_home_la_records_s19_for_a_pupil_of_another_las_school(
    client: TestClient, auth: TokenFactory
) -> None:
    body = s19(random_upn(), from_urn=SCHOOL_A)

    answer = client.post("/v1/movements", json=body, headers=auth("la", la=HOME_LA))

    assert answer.status_code == 201, answer.text


def test_an_la_where_the_child_neither_lives_nor_attends_may_not(
    client: TestClient, auth: TokenFactory
) -> None:
    provider_id = a_provider(client, auth)
    body = s19(random_upn(), provider_id=provider_id)

    answer = client.post("/v1/movements", json=body, headers=auth("la", la="202"))

    assert_problem(answer, 403, "from_urn", "recorder_not_permitted")


def test_an_unknown_provider_is_refused(client: TestClient, auth: TokenFactory):
    body = s19(random_upn(), provider_id="nobody-we-know")

    answer = client.post("/v1/movements", json=body, headers=auth("la", la=HOME_LA))

    assert_problem(answer, 422, "provider_id", "provider_unknown")


def test_a_provider_is_named_only_on_section_19(
    client: TestClient, auth: TokenFactory
) -> None:
    provider_id = a_provider(client, auth)
    body = {
        "type": "suspension",
        "pupil": {"upn": random_upn(), "date_of_birth": "2010-03-14"},
        "from_urn": SCHOOL_A,
        "effective_date": "2026-01-15",
        "reason": ["DB"],
        "days": 1,
        "provider_id": provider_id,
    }

    answer = client.post(
        "/v1/movements", json=body, headers=auth("school", urn=SCHOOL_A)
    )

    assert_problem(answer, 422, "provider_id", "field_not_applicable")


def test_the_home_la_records_home_education_from_another_las_school(
    client: TestClient, auth: TokenFactory
) -> None:
    upn = random_upn()
    body = {
        "type": "elective_home_education",
        "pupil": {"upn": upn, "date_of_birth": "2010-03-14", "home_la": HOME_LA},
        "from_urn": SCHOOL_A,
        "effective_date": "2026-01-15",
    }

    answer = client.post("/v1/movements", json=body, headers=auth("la", la=HOME_LA))

    assert answer.status_code == 201, answer.text


def test_an_la_names_providers_only_in_its_own_area(
    client: TestClient, auth: TokenFactory
) -> None:
    body = {"name": "Elsewhere AP", "kind": "unregistered_ap", "la_code": "801"}

    answer = client.put(
        "/v1/providers/elsewhere-ap", json=body, headers=auth("la", la=HOME_LA)
    )

    assert answer.status_code == 403
