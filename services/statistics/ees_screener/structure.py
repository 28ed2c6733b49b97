"""The screener's first stages: file names, required columns, the data file against
its metadata, column names, and the metadata's own rules."""

from __future__ import annotations

import re

from services.statistics.ees_screener.result import WARNING, Result, outcome
from services.statistics.ees_screener.tables import (
    GEOGRAPHY_LIKE,
    INDICATOR_UNITS,
    OPTIONAL_META,
    REQUIRED_DATA,
    REQUIRED_META,
    Table,
    blank,
    filter_groups,
    filters,
    meta_columns,
    observational_units,
    present,
)

FILTER_WORDS = [
    "male",
    "female",
    "asian",
    "chinese",
    "indian",
    "pakistani",
    "bangladeshi",
    "black",
    "african",
    "caribbean",
    "white",
    "roma",
    "irish",
    "english",
    "british",
    "scottish",
    "welsh",
    "arab",
    "northern irish",
]


def filenames(data_name: str, meta_name: str) -> list[Result]:
    results = []
    for name in (data_name, meta_name):
        results.append(
            outcome("filename_spaces", [name] if " " in name else [], "Spaces in")
        )
        stem = re.sub(r"\.meta$", "", re.sub(r"\.[^.]*$", "", name))
        odd = sorted(set(re.sub(r"[A-Za-z0-9]|-|_|\s", "", stem)))
        results.append(
            outcome("filename_special", odd, f"Special characters in {name}")
        )
    expected = data_name.replace(".csv", ".meta.csv", 1)
    results.append(
        outcome(
            "filenames_match",
            [] if meta_name == expected else [expected],
            "The metadata file should be named",
        )
    )
    return results


def precheck_columns(data: Table, meta: Table) -> list[Result]:
    invalid = [c for c in meta.columns if c not in (*REQUIRED_META, *OPTIONAL_META)]
    extra = len(data.columns) - 5
    return [
        outcome(
            "col_req_meta",
            [c for c in REQUIRED_META if c not in meta.columns],
            "Required metadata columns missing",
        ),
        outcome("col_invalid_meta", invalid, "Invalid metadata columns"),
        outcome(
            "col_req_data",
            [c for c in REQUIRED_DATA if c not in data.columns],
            "Required data columns missing",
        ),
        outcome(
            "col_to_rows",
            [f"{len(meta.rows)} rows for {extra} columns"]
            if extra < len(meta.rows)
            else [],
            "More metadata rows than non-mandatory data columns",
        ),
    ]


def precheck_cross_file(data: Table, meta: Table) -> list[Result]:
    units = set(observational_units())
    described = set(meta_columns(meta, with_groups=True))
    undescribed = [
        c
        for c in data.columns
        if c not in units and c not in described and len(data.distinct(c)) != 1
    ]
    return [
        outcome(
            "cross_meta_to_data",
            [c for c in filters(meta, with_groups=True) if c not in data.columns],
            "Variables in the metadata are not in the data file",
        ),
        outcome(
            "cross_data_to_meta",
            undescribed,
            "Variables are neither observational units nor in the metadata",
            WARNING,
        ),
    ]


def check_columns(data: Table, meta: Table) -> list[Result]:
    odd = sorted({ch for c in data.columns for ch in re.sub(r"[a-z0-9]|_", "", c)})
    smushed = [
        r["col_name"]
        for r in meta.rows
        if r.get("col_type") == "Indicator"
        and any(word in (r["col_name"] or "").lower() for word in FILTER_WORDS)
    ]
    characteristic = {"characteristic", "characteristic_group"} & set(
        meta_columns(meta, with_groups=True)
    )
    return [
        outcome(
            "col_names_spaces",
            [c for c in data.columns if re.search(r"\s", c)],
            "Spaces in variable names",
        ),
        outcome("col_snake_case", odd, "Not snake_case", WARNING),
        outcome(
            "col_var_start",
            [c for c in data.columns if not re.match(r"[a-z]", c)],
            "Variable names not starting with a lowercase letter",
            WARNING,
        ),
        outcome("col_ind_smushed", smushed, "Indicators holding filter values"),
        outcome(
            "col_var_characteristic",
            sorted(characteristic),
            "Not recommended for the table tool",
            WARNING,
        ),
    ]


