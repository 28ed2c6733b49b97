"""Every problem `type` the API answers with is a page the app serves."""

from __future__ import annotations

from fastapi.testclient import TestClient

from services.api.problem_pages import known_types
from tests.conftest import TokenFactory
from tests.e2e.helpers import movement_body


def test_a_refusals_type_resolves_to_a_page_explaining_it(
    client: TestClient, auth: TokenFactory
) -> None:
    body = movement_body("suspension")
    body["pupil"]["upn"] = "A801200001001"  # the wrong check letter
    refused = client.post(
        "/v1/movements", json=body, headers=auth("school", urn="100001")
    )
    kind = refused.json()["type"]
    assert kind == "/problems/upn-check-letter"
    page = client.get(kind)
    assert page.status_code == 200 and "check letter" in page.text

    anonymous = client.get("/v1/alerts").json()["type"]
    assert client.get(anonymous).status_code == 200


def test_every_problem_type_the_code_raises_has_a_page(client: TestClient) -> None:
    types = known_types()
    assert len(types) > 100
    for slug in sorted(types):
        assert client.get(f"/problems/{slug}").status_code == 200, slug
    assert client.get("/problems/no-such-thing").status_code == 404
