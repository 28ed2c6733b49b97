"""Every LA and region the register can publish is named and coded exactly as
Explore Education Statistics' own lookups have them."""

from __future__ import annotations

import csv

import pytest

from events.identifiers import ENGLISH_LA_CODES
from events.school_calendar import AcademicYear
from projections.census.exit_statistics import Place, _area_of, _geography
from projections.statistics.ees_geography import LOOKUPS, local_authority

YEAR = AcademicYear(2025)


def lookup(name: str) -> list[dict[str, str]]:
    with (LOOKUPS / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


LA_COMBOS = {
    (r["old_la_code"], r["new_la_code"], r["la_name"]) for r in lookup("las.csv")
}
HIERARCHY = {
    (r["region_code"], r["region_name"], r["old_la_code"], r["new_la_code"],
     r["la_name"]) for r in lookup("region_la_hierarchy.csv")
}  # fmt: skip
REGIONS = {(r["region_code"], r["region_name"]) for r in lookup("regions.csv")}


@pytest.mark.parametrize("code", sorted(ENGLISH_LA_CODES))
def test_every_la_row_is_a_combination_ees_accepts_with_its_region(code):
    row = _geography(YEAR, "la", _area_of(Place(code), "la"))
    assert (row["old_la_code"], row["new_la_code"], row["la_name"]) in LA_COMBOS
    assert (row["region_code"], row["region_name"]) in REGIONS
    assert (
        row["region_code"], row["region_name"], row["old_la_code"],
        row["new_la_code"], row["la_name"],
    ) in HIERARCHY  # fmt: skip


def test_terminated_las_keep_their_plain_names_and_old_codes():
    assert local_authority("835").name == "Dorset"  # to 2019
    assert local_authority("909").name == "Cumbria"  # to 2023
    assert local_authority("928").name == "Northamptonshire"  # to 2021
    assert local_authority("838").name == "Dorset"  # the unitary from 2019
    assert local_authority("884").name == "Herefordshire, County of"


@pytest.mark.parametrize(
    "gias_name",
    ["North East", "North West", "Yorkshire and the Humber", "East Midlands",
     "West Midlands", "East of England", "London", "South East", "South West"],
)  # fmt: skip
def test_regions_as_gias_spells_them_are_published_as_ees_spells_them(gias_name):
    row = _geography(YEAR, "region", _area_of(Place("801", gias_name), "region"))
    assert (row["region_code"], row["region_name"]) in REGIONS
    assert row["region_name"].casefold() == gias_name.casefold()


def test_a_school_outside_any_la_or_region_is_not_available():
    row = _geography(YEAR, "la", _area_of(Place("999"), "la"))
    assert (row["old_la_code"], row["new_la_code"], row["la_name"]) == (
        "x", "x", "Not available",
    )  # fmt: skip
    service_children = _geography(YEAR, "la", _area_of(Place("702"), "la"))
    assert service_children["new_la_code"] == "z"
    assert service_children["region_name"] == "Outside of England"