def precheck_meta(meta: Table) -> list[Result]:
    units = set(observational_units()) - {"school_name", "provider_name"}
    types = {r.get("col_type") for r in meta.rows} - {"Filter", "Indicator"}
    return [
        outcome("meta_col_type", sorted(map(str, types)), "Invalid col_type values"),
        outcome(
            "meta_ob_unit",
            [c for c in meta_columns(meta, with_groups=True) if c in units],
            "Observational units in the metadata",
        ),
        outcome(
            "meta_col_name",
            [i for i, v in enumerate(meta.column("col_name"), 1) if blank(v)],
            "col_name missing in rows",
        ),
    ]


def _of(meta: Table, kind: str, column: str) -> list[str]:
    """col_names of `kind` rows with something in `column`."""
    return [
        r["col_name"] or ""
        for r in meta.rows
        if r.get("col_type") == kind and not blank(r.get(column))
    ]


def _duplicated(values: list[str | None]) -> list[str]:
    seen: set[str | None] = set()
    twice = []
    for v in values:
        if v in seen:
            twice.append(str(v))
        seen.add(v)
    return list(dict.fromkeys(twice))


def check_meta(data: Table, meta: Table) -> list[Result]:
    groups = filter_groups(meta)
    changed_by_stripping = [
        g
        for g in groups
        if g in data.columns
        and len(data.distinct(g))
        != len({re.sub(r"[^0-9A-Za-z]", "", v or "") for v in data.distinct(g)})
    ]
    names = present(meta.column("col_name"))
    geography_like = [
        c
        for c in filters(meta) + groups
        if GEOGRAPHY_LIKE.search(c)
        and not (len(filters(meta)) == 1 and c in ("school_name", "provider_name"))
    ]
    dps = present(meta.column("indicator_dp"))
    units = {
        r.get("indicator_unit") for r in meta.rows if r.get("col_type") == "Indicator"
    }
    return [
        outcome(
            "meta_dupe_label", _duplicated(meta.column("label")), "Duplicated labels"
        ),
        outcome(
            "meta_fil_grp",
            _of(meta, "Indicator", "filter_grouping_column"),
            "Indicators with a filter_grouping_column",
        ),
        outcome(
            "meta_fil_grp_dupe", _duplicated(list(groups)), "Duplicate filter groups"
        ),
        outcome(
            "meta_fil_grp_is_fil",
            [g for g in groups if g not in names],
            "Filter groups without a col_name row",
            WARNING,
        ),
        outcome(
            "meta_fil_grp_match",
            [g for g in groups if g not in data.columns],
            "Filter groups not in the data file",
        ),
        outcome(
            "meta_fil_grp_stripped",
            changed_by_stripping,
            "Filter groups that merge when punctuation is stripped",
        ),
        outcome(
            "meta_label",
            [i for i, v in enumerate(meta.column("label"), 1) if v in (None, "", " ")],
            "Labels missing in rows",
        ),
        outcome(
            "meta_filter_hint",
            _of(meta, "Indicator", "filter_hint"),
            "Indicators with a filter_hint",
        ),
        outcome("meta_geog_catch", geography_like, "Filters that look like geography"),
        outcome(
            "meta_indicator_dp",
            _of(meta, "Filter", "indicator_dp"),
            "Filters with an indicator_dp",
        ),
        outcome(
            "meta_col_name_spaces",
            [n for n in names if re.search(r"\s", n)],
            "col_name values with spaces",
        ),
        outcome(
            "meta_col_name_dupe",
            _duplicated(meta.column("col_name")),
            "Duplicated col_name values",
        ),
        outcome(
            "meta_ind_dp_set",
            [
                r["col_name"]
                for r in meta.rows
                if r.get("col_type") == "Indicator" and blank(r.get("indicator_dp"))
            ],
            "Indicators without indicator_dp",
            WARNING,
        ),
        outcome(
            "meta_ind_dp_values",
            [v for v in dps if not re.fullmatch(r"[0-9]+(\.0*)?", v.strip())],
            "indicator_dp must be blank, zero or a positive whole number",
        ),
        outcome(
            "meta_ind_unit",
            _of(meta, "Filter", "indicator_unit"),
            "Filters with an indicator_unit",
        ),
        outcome(
            "meta_ind_unit_validation",
            sorted(u for u in units if u and u.strip() and u not in INDICATOR_UNITS),
            "Invalid indicator units",
        ),
        outcome(
            "meta_indicator_grouping",
            _of(meta, "Filter", "indicator_grouping"),
            "Filters with an indicator_grouping",
        ),
    ]
