"""The screener's last stages: duplicate and null rows, indicator values,
harmonised names, and the EES API's limits and data dictionary (warnings only:
a file that passes with them is published but is not suitable for the API)."""

from __future__ import annotations

from services.statistics.ees_screener.result import WARNING, Result, outcome
from services.statistics.ees_screener.tables import (
    API_LIMITS,
    GEOGRAPHIES,
    LEGACY_SYMBOLS,
    Table,
    data_dictionary,
    filters,
    harmonised_names,
    indicators,
    meta_columns,
    observational_units,
)

NULLS = ("NULL", "Null", "null", "NA", "na")
LEGACY_NULLS = ("N/A", "n/a", ".", "..", "-")


def check_general(data: Table, meta: Table) -> list[Result]:
    levels = data.distinct("geographic_level")
    only_units = len(levels) == 1 and levels[0] in ("School", "Provider")
    left_out = ("Institution", "Planning area") if only_units else (
        "School", "Provider", "Institution", "Planning area")  # fmt: skip
    keys = [
        c
        for c in (*observational_units(), *filters(meta, with_groups=True))
        if c in data.columns
    ]
    keys = list(dict.fromkeys(keys))
    seen: set[tuple[str | None, ...]] = set()
    duplicated = []
    for row in data.rows:
        if row["geographic_level"] in left_out:
            continue
        key = tuple(row[c] for c in keys)
        if key in seen:
            duplicated.append(" / ".join(map(str, key)))
        seen.add(key)
    values = {v for r in data.rows for v in r.values() if v is not None}
    meta_values = {v for r in meta.rows for v in r.values() if v is not None}
    return [
        outcome("general_dupes", duplicated[:5], "Duplicated rows"),
        outcome(
            "general_null",
            sorted(v for v in NULLS if v in values or v in meta_values),
            "Null symbols (use x, c, z or low)",
        ),
        outcome(
            "general_null_legacy",
            sorted(v for v in LEGACY_NULLS if v in values),
            "Legacy symbols (use x, c, z or low)",
            WARNING,
        ),
    ]


def check_indicators(data: Table, meta: Table) -> list[Result]:
    bad = [
        i
        for i in indicators(meta)
        if i in data.columns
        and any(v is None or v in LEGACY_SYMBOLS for v in data.column(i))
    ]
    return [outcome("ind_invalid_entry", bad, "Indicators with blank or legacy values")]


def check_harmonised(meta: Table) -> list[Result]:
    search, standard = harmonised_names()
    off_standard = [
        c
        for c in meta_columns(meta, with_groups=True)
        if search.search(c.lower()) and c not in standard
    ]
    return [
        outcome(
            "harmonised_variables",
            off_standard,
            "Columns with a harmonised standard name they do not use",
            WARNING,
        )
    ]


def check_api(data: Table, meta: Table) -> list[Result]:
    codes = [c for _l, code, _n, sec in GEOGRAPHIES for c in (code, sec) if c]
    names = [name for _l, _c, name, _s in GEOGRAPHIES]
    item_columns = [c for c in (*filters(meta, with_groups=True), *names)
                    if c in data.columns]  # fmt: skip
    dictionary, items = data_dictionary()
    described = dict.fromkeys(
        (r.get("col_type") or "", name)
        for r in meta.rows
        for name in (r.get("col_name"), r.get("filter_grouping_column"))
        if name
    )
    not_in_dictionary = [c for kind, c in described if (kind, c) not in dictionary]
    standard_filters = [
        c for c in filters(meta, with_groups=True) if ("Filter", c) in dictionary
    ]
    off_items = sorted(
        f"{c} / {v}"
        for c in dict.fromkeys(standard_filters)
        if c in data.columns
        for v in data.distinct(c)
        if v is not None and v not in items.get(c, set())
    )
    return [
        _limit("api_char_col_name", data.columns, API_LIMITS["col_name"]),
        _limit("api_char_col_label", meta.column("label"), API_LIMITS["col_label"]),
        _limit(
            "api_char_loc_code",
            [v for c in codes if c in data.columns for v in data.distinct(c)],
            API_LIMITS["loc_code"],
        ),
        _limit(
            "api_char_filter_items",
            [v for c in item_columns for v in data.distinct(c)],
            API_LIMITS["filter_items"],
        ),
        outcome(
            "data_dict_col_name",
            not_in_dictionary,
            "Columns not in EES's API data dictionary",
            WARNING,
        ),
        outcome(
            "data_dict_fil_item",
            off_items,
            "Filter items not in EES's API data dictionary",
            WARNING,
        ),
    ]


def _limit(check: str, values: list[str | None] | tuple[str, ...], most: int) -> Result:
    long = [v for v in dict.fromkeys(values) if v is not None and len(v) > most]
    return outcome(check, long, f"Longer than {most} characters", WARNING)
