"""Statistics of every movement route over HTTP: disclosure-controlled counts, the
hidden moves per permanent exclusion, relative risks, and the open-data files (the
offline part of the Explore Education Statistics screener's format rules)."""

from __future__ import annotations

import csv
import io
import re

from fastapi.testclient import TestClient

from tests.builders import SCHOOL_A, SCHOOL_B, random_upn
from tests.conftest import TokenFactory
from tests.e2e.helpers import movement_body, settled_position

YEAR = "2018-19"  # no other test records movements this long ago
SCHOOLS = (SCHOOL_A, SCHOOL_B, "100004")  # three schools in LA 801
SYMBOLS = {"c", "low", "x", "z"}
GEOGRAPHY = ("time_period", "time_identifier", "geographic_level", "country_code",
             "country_name")  # fmt: skip


def record(client: TestClient, auth: TokenFactory, kind: str, n: int, **extra) -> None:
    for i in range(n):
        urn = SCHOOLS[i % 3]
        body = movement_body(
            kind, from_urn=urn, effective_date=f"2018-1{i % 3}-0{1 + i % 7}",
            pupil={"upn": random_upn(), "year_group": 9, "sen_provision":
                   "K" if i % 2 else "N"},
            **extra,
        )  # fmt: skip
        if kind == "managed_move":
            body["to_urn"] = SCHOOLS[(i + 1) % 3]
        answer = client.post("/v1/movements", json=body,
                             headers=auth("school", urn=urn))  # fmt: skip
        assert answer.status_code == 201, answer.text


def load(client: TestClient, auth: TokenFactory, container) -> None:
    record(client, auth, "permanent_exclusion", 12)
    record(client, auth, "managed_move", 24)
    record(client, auth, "elective_home_education", 18)
    record(client, auth, "suspension", 30, days=1)
    settled_position(container)


def test_movements_by_route_with_the_hidden_moves_indicator(
    client, auth, container
) -> None:
    load(client, auth, container)
    answer = client.get(
        "/v1/statistics/movements",
        params={"academic_year": YEAR, "level": "la"},
        headers=auth("statistician"),
    )
    assert answer.status_code == 200, answer.text
    table = answer.json()
    assert not re.search(r"pk_|\b10000[1-4]\b", answer.text)  # no child, no school
    rows = {(r["old_la_code"], r["term"], r["route"], r["group"]): r["movements"]
            for r in table["rows"]}  # fmt: skip
    assert rows[("801", "Total", "Suspension", "Total")] == 30
    assert rows[("801", "Spring", "Suspension", "Total")] == 0  # all in the autumn
    hidden = next(h for h in table["hidden_moves"] if h["old_la_code"] == "801")
    # Managed moves and EHE (each rounded to 5) per permanent exclusion (10).
    assert hidden["hidden_moves"] == 25 + 20 and hidden["permanent_exclusions"] == 10
    assert hidden["hidden_moves_per_permanent_exclusion"] == 4.5
    for value in rows.values():
        assert value in SYMBOLS or (isinstance(value, int) and value % 5 == 0)


def test_relative_risk_of_a_route_for_a_group(client, auth, container) -> None:
    load(client, auth, container)
    answer = client.get(
        "/v1/statistics/movements",
        params={"academic_year": YEAR, "level": "la", "by": "sen_provision"},
        headers=auth("statistician"),
    )
    assert answer.status_code == 200, answer.text
    risks = [r for r in answer.json()["relative_risk"] if r["old_la_code"] == "801"]
    assert risks, "enough movements for at least one group and route"
    for risk in risks:
        assert risk["lower_95"] <= risk["relative_risk"] <= risk["upper_95"]
    groups = {r["group"] for r in answer.json()["rows"]}
    assert {"Total", "SEN support", "No SEN"} <= groups


def test_the_open_data_files_pass_the_offline_screener_rules(
    client, auth, container
) -> None:
    load(client, auth, container)
    statistician = auth("statistician")
    data = client.get("/v1/statistics/movements.csv",
                      params={"academic_year": YEAR, "level": "la"},
                      headers=statistician)  # fmt: skip
    meta = client.get("/v1/statistics/movements.meta.csv", headers=statistician)
    assert data.status_code == meta.status_code == 200
    rows = list(csv.DictReader(io.StringIO(data.text)))
    columns = list(rows[0])
    assert tuple(columns[:5]) == GEOGRAPHY  # mandatory columns, in order
    assert {"old_la_code", "la_name"} <= set(columns)  # LA level geography
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", c) for c in columns)
    assert all(v != "" for row in rows for v in row.values())  # no blank cells
    assert {r["time_period"] for r in rows} == {"201819"}
    assert {r["time_identifier"] for r in rows} == {"Academic year"}
    described = {r["col_name"]: r for r in csv.DictReader(io.StringIO(meta.text))}
    geography = set(GEOGRAPHY) | {"old_la_code", "la_name"}
    assert set(columns) - geography == set(described)  # metadata matches the data
    assert {r["col_type"] for r in described.values()} <= {"Filter", "Indicator"}
    for row in rows:
        value = row["movements"]
        assert value in SYMBOLS or value.isdigit()


def test_only_statisticians_and_admins_read_movement_statistics(client, auth):
    for token in (auth("school", urn=SCHOOL_A), auth("la", la="801")):
        answer = client.get("/v1/statistics/movements",
                            params={"academic_year": YEAR}, headers=token)  # fmt: skip
        assert answer.status_code == 403


def test_the_ees_export_is_complete_and_byte_reproducible(
    client, auth, container, tmp_path
) -> None:
    from events.school_calendar import AcademicYear
    from services.ees_export import export

    load(client, auth, container)
    year = AcademicYear.parse(YEAR)
    first = export(container, year, tmp_path / "first")
    again = export(container, year, tmp_path / "again")
    names = sorted(p.name for p in first)
    assert names == sorted(p.name for p in again)
    expected = {
        "movements_la_201819.csv",
        "movements_201819.meta.csv",
        "census_exits_national_201819.csv",
        "data-guidance.md",
    }
    assert expected <= set(names)
    for a, b in zip(sorted(first), sorted(again), strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    for path in first:
        if path.suffix == ".csv" and ".meta" not in path.name:
            rows = list(csv.DictReader(io.StringIO(path.read_text())))
            assert all(v != "" for row in rows for v in row.values()), path.name
