"""A register switched on this autumn still sees this autumn's spike: with no
earlier years and too few schools for peers, census reports compare with the
published national rates (kept as data with their sources) and say so."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi.testclient import TestClient

from services.app.bootstrap import Container
from tests.builders import random_upn
from tests.conftest import TokenFactory
from tests.e2e.helpers import settled_position

HERTS = "919"  # an LA no other test uses
SCHOOLS = ("919001", "919002", "919003")
YEAR = "2026-27"


def year_11_leaves(
    client: TestClient, auth: TokenFactory, urn: str, count: int
) -> None:
    for n in range(count):
        body = {
            "type": "elective_home_education",
            "pupil": {
                "upn": random_upn(),
                "date_of_birth": "2010-03-14",
                "year_group": 11,
            },
            "from_urn": urn,
            "effective_date": (date(2026, 9, 7) + timedelta(days=5 * n)).isoformat(),
        }
        answer = client.post(
            "/v1/movements", json=body, headers=auth("school", urn=urn)
        )
        assert answer.status_code == 201, answer.text


def ks4(client: TestClient, auth: TokenFactory, urn: str) -> dict[str, object]:
    report = client.get(
        f"/v1/schools/{urn}/census-spike",
        params={"academic_year": YEAR},
        headers=auth("la", la=HERTS),
    )
    assert report.status_code == 200, report.text
    result: dict[str, object] = report.json()
    return result


def test_a_new_las_first_term_spike_is_flagged_against_published_rates(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:
    admin = auth("admin")
    for urn in SCHOOLS:
        school = {"la_code": HERTS, "name": f"New LA School {urn}"}
        assert (
            client.put(f"/v1/schools/{urn}", json=school, headers=admin).status_code
            == 200
        )
        census = {"headcounts": {"10": 150, "11": 150}}
        put = client.put(f"/v1/schools/{urn}/census/{YEAR}", json=census, headers=admin)
        assert put.status_code == 200, put.text
    year_11_leaves(client, auth, SCHOOLS[0], 15)  # 10% of Year 11 before census
    year_11_leaves(client, auth, SCHOOLS[1], 1)
    settled_position(container)

    spiking, ordinary, quiet = (ks4(client, auth, urn) for urn in SCHOOLS)

    assert spiking["flagged"] is True
    assert ordinary["flagged"] is False and quiet["flagged"] is False
    stage = spiking["key_stage_4"]
    assert isinstance(stage, dict)
    assert stage["baseline"] == "published_national"
    assert stage["expected_before_census"] is not None
