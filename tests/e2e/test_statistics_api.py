"""Statistics over HTTP: statisticians get disclosure-controlled aggregates only."""

from __future__ import annotations

import csv
import io

from tests.builders import SCHOOL_A
from tests.e2e.helpers import assert_problem, movement_body

YEAR = "2025-26"
PATH = "/v1/statistics/census-exits"
SYMBOLS = {"c", "low", "x", "z"}


def record_exits(
    client, auth, n: int, urn: str = SCHOOL_A, year_group: int = 11
) -> None:
    school = auth("school", urn=urn)
    position = 0
    for _ in range(n):
        body = movement_body("roll_deletion", from_urn=urn)  # moved away
        body["pupil"]["year_group"] = year_group
        created = client.post("/v1/movements", json=body, headers=school)
        assert created.status_code == 201, created.text
        position = created.json()["position"]
    client.app.state.container.follower.wait_for(position)


BIRMINGHAM = ("100006", "100007", "100009")  # LA 330: no other test records exits


def census_for_birmingham(client, auth) -> None:
    """150 pupils in Year 11 at each of LA 330's three schools."""
    for urn in BIRMINGHAM:
        client.put(
            f"/v1/schools/{urn}/census/{YEAR}",
            json={"headcounts": {"11": 150}},
            headers=auth("admin"),
        )


def test_a_statistician_gets_rounded_counts_and_no_identities(client, auth):
    census_for_birmingham(client, auth)
    record_exits(client, auth, 6, "100006")
    record_exits(client, auth, 6, "100009")
    response = client.get(
        PATH,
        params={"academic_year": YEAR, "level": "la"},
        headers=auth("statistician"),
    )
    assert response.status_code == 200, response.text
    table = response.json()
    assert "urn" not in response.text and "pupil_key" not in response.text
    counts = [
        r[k]
        for r in table["rows"]
        for k in ("exits_before_census", "exits_after_census")
    ]
    assert all(c in SYMBOLS or c % 5 == 0 for c in counts)

    def birmingham(route: str) -> dict:
        return next(
            r
            for r in table["rows"]
            if r["old_la_code"] == "330" and r["year_group"] == "11"
            if r["exit_route"] == route
        )

    moved = birmingham("Moved away")
    assert moved["exits_before_census"] == 10  # 12 rounded to 5
    assert moved["exits_after_census"] == 0
    total = birmingham("Total")
    assert total["census_headcount"] == 450
    assert total["exits_before_census_percent"] == 2.2  # 10 / 450
    assert birmingham("Elective home education")["exits_before_census"] == 0

    national = client.get(
        PATH, params={"academic_year": YEAR}, headers=auth("statistician")
    ).json()
    assert national["level"] == "national" and national["policy"]["rounded_to"] == 10
    assert {r["geographic_level"] for r in national["rows"]} == {"National"}


def test_two_exits_in_an_area_are_hidden_with_their_complement(client, auth):
    census_for_birmingham(client, auth)
    record_exits(client, auth, 2, "100006", year_group=9)  # no other test uses Y9
    table = client.get(
        PATH,
        params={"academic_year": YEAR, "level": "la"},
        headers=auth("statistician"),
    ).json()
    year_9 = {
        r["exit_route"]: r["exits_before_census"]
        for r in table["rows"]
        if r["old_la_code"] == "330" and r["year_group"] == "9"
    }
    # 2 moved away, so Year 9's total is hidden with it, and then the all-years
    # moved-away column needs a second hidden cell too.
    assert year_9["Moved away"] == "c" and year_9["Total"] == "c"
    assert list(year_9.values()).count("c") == 2


def test_the_table_is_also_csv_with_the_open_data_columns_first(client, auth):
    record_exits(client, auth, 1)
    response = client.get(
        f"{PATH}.csv",
        params={"academic_year": YEAR, "level": "region"},
        headers=auth("admin"),
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows and list(rows[0])[:5] == [
        "time_period",
        "time_identifier",
        "geographic_level",
        "country_code",
        "country_name",
    ]
    assert rows[0]["time_period"] == "202526"
    assert {"region_code", "region_name"} <= set(rows[0])
    assert {r["region_name"] for r in rows} >= {"South West"}
    assert {r["exits_before_census"] for r in rows} <= SYMBOLS | {
        str(n) for n in range(0, 100000, 5)
    }


def test_only_statisticians_and_admins_read_statistics(client, auth):
    params = {"academic_year": YEAR}
    for headers in (
        auth("school", urn=SCHOOL_A),
        auth("la", la="801"),
        auth("dsl", la="801"),
    ):
        assert client.get(PATH, params=params, headers=headers).status_code == 403
    assert client.get(PATH, params=params).status_code == 401
    school_view = client.get(
        f"/v1/schools/{SCHOOL_A}/census-spike",
        params=params,
        headers=auth("statistician"),
    )
    assert school_view.status_code == 403


def test_a_school_level_table_is_refused_naming_the_field(client, auth):
    response = client.get(
        PATH,
        params={"academic_year": YEAR, "level": "school"},
        headers=auth("statistician"),
    )
    assert_problem(response, 422, "level", "literal_error")
    bad_year = client.get(
        PATH, params={"academic_year": "2025"}, headers=auth("statistician")
    )
    assert_problem(bad_year, 422, "academic_year", "academic_year_format")


def test_the_metadata_file_describes_every_filter_and_indicator(client, auth):
    response = client.get(f"{PATH}.meta.csv", headers=auth("statistician"))
    assert response.status_code == 200
    meta = list(csv.DictReader(io.StringIO(response.text)))
    table = client.get(
        f"{PATH}.csv", params={"academic_year": YEAR}, headers=auth("statistician")
    )
    columns = next(csv.reader(io.StringIO(table.text)))
    described = {row["col_name"]: row["col_type"] for row in meta}
    assert set(described) == set(columns[5:])  # all but the mandatory columns
    assert described["exit_route"] == "Filter"
    percent = next(r for r in meta if r["col_name"] == "exits_before_census_percent")
    assert percent["indicator_unit"] == "%" and percent["indicator_dp"] == "1"
    school = auth("school", urn=SCHOOL_A)
    assert client.get(f"{PATH}.meta.csv", headers=school).status_code == 403
