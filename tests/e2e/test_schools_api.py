"""The schools reference over HTTP: admins upsert, scopes follow the school's LA."""

from __future__ import annotations

from tests.e2e.helpers import assert_problem


def test_an_admin_upserts_a_school_and_its_la_decides_la_scope(client, auth):
    body = {"la_code": "330", "name": "Test Academy", "phase": "secondary"}
    response = client.put("/v1/schools/140001", json=body, headers=auth("admin"))
    assert response.status_code == 200, response.text
    assert (
        client.get("/v1/schools/140001", headers=auth("la", la="330")).status_code
        == 200
    )
    assert (
        client.get("/v1/schools/140001", headers=auth("la", la="801")).status_code
        == 403
    )


def test_only_an_admin_upserts_schools(client, auth):
    body = {"la_code": "801", "name": "Mine now", "phase": "secondary"}
    response = client.put(
        "/v1/schools/100001", json=body, headers=auth("school", urn="100001")
    )
    assert response.status_code == 403


def test_an_unknown_la_code_is_refused(client, auth):
    body = {"la_code": "999", "name": "Nowhere", "phase": "secondary"}
    response = client.put("/v1/schools/140002", json=body, headers=auth("admin"))
    assert_problem(response, 422, "la_code", "la_code_unknown")
