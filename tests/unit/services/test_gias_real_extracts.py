"""Real GIAS material (tests/fixtures/gias_real, Open Government Licence): rows of a
full 139-column extract import, and every type of establishment and type group in
the 2023 and 2025 extracts maps to the kind of school the law on movements sees."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from services.reference.schools import establishment_of, read_gias_csv

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "gias_real"

# TypeOfEstablishment (code) -> (kind, special), written from the law, not the code:
# maintained schools are those an LA maintains (SSFA 1998 s20, and PRUs and nursery
# schools under EA 1996 s19 and s6); academies include free schools, UTCs and studio
# schools (Academies Act 2010 s1A); CTCs and other independent schools are
# independent schools (EA 1996 s463); non-maintained special schools are approved
# under EA 1996 s342; the rest (colleges, universities, secure units, schools
# abroad or in Wales, online providers) are none of these.
EXPECTED = {
    "1": ("maintained", False), "2": ("maintained", False),
    "3": ("maintained", False), "5": ("maintained", False),
    "6": ("independent", False), "7": ("maintained", True),
    "8": ("non_maintained_special", True), "10": ("independent", True),
    "11": ("independent", False), "12": ("maintained", True),
    "14": ("maintained", False), "15": ("maintained", False),
    "18": ("other", False), "24": ("other", False), "25": ("other", False),
    "26": ("other", False), "27": ("other", False), "28": ("academy", False),
    "29": ("other", False), "30": ("other", False), "31": ("other", False),
    "32": ("other", True), "33": ("academy", True), "34": ("academy", False),
    "35": ("academy", False), "36": ("academy", True), "37": ("other", False),
    "38": ("academy", False), "39": ("academy", False), "40": ("academy", False),
    "41": ("academy", False), "42": ("academy", False), "43": ("academy", False),
    "44": ("academy", True), "45": ("academy", False), "46": ("academy", False),
    "49": ("other", False), "56": ("other", False), "57": ("academy", False),
}  # fmt: skip


def _types(name: str) -> list[dict[str, str]]:
    with (REAL / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("extract", ["types_20230421.csv", "types_20250109.csv"])
def test_every_real_type_and_group_maps_as_the_law_sees_it(extract: str) -> None:
    rows = _types(extract)
    assert len({r["type-of-establishment-code"] for r in rows}) >= 38
    wrong = {}
    for row in rows:
        code = row["type-of-establishment-code"]
        got = establishment_of(
            row["establishment-type-group-name"], row["type-of-establishment-name"]
        )
        assert got is not None
        if (got.kind.value, got.special) != EXPECTED[code]:
            wrong[row["type-of-establishment-name"]] = (got.kind.value, got.special)
    assert wrong == {}


def test_the_2025_extract_adds_only_secure_16_to_19_academies() -> None:
    older = {r["type-of-establishment-code"] for r in _types("types_20230421.csv")}
    newer = {r["type-of-establishment-code"] for r in _types("types_20250109.csv")}
    assert newer - older == {"57"} and older <= newer


def test_rows_of_a_full_extract_import_with_every_field_the_register_keeps() -> None:
    path = REAL / "edubasealldata_2021_rows.csv"
    with path.open(encoding="cp1252", newline="") as handle:
        header = next(csv.reader(handle))
    assert 133 <= len(header) <= 139
    schools = {s.urn: s for _, s in read_gias_csv(path) if not isinstance(s, str)}
    assert set(schools) == {"100000", "100001"}
    aldgate, girls = schools["100000"], schools["100001"]
    assert (aldgate.la_code, aldgate.laestab, aldgate.phase, aldgate.status) == (
        "201", "2013614", "primary", "open")  # fmt: skip
    assert aldgate.region == "London" and aldgate.name == "The Aldgate School"
    assert aldgate.establishment() is not None
    assert aldgate.establishment().kind.value == "maintained"  # type: ignore[union-attr]
    assert girls.phase == "not applicable"
    assert girls.establishment().kind.value == "independent"  # type: ignore[union-attr]


def test_rows_of_a_2018_extract_map_its_older_vocabulary() -> None:
    path = REAL / "edubasealldata_2018_rows.csv"
    assert b"\xe0" in path.read_bytes()  # "à", as Windows-1252 writes it
    with path.open(encoding="cp1252", newline="") as handle:
        header = next(csv.reader(handle))
    assert len(header) == 133 and "EstablishmentTypeGroup (name)" in header
    schools = {s.urn: s for _, s in read_gias_csv(path) if not isinstance(s, str)}
    assert set(schools) == {"106653", "126416", "117137"}
    for school in schools.values():
        assert school.type_group == "LA maintained schools"
        assert school.establishment().kind.value == "maintained"  # type: ignore[union-attr]
    penistone, becket, fleetville = (schools[u] for u in ("106653", "126416", "117137"))
    assert (penistone.la_code, penistone.laestab, penistone.phase) == (
        "370", "3704027", "secondary")  # fmt: skip
    assert penistone.region == "Yorkshire and the Humber"  # as GIAS spells it
    assert becket.name == "St Thomas à Becket Church of England Aided Primary School"
    assert (becket.la_code, becket.phase, becket.status) == ("865", "primary", "open")
    assert fleetville.status == "closed"  # closed schools stay: old events name them
