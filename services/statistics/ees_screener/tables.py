"""A data file and its metadata as the screener reads them, and the reference
values its checks compare against.

Read as DfE's screener reads them: every data value is text, an empty cell is
missing (None). The reference values follow `eesyscreener`'s own data
(`data-raw/`); the lookups are the EES files in projections/statistics/ees_lookups
and `data/` here (DfE's dfe-published-data-qa, MIT).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from projections.statistics.ees_geography import LOOKUPS

DATA = Path(__file__).with_name("data")

REQUIRED_META = (
    "col_name",
    "col_type",
    "label",
    "indicator_grouping",
    "indicator_unit",
    "indicator_dp",
    "filter_hint",
    "filter_grouping_column",
)
OPTIONAL_META = ("filter_default", "parent_filter")
REQUIRED_DATA = (
    "geographic_level",
    "time_period",
    "time_identifier",
    "country_code",
    "country_name",
)
# (level, code column, name column, secondary code column), in EES's order.
GEOGRAPHIES: tuple[tuple[str, str | None, str, str | None], ...] = (
    ("National", "country_code", "country_name", None),
    ("Regional", "region_code", "region_name", None),
    ("Local authority", "new_la_code", "la_name", "old_la_code"),
    ("Local authority district", "lad_code", "lad_name", None),
    ("RSC region", None, "rsc_region_lead_name", None),
    ("Parliamentary constituency", "pcon_code", "pcon_name", None),
    ("Local skills improvement plan area", "lsip_code", "lsip_name", None),
    (
        "Local enterprise partnership",
        "local_enterprise_partnership_code",
        "local_enterprise_partnership_name",
        None,
    ),
    (
        "English devolved area",
        "english_devolved_area_code",
        "english_devolved_area_name",
        None,
    ),
    ("Opportunity area", "opportunity_area_code", "opportunity_area_name", None),
    ("Ward", "ward_code", "ward_name", None),
    ("MAT", "trust_id", "trust_name", None),
    ("Sponsor", "sponsor_id", "sponsor_name", None),
    ("School", "school_urn", "school_name", "school_laestab"),
    ("Provider", "provider_ukprn", "provider_name", None),
    ("Institution", "institution_id", "institution_name", None),
    ("Planning area", "planning_area_code", "planning_area_name", None),
    ("Police force area", "pfa_code", "pfa_name", None),
)
LEVELS = tuple(level for level, *_ in GEOGRAPHIES)
TERMS = ("Spring term", "Autumn term", "Summer term")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKS = tuple(f"Week {n}" for n in range(1, 53))
QUARTERS = tuple(f"Financial year Q{n}" for n in range(1, 5))
HALVES = ("Part 1 (April to September)", "Part 2 (October to March)")
# Time identifiers that may be mixed in one file: each single one on its own, or
# any within one of the groups.
TIME_IDENTIFIER_GROUPS: tuple[tuple[str, ...], ...] = (
    ("Autumn and spring term",),
    ("Calendar year",),
    ("Financial year",),
    ("Academic year",),
    ("Tax year",),
    ("Reporting year",),
    TERMS,
    WEEKS,
    MONTHS,
    QUARTERS,
    HALVES,
)
FOUR_DIGIT = frozenset({"Calendar year", "Reporting year", *WEEKS, *MONTHS})
SIX_DIGIT = frozenset(
    {
        "Autumn and spring term",
        *TERMS,
        "Financial year",
        "Academic year",
        "Tax year",
        *QUARTERS,
        *HALVES,
    }
)
INDICATOR_UNITS = frozenset({"%", "pp", "£", "£m", "numberstring"})
LEGACY_SYMBOLS = ("~", ":")
# Column names that look like a geography or an observational unit (a filter by
# one of these belongs in the geography columns instead).
GEOGRAPHY_LIKE = re.compile(
    r"(^(country|sch|prov|inst|estab|reg|la|local|rsc|pfa|pcon|lep|mca|oa|ward|mat)"
    r".*(name|code|urn|ukprn|number|upin|id)$)"
    r"|(^(laestab|estab|sch|school|schools|prov|provider|providers|inst|"
    r"institution|institutions|name|code|urn|ukprn|number|upin|id|region|"
    r"la|lad|rsc|pcon|lep|mca|oa|ward|mat)$)",
    re.IGNORECASE,
)
# EES API limits on lengths.
API_LIMITS = {"loc_code": 30, "col_name": 50, "col_label": 100, "filter_items": 120}

Row = dict[str, str | None]


@dataclass(frozen=True)
class Table:
    """A CSV as columns and rows of text; an empty cell is None."""

    columns: tuple[str, ...]
    rows: tuple[Row, ...]

    @classmethod
    def read(cls, path: Path) -> Table:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = tuple(next(reader, []))
            rows = tuple(
                {
                    c: (v if v != "" else None)
                    for c, v in zip(header, line, strict=False)
                }
                for line in reader
                if line
            )
        return cls(header, rows)

    def column(self, name: str) -> list[str | None]:
        return [row.get(name) for row in self.rows]

    def distinct(self, name: str) -> list[str | None]:
        return list(dict.fromkeys(self.column(name)))

    def where(self, column: str, value: str) -> Table:
        return Table(self.columns, tuple(r for r in self.rows if r[column] == value))


def blank(value: str | None) -> bool:
    return value is None or value.strip() == ""


def present(values: Iterable[str | None]) -> list[str]:
    return [v for v in values if v is not None and v.strip()]


def filters(meta: Table, with_groups: bool = False) -> list[str]:
    names = [r["col_name"] or "" for r in meta.rows if r.get("col_type") == "Filter"]
    return names + (filter_groups(meta) if with_groups else [])


def filter_groups(meta: Table) -> list[str]:
    return present(meta.column("filter_grouping_column"))


def indicators(meta: Table) -> list[str]:
    return [r["col_name"] or "" for r in meta.rows if r.get("col_type") == "Indicator"]


def meta_columns(meta: Table, with_groups: bool = False) -> list[str]:
    names = present(meta.column("col_name"))
    if with_groups:
        names += filter_groups(meta)
    return list(dict.fromkeys(names))


def observational_units() -> list[str]:
    """Time and geography columns: never filters or indicators."""
    geography = [c for _l, *cols in GEOGRAPHIES for c in cols if c]
    return ["time_period", "time_identifier", "geographic_level", *geography]


def level_columns(level: str) -> list[str]:
    for name, *cols in GEOGRAPHIES:
        if name == level:
            return [c for c in cols if c]
    raise ValueError(f"{level} is not a geographic level")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def acceptable(
    lookup: str, code: str, name: str, secondary: str | None = None
) -> frozenset[tuple[str | None, ...]]:
    """The ([secondary,] code, name) combinations a lookup accepts, with EES's
    universal options ("z" with "Unknown", "Outside of England", ...) for every
    lookup (a secondary code of "z" with them)."""
    wanted = (secondary, code, name) if secondary else (code, name)
    found = {tuple(r[c] or None for c in wanted) for r in _rows(LOOKUPS / lookup)}
    for extra in _rows(DATA / "universal_geog_options.csv"):
        pair = (extra["code"], extra["name"])
        found.add(("z", *pair) if secondary else pair)
    return frozenset(found)


@cache
def data_dictionary() -> tuple[frozenset[tuple[str, str]], dict[str, set[str]]]:
    """(col_type, col_name) pairs and each filter column's items, as in EES's API
    data dictionary (parents included)."""
    names: set[tuple[str, str]] = set()
    items: dict[str, set[str]] = {}
    for r in _rows(DATA / "data-dictionary.csv"):
        for name, item in (
            (r["col_name"], r["filter_item"]),
            (r["col_name_parent"], r["filter_item_parent"]),
        ):
            if name:
                names.add((r["col_type"], name))
                if item:
                    items.setdefault(name, set()).add(item)
    return frozenset(names), items


@cache
def harmonised_names() -> tuple[re.Pattern[str], frozenset[str]]:
    rows = _rows(DATA / "harmonised_col_names.csv")
    search = "|".join(dict.fromkeys(r["col_name_search_string"] for r in rows))
    return re.compile(search), frozenset(r["col_name_harmonised"] for r in rows)
