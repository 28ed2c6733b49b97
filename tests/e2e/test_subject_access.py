"""A child or parent (role subject, bound to one pupil_key) reads the whole record in
plain words, who looked at it, and takes it away as JSON or a page."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.builders import SCHOOL_A, random_upn
from tests.conftest import TokenFactory
from tests.e2e.helpers import movement_body


def a_childs_record(client: TestClient, auth: TokenFactory) -> tuple[str, str]:
    upn = random_upn()
    pupil = {"upn": upn, "date_of_birth": "2010-03-14", "year_group": 11}
    last = None
    deletion = movement_body(
        "roll_deletion",
        pupil=pupil,
        deletion_ground="permanently_excluded",
        effective_date="2026-01-09",
    )
    suspension = movement_body(
        "suspension", pupil=pupil, days=3, effective_date="2026-01-08"
    )
    for body in (suspension, deletion):
        last = client.post(
            "/v1/movements", json=body, headers=auth("school", urn=SCHOOL_A)
        )
        assert last.status_code == 201, last.text
    assert last is not None
    pupil_key = last.json()["pupil_key"]
    client.get(
        f"/v1/pupils/{pupil_key}/history",
        params={"min_position": last.json()["position"]},
        headers=auth("la", la="801"),
    )
    return upn, pupil_key


def test_the_record_in_plain_words_names_schools_and_findings(
    client: TestClient, auth: TokenFactory
) -> None:
    upn, pupil_key = a_childs_record(client, auth)

    answer = client.get("/v1/me/record", headers=auth("subject", pupil_key=pupil_key))

    assert answer.status_code == 200, answer.text
    record = answer.json()
    assert record["identity"]["upn"] == upn
    said = [e["said"] for e in record["events"]]
    suspended = "8 January 2026: suspended from Hillside Academy for 3 school days"
    assert said[0] == suspended
    assert said[1].startswith("9 January 2026: taken off the roll at Hillside Academy")
    assert record["events"][0]["local_authority"] == "Bristol, City of"
    assert "exclusion.deleted_without_exclusion" in [
        f["rule"] for f in record["events"][1]["findings"]
    ]


def test_the_subject_sees_who_looked_and_the_looking_is_logged_too(
    client: TestClient, auth: TokenFactory
) -> None:
    _, pupil_key = a_childs_record(client, auth)
    me = auth("subject", pupil_key=pupil_key)

    first = client.get("/v1/me/access-log", headers=me).json()
    second = client.get("/v1/me/access-log", headers=me).json()

    assert ("history", "801") in {
        (e["action"], e["organisation"]) for e in first["data"]
    }
    assert second["count"] == first["count"] + 1  # the first look, now listed


def test_the_export_is_json_or_a_page(client: TestClient, auth: TokenFactory) -> None:
    _, pupil_key = a_childs_record(client, auth)
    me = auth("subject", pupil_key=pupil_key)

    pack = client.get("/v1/me/export", headers=me).json()
    page = client.get("/v1/me/export", params={"format": "html"}, headers=me)

    assert {"identity", "events", "cases", "access_log"} <= set(pack)
    assert page.headers["content-type"].startswith("text/html")
    assert "Hillside Academy" in page.text


def test_a_school_cannot_use_the_subject_routes(client: TestClient, auth: TokenFactory):
    answer = client.get("/v1/me/record", headers=auth("school", urn=SCHOOL_A))

    assert answer.status_code == 403
