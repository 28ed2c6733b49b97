"""The screener's geography stages: levels and their columns, and every code and
name checked against EES's own lookups (case-sensitive)."""

from __future__ import annotations

from services.statistics.ees_screener.result import WARNING, Result, outcome
from services.statistics.ees_screener.tables import (
    GEOGRAPHIES,
    LEVELS,
    Table,
    acceptable,
    blank,
    level_columns,
)

NA_CODE = "x"
LOW_LEVELS = ("School", "Provider", "Institution")
# The levels whose columns each geography's columns may also be filled on.
COMPATIBLE = {
    "Regional": (
        "Regional", "Local skills improvement plan area", "Local authority",
        "Local enterprise partnership", "Opportunity area", "Local authority district",
        "Parliamentary constituency", "English devolved area", "Ward", *LOW_LEVELS,
        "Planning area", "Police force area",
    ),
    "Local authority": (
        "Local authority", "Parliamentary constituency", "Local authority district",
        "Ward", *LOW_LEVELS, "Planning area", "Police force area",
    ),
    "Local authority district": (
        "Local authority district", "Ward", *LOW_LEVELS, "Police force area",
    ),
    "Local skills improvement plan area": (
        "Local skills improvement plan area", "Local authority district",
        *LOW_LEVELS, "Planning area",
    ),
    **{
        level: (level, *LOW_LEVELS)
        for level in (
            "RSC region", "Parliamentary constituency", "Local enterprise partnership",
            "English devolved area", "Opportunity area", "Ward", "MAT", "Sponsor",
            "Planning area", "Police force area",
        )
    },
    "School": ("School",),
    "Provider": ("Provider",),
    "Institution": ("Institution",),
}  # fmt: skip
# Levels with a lookup the register's files use; the others (wards, LADs, ...)
# need lookups the register does not publish at and are not checked here.
COMBOS = (
    ("country", "country.csv", "country_code", "country_name", None, None),
    ("region", "regions.csv", "region_code", "region_name", None, "Regional"),
    ("la", "las.csv", "new_la_code", "la_name", "old_la_code", None),
)


def precheck_geography(data: Table) -> list[Result]:
    levels = data.distinct("geographic_level")
    missing = []
    if any(level != "National" for level in levels):
        for level, *cols in GEOGRAPHIES:
            if level in levels and level != "Planning area":
                missing += [c for c in cols if c and c not in data.columns]
    return [
        outcome(
            "geog_level",
            [str(v) for v in levels if v not in LEVELS],
            "Invalid geographic levels",
        ),
        outcome("geog_level_present", missing, "Geography columns missing"),
    ]


def check_geography(data: Table) -> list[Result]:
    return [
        *(_combos(data, *combo) for combo in COMBOS),
        _level_completed(data),
        _ignored_rows(data),
        *(_columns_present(data, level) for level in ("Local authority", "Regional")),
        _region_for(data, "Local authority"),
        _region_for(data, "Local authority district"),
        _na_names(data),
        _overcompleted(data),
    ]


def _combos(
    data: Table,
    name: str,
    lookup: str,
    code: str,
    label: str,
    secondary: str | None,
    restricted: str | None,  # as the screener has it; the same rows are checked
) -> Result:
    check = f"geog_{name}_combos"
    wanted = (secondary, code, label) if secondary else (code, label)
    if not all(c in data.columns for c in wanted if c):
        return outcome(check, [], "")
    valid = acceptable(lookup, code, label, secondary)
    rows = [
        r
        for r in data.rows
        if not blank(r[code])
        and r[code] != NA_CODE
        and (secondary is None or r[secondary] is not None)
    ]
    found = dict.fromkeys(tuple(r[c] for c in wanted if c) for r in rows)
    invalid = [" ".join(map(str, combo)) for combo in found if combo not in valid]
    return outcome(check, invalid, f"Combinations not in EES's {lookup}")


def _level_completed(data: Table) -> Result:
    incomplete = []
    for level, code, name, secondary in GEOGRAPHIES:
        if level == "Planning area":
            continue
        rows = data.where("geographic_level", level).rows
        columns = [
            c
            for c in (None if code == "new_la_code" else code, name, secondary)
            if c and c in data.columns
        ]
        incomplete += [c for c in columns if any(blank(r[c]) for r in rows)]
    return outcome("geog_level_completed", incomplete, "Blank geography cells")


def _ignored_rows(data: Table) -> Result:
    levels = data.distinct("geographic_level")
    hidden = ("School", "Provider", "Institution", "Planning area")
    ignored = [v for v in levels if v in hidden]
    if not ignored or (len(levels) == 1 and levels[0] in ("School", "Provider")):
        return outcome("geog_ignored_rows", [], "")
    return outcome("geog_ignored_rows", ignored, "Rows the table tool ignores")


def _columns_present(data: Table, level: str) -> Result:
    wanted = level_columns(level)
    here = [c for c in wanted if c in data.columns]
    missing = [c for c in wanted if c not in data.columns] if here else []
    return outcome(f"geog_{level.lower().replace(' ', '_')}_col_present", missing,
                   f"Incomplete {level.lower()} columns")  # fmt: skip


def _region_for(data: Table, level: str) -> Result:
    rows = data.where("geographic_level", level).rows
    check = f"geog_region_for_{'lad' if 'district' in level else 'la'}"
    if not rows:
        return outcome(check, [], "")
    lacking = [c for c in ("region_code", "region_name") if c not in data.columns]
    lacking += [
        c
        for c in ("region_code", "region_name")
        if c in data.columns and any(blank(r[c]) for r in rows)
    ]
    return outcome(check, lacking, f"{level} rows without their region", WARNING)


def _na_names(data: Table) -> Result:
    """A code of x is "Not available", and only x is (levels without a lookup
    of their own: opportunity areas, trusts, sponsors, schools, providers)."""
    checked = ("National", "Regional", "Local authority", "Local authority district",
               "Parliamentary constituency", "Ward", "Local enterprise partnership",
               "Local skills improvement plan area", "English devolved area",
               "RSC region", "Institution", "Planning area")  # fmt: skip
    failing = []
    for level, code, name, _secondary in GEOGRAPHIES:
        if level in checked or not code or code not in data.columns:
            continue
        rows = data.where("geographic_level", level).rows
        if any((r[code] == NA_CODE) != (r[name] == "Not available") for r in rows):
            failing.append(level)
    return outcome("geog_na", failing, "Codes x without the name Not available")


def _overcompleted(data: Table) -> Result:
    levels = data.distinct("geographic_level")
    over = []
    for level, *cols in GEOGRAPHIES:
        if level not in COMPATIBLE:
            continue
        wrong = [v for v in levels if v not in COMPATIBLE[level]]
        rows = [r for r in data.rows if r["geographic_level"] in wrong]
        filled = [c for c in cols if c and c in data.columns]
        over += [c for c in filled if any(not blank(r[c]) for r in rows)]
    return outcome(
        "geog_overcompleted_cols", over, "Geography columns filled on other levels"
    )
