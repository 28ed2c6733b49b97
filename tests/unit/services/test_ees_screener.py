"""The screener's checks refuse what DfE's screener refuses: each defect it found in
the register's old files, one at a time, stops the file at the stage it names."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from services.statistics.ees_screener import screen
from services.statistics.ees_screener.tables import REQUIRED_META

GEOGRAPHY = {
    "time_period": "202526",
    "time_identifier": "Academic year",
    "geographic_level": "Local authority",
    "country_code": "E92000001",
    "country_name": "England",
}
LAS = (
    ("E12000005", "West Midlands", "E06000019", "884", "Herefordshire, County of"),
    ("E12000003", "Yorkshire and The Humber", "E06000010", "810",
     "Kingston upon Hull, City of"),
    ("E12000009", "South West", "E10000009", "835", "Dorset"),  # terminated 2019
)  # fmt: skip
META = [
    {"col_name": "route", "col_type": "Filter", "label": "Route"},
    {"col_name": "movements", "col_type": "Indicator", "label": "Movements",
     "indicator_dp": "0"},
]  # fmt: skip
META_COLUMNS = REQUIRED_META  # the metadata columns EES asks for


def rows() -> list[dict[str, str]]:
    made = []
    for region_code, region, new, old, name in LAS:
        for route, n in (("Total", "15"), ("Managed move", "10"), ("Suspension", "c")):
            made.append(
                GEOGRAPHY
                | {"region_code": region_code, "region_name": region,
                   "new_la_code": new, "old_la_code": old, "la_name": name,
                   "route": route, "movements": n}
            )  # fmt: skip
    return made


def write(path: Path, table: list[dict[str, str]], columns=None) -> Path:
    columns = columns or list(table[0])
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        for row in table:
            writer.writerow({c: row.get(c, "") for c in columns})
    return path


def screened(tmp_path: Path, data=None, meta=None, meta_name="moves.meta.csv"):
    data_path = write(tmp_path / "moves.csv", data if data is not None else rows())
    meta_path = write(tmp_path / meta_name, meta or META, META_COLUMNS)
    return screen(data_path, meta_path)


def failed(screening) -> set[str]:
    return {r.check for r in screening.failures()}


def test_a_file_made_as_ees_asks_passes(tmp_path):
    screening = screened(tmp_path)
    assert screening.passed and screening.stage == "Passed"
    assert not failed(screening)
    # Not suitable for the EES API: "route" and "movements" are not in its data
    # dictionary (a warning, not a failure).
    assert not screening.api_suitable
    assert "data_dict_col_name" in {r.check for r in screening.warnings()}


def test_one_metadata_file_per_table_is_refused_by_its_name(tmp_path):
    screening = screened(tmp_path, meta_name="movements.meta.csv")
    assert screening.stage == "Filenames"
    assert failed(screening) == {"filenames_match"}


def test_la_rows_without_new_la_code_are_refused(tmp_path):
    data = [{k: v for k, v in r.items() if k != "new_la_code"} for r in rows()]
    screening = screened(tmp_path, data)
    assert screening.stage == "Precheck geography"
    assert failed(screening) == {"geog_level_present"}


def test_a_filter_that_is_always_total_is_refused(tmp_path):
    data = [r | {"group": "Total"} for r in rows()]
    meta = [*META, {"col_name": "group", "col_type": "Filter", "label": "Group"}]
    screening = screened(tmp_path, data, meta)
    assert screening.stage == "Precheck filters"
    assert failed(screening) == {"filter_not_singular"}


@pytest.mark.parametrize(
    ("column", "was", "now", "check"),
    [
        ("region_name", "Yorkshire and The Humber", "Yorkshire and the Humber",
         "geog_region_combos"),
        ("la_name", "Herefordshire, County of", "Herefordshire", "geog_la_combos"),
        ("la_name", "Dorset", "Dorset (legacy, to 2019)", "geog_la_combos"),
    ],
)  # fmt: skip
def test_names_other_than_ees_spells_them_are_refused(
    tmp_path, column, was, now, check
):
    data = [r | {column: now} if r[column] == was else r for r in rows()]
    screening = screened(tmp_path, data)
    assert screening.stage == "Check geography"
    assert failed(screening) == {check}


def test_la_rows_without_their_region_pass_with_a_warning(tmp_path):
    data = [{k: v for k, v in r.items() if not k.startswith("region")} for r in rows()]
    screening = screened(tmp_path, data)
    assert screening.passed
    assert "geog_region_for_la" in {r.check for r in screening.warnings()}


@pytest.mark.parametrize(
    ("change", "stage", "check"),
    [
        ({"time_period": "2025-26"}, "Precheck time", "time_period_num"),
        ({"time_period": "202527"}, "Check time", "time_period_six"),
        ({"time_identifier": "Academic Year"}, "Precheck time", "time_id_valid"),
        ({"movements": ""}, "Check indicators", "ind_invalid_entry"),
        ({"movements": ":"}, "Check indicators", "ind_invalid_entry"),
        ({"route": "NULL"}, "Check general", "general_null"),
        ({"geographic_level": "LA"}, "Precheck geography", "geog_level"),
        ({"route": " Managed move"}, "Check filters", "filter_whitespace"),
        ({"la_name": "Total"}, "Check filters", "filter_ob_total"),
    ],
)
def test_each_rule_refuses_its_own_fault(tmp_path, change, stage, check):
    data = rows()
    data[1] = data[1] | change
    screening = screened(tmp_path, data)
    assert screening.stage == stage, screening.failures()
    assert check in failed(screening)


def test_a_duplicated_row_and_a_duplicated_label_are_refused(tmp_path):
    assert failed(screened(tmp_path, [*rows(), rows()[0]])) == {"general_dupes"}
    meta = [META[0], META[1] | {"label": "Route"}]
    assert "meta_dupe_label" in failed(screened(tmp_path, meta=meta))
