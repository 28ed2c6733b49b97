"""Census-spike reports over HTTP: baselines, scopes, backdating, the chart."""

from __future__ import annotations

import time

from events.school_calendar import AcademicYear
from projections.census.report import baselines_kept
from services.statistics.census_inputs import report_inputs
from tests.builders import SCHOOL_A, SCHOOL_B, SCHOOL_C
from tests.e2e.helpers import assert_problem, movement_body

YEAR = "2025-26"


def test_headcounts_and_a_backdated_deletion_show_in_the_report(client, auth, clock):
    admin = auth("admin")
    census = {"headcounts": {"10": 160, "11": 150}}
    put = client.put(
        f"/v1/schools/{SCHOOL_A}/census/{YEAR}", json=census, headers=admin
    )
    assert put.status_code == 200, put.text
    before = clock().isoformat()
    # Recorded now (long after 15 January 2026) with a date before census day.
    body = movement_body("roll_deletion", effective_date="2026-01-09")
    created = client.post(
        "/v1/movements", json=body, headers=auth("school", urn=SCHOOL_A)
    )
    assert created.status_code == 201
    client.app.state.container.follower.wait_for(created.json()["position"])

    report = client.get(
        f"/v1/schools/{SCHOOL_A}/census-spike",
        params={"academic_year": YEAR},
        headers=auth("school", urn=SCHOOL_A),
    ).json()
    assert report["census_date"] == "2026-01-15"
    assert report["backdated_exits"] >= 1
    year_11 = next(r for r in report["year_groups"] if r["year_group"] == "11")
    assert year_11["cohort"] == 150 and year_11["exits_before_census"] >= 1
    assert {"spike_score", "flagged", "reasons"} <= set(year_11)

    then = client.get(
        f"/v1/schools/{SCHOOL_A}/census-spike",
        params={"academic_year": YEAR, "as_known_at": before},
        headers=admin,
    ).json()
    assert then["backdated_exits"] == report["backdated_exits"] - 1


def test_scopes_school_own_la_its_schools_statistician_none(client, auth):
    path = f"/v1/schools/{SCHOOL_A}/census-spike"
    params = {"academic_year": YEAR}
    assert (
        client.get(
            path, params=params, headers=auth("school", urn=SCHOOL_A)
        ).status_code
        == 200
    )
    assert (
        client.get(path, params=params, headers=auth("la", la="801")).status_code == 200
    )
    other = client.get(path, params=params, headers=auth("school", urn=SCHOOL_B))
    assert_problem(other, 403, "urn", "scope")
    assert (
        client.get(path, params=params, headers=auth("la", la="202")).status_code == 403
    )
    assert (
        client.get(path, params=params, headers=auth("statistician")).status_code == 403
    )
    la_path = "/v1/la/801/census-spikes"
    assert (
        client.get(la_path, params=params, headers=auth("la", la="801")).status_code
        == 200
    )
    assert (
        client.get(la_path, params=params, headers=auth("la", la="202")).status_code
        == 403
    )
    assert (
        client.get(
            la_path, params=params, headers=auth("school", urn=SCHOOL_A)
        ).status_code
        == 403
    )


def test_only_admins_and_the_schools_la_record_headcounts(client, auth):
    body = {"headcounts": {"11": 100}}
    path = f"/v1/schools/{SCHOOL_C}/census/{YEAR}"
    assert client.put(path, json=body, headers=auth("la", la="202")).status_code == 200
    assert client.put(path, json=body, headers=auth("la", la="801")).status_code == 403
    assert (
        client.put(path, json=body, headers=auth("school", urn=SCHOOL_C)).status_code
        == 403
    )


def test_a_malformed_academic_year_is_a_problem(client, auth):
    response = client.get(
        f"/v1/schools/{SCHOOL_A}/census-spike",
        params={"academic_year": "2025-27"},
        headers=auth("admin"),
    )
    assert_problem(response, 422, "academic_year", "academic_year_format")


def test_the_la_ranking_lists_its_schools(client, auth):
    body = client.get(
        "/v1/la/801/census-spikes",
        params={"academic_year": YEAR},
        headers=auth("la", la="801"),
    ).json()
    urns = [s["urn"] for s in body["schools"]]
    assert SCHOOL_A in urns and SCHOOL_C not in urns
    assert body["count"] == len(urns)


def test_the_chart_is_svg(client, auth):
    response = client.get(
        f"/v1/schools/{SCHOOL_A}/census-spike.svg",
        params={"academic_year": YEAR},
        headers=auth("school", urn=SCHOOL_A),
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert response.text.startswith("<svg") and "census day" in response.text


def test_reports_follow_new_headcounts_and_new_exits(client, auth):
    """Baselines are reused between reports only while nothing they use changed."""
    la, path = auth("la", la="801"), f"/v1/schools/{SCHOOL_A}/census-spike"
    params = {"academic_year": YEAR}

    def year_11() -> dict:
        report = client.get(path, params=params, headers=la).json()
        return next(r for r in report["year_groups"] if r["year_group"] == "11")

    census = f"/v1/schools/{SCHOOL_A}/census/{YEAR}"
    client.put(census, json={"headcounts": {"11": 120}}, headers=la)
    first = year_11()
    assert first["cohort"] == 120
    client.put(census, json={"headcounts": {"11": 140}}, headers=la)
    assert year_11()["cohort"] == 140
    created = client.post(
        "/v1/movements",
        json=movement_body("roll_deletion"),
        headers=auth("school", urn=SCHOOL_A),
    )
    client.app.state.container.follower.wait_for(created.json()["position"])
    assert year_11()["exits_before_census"] == first["exits_before_census"] + 1


def test_the_openapi_document_names_the_report_fields(client):
    schema = client.get("/openapi.json").json()
    report = schema["components"]["schemas"]["CensusSpikeReport"]
    assert {"urn", "academic_year", "census_date", "backdated_exits"} <= set(
        report["required"]
    )
    row = schema["components"]["schemas"]["YearGroupReport"]["properties"]
    assert {
        "cohort",
        "exits_before_census",
        "spike_score",
        "flagged",
        "reasons",
    } <= set(row)
    assert "CensusExitStatistics" in schema["components"]["schemas"]


def test_after_new_events_this_years_baselines_are_ready_before_a_report(
    client, auth, container
):
    """The follower recomputes them once caught up, so the next report reuses them."""
    created = client.post(
        "/v1/movements",
        json=movement_body("roll_deletion"),
        headers=auth("school", urn=SCHOOL_A),
    )
    container.follower.wait_for(created.json()["position"])
    year = AcademicYear.containing(container.registry.clock().date())
    deadline = time.monotonic() + 5
    while not baselines_kept(report_inputs(container, year), year):
        assert time.monotonic() < deadline, "baselines were not warmed"
        time.sleep(0.05)
