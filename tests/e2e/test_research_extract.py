"""The record-level research extract (issue 20, finding 8): for a `researcher`
whose token names an approved project, while the approval runs; the record as it
now stands (corrections applied, withdrawn movements left out); each child logged
under the project."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from fastapi.testclient import TestClient

from projections.statistics.research_extract import pseudonym
from services.app.bootstrap import Container
from tests.builders import SCHOOL_A
from tests.conftest import RegisterClock, TokenFactory
from tests.e2e.helpers import assert_problem, movement_body, settled_position

YEAR = "2014-15"  # no other test records movements in this year
PROJECT = "exclusions-and-later-outcomes"


def approve(
    client: TestClient, auth: TokenFactory, until: str, project: str = PROJECT
) -> None:
    answer = client.put(
        f"/v1/research/projects/{project}",
        json={"title": "Exclusions and later outcomes", "purpose": "follow-up study",
              "approved_on": "2020-01-01", "approved_until": until},
        headers=auth("admin"),
    )  # fmt: skip
    assert answer.status_code == 200, answer.text
    assert answer.json()["approved_by"]  # who approved it is kept


def extract(client: TestClient, headers: dict[str, str]):
    return client.get(
        "/v1/research/movements.csv", params={"academic_year": YEAR}, headers=headers
    )


def recorded(client: TestClient, auth: TokenFactory, effective: str) -> dict:
    body = movement_body("suspension", effective_date=effective)
    answer = client.post(
        "/v1/movements", json=body, headers=auth("school", urn=SCHOOL_A)
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_record_level_rows_are_for_an_approved_project_only(
    client: TestClient, auth: TokenFactory, clock: RegisterClock
) -> None:
    # The statistician reads disclosure-controlled tables, not records.
    assert extract(client, auth("statistician")).status_code == 403
    researcher = auth("researcher", project=PROJECT)
    assert_problem(extract(client, researcher), 403, "project", "scope")
    yesterday = (clock() - timedelta(days=1)).date().isoformat()
    approve(client, auth, until=yesterday)  # an approval that has ended
    assert_problem(extract(client, researcher), 403, "project", "scope")
    approve(client, auth, until=(clock() + timedelta(days=30)).date().isoformat())
    assert extract(client, researcher).status_code == 200
    other = auth("researcher", project="not-approved")
    assert extract(client, other).status_code == 403
    listed = client.get("/v1/research/projects", headers=auth("admin")).json()
    assert PROJECT in {p["project_id"] for p in listed}
    assert client.get("/v1/research/projects", headers=researcher).status_code == 403


def test_the_extract_is_the_record_as_it_now_stands_and_logs_each_child(
    client: TestClient, auth: TokenFactory, container: Container, clock: RegisterClock
) -> None:
    school = auth("school", urn=SCHOOL_A)
    wrong_child = recorded(client, auth, "2014-10-06")
    moved_in = recorded(client, auth, "2013-10-07")  # wrong year until corrected
    kept = recorded(client, auth, "2014-11-03")
    withdrawn = client.post(
        f"/v1/pupils/{wrong_child['pupil_key']}/movements/"
        f"{wrong_child['movement_id']}/withdrawal",
        json={"reason_code": "wrong_pupil"},
        headers=school,
    )
    assert withdrawn.status_code == 201, withdrawn.text
    corrected = client.post(
        f"/v1/pupils/{moved_in['pupil_key']}/movements/"
        f"{moved_in['movement_id']}/corrections",
        json={"reason_code": "wrong_date", "effective_date": "2015-02-02"},
        headers=school,
    )
    assert corrected.status_code == 201, corrected.text
    settled_position(container)
    approve(client, auth, until=(clock() + timedelta(days=30)).date().isoformat())

    answer = extract(client, auth("researcher", project=PROJECT))
    assert answer.status_code == 200, answer.text
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    months = {r["child"]: r["month"] for r in rows}

    def child(receipt: dict) -> str:
        secret = container.settings.pseudonym_secret
        return pseudonym(secret, YEAR, receipt["pupil_key"])

    assert child(wrong_child) not in months  # withdrawn: not this child's movement
    assert months[child(moved_in)] == "2015-02"  # the corrected date decides
    assert months[child(kept)] == "2014-11"
    for receipt in (moved_in, kept):
        log = container.access_log.for_pupil(receipt["pupil_key"])
        assert any(
            a["action"] == "research_extract" and a["organisation"] == PROJECT
            for a in log
        ), log
    log = container.access_log.for_pupil(wrong_child["pupil_key"])
    assert not [a for a in log if a["action"] == "research_extract"]
