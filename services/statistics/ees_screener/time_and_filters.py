"""The screener's time and filter stages."""

from __future__ import annotations

import re

from services.statistics.ees_screener.result import WARNING, Result, outcome
from services.statistics.ees_screener.tables import (
    FOUR_DIGIT,
    GEOGRAPHIES,
    GEOGRAPHY_LIKE,
    SIX_DIGIT,
    TIME_IDENTIFIER_GROUPS,
    Table,
    filter_groups,
    filters,
    meta_columns,
    observational_units,
)

FILTER_ITEM_LIMIT = 25_000
TOTALS = ("Total", "total", "All", "all")


def precheck_time(data: Table) -> list[Result]:
    periods = data.distinct("time_period")
    identifiers = data.distinct("time_identifier")
    known = {i for group in TIME_IDENTIFIER_GROUPS for i in group}
    first = identifiers[0] if identifiers else None
    allowed = next((g for g in TIME_IDENTIFIER_GROUPS if first in g), ())
    return [
        outcome(
            "time_period_num",
            [p for p in periods if not re.fullmatch(r"[0-9]{4}([0-9]{2})?", p or "")],
            "time_period must be a 4 or 6 digit number",
        ),
        outcome(
            "time_id_valid",
            [i or "(blank)" for i in identifiers if i not in known],
            "Invalid time_identifier values",
        ),
        outcome(
            "time_id_mix",
            [i for i in identifiers if i not in allowed],
            f"Time identifiers that cannot be mixed with '{first}'",
        ),
    ]


def precheck_filters(data: Table, meta: Table) -> list[Result]:
    return [
        outcome(
            "filter_not_singular",
            [f for f in filters(meta) if len(data.distinct(f)) < 2],
            "Filters with fewer than two levels (remove them from the metadata)",
        )
    ]


def check_time(data: Table) -> list[Result]:
    first = next(iter(data.distinct("time_identifier")), None)
    periods = data.distinct("time_period")
    digits = 4 if first in FOUR_DIGIT else 6 if first in SIX_DIGIT else None
    wrong_length = [p for p in periods if digits and len(p or "") != digits]

    def consecutive(p: str) -> bool:
        start, end = int(p[2:4]), int(p[4:6])
        return (start == 99 and end == 0) or start + 1 == end

    six = [p for p in periods if p is not None and len(p) == 6 and p.isdigit()]
    return [
        outcome(
            "time_period",
            wrong_length,
            f"time_period should have {digits} digits for '{first}'",
        ),
        outcome(
            "time_period_six",
            [p for p in periods if p is None] + [p for p in six if not consecutive(p)],
            "Six digit time_period values must be consecutive years",
        ),
    ]


def check_filters(data: Table, meta: Table) -> list[Result]:
    names = filters(meta)
    groups = filter_groups(meta)
    defaults = {
        r["col_name"] or "": r.get("filter_default") or "Total"
        for r in meta.rows
        if r.get("col_type") == "Filter"
    }
    defaults |= {g: "Total" for g in groups if g not in defaults}
    pairs = [
        (r["col_name"] or "", r["filter_grouping_column"] or "")
        for r in meta.rows
        if r.get("col_type") == "Filter" and r.get("filter_grouping_column")
    ]
    too_many = [
        f for f in meta_columns(meta, with_groups=True)
        if f in data.columns and f not in [r["col_name"] for r in meta.rows
                                           if r.get("col_type") == "Indicator"]
        and len(data.distinct(f)) > FILTER_ITEM_LIMIT
    ]  # fmt: skip
    geography = [c for _l, *cols in GEOGRAPHIES for c in cols[1:] if c]
    spaced = [
        v
        for c in names + geography
        if c in data.columns
        for v in data.distinct(c)
        if v is not None and v != v.strip()
    ]
    return [
        outcome(
            "filter_defaults",
            [c for c, d in defaults.items() if d not in data.distinct(c)],
            "Filters without their default item (Total unless filter_default says)",
            WARNING,
        ),
        outcome(
            "filter_group_level",
            [
                f"{f} / {g}"
                for f, g in pairs
                if len(data.distinct(f)) < len(data.distinct(g))
            ],
            "Filter groups with more levels than their filters",
        ),
        outcome("filter_item_limit", too_many, "Filters with over 25,000 items"),
        outcome("filter_whitespace", spaced, "Values with leading or trailing spaces"),
        outcome(
            "filter_ob_total",
            _units_with_totals(data, meta),
            "Geography or unit columns holding a Total",
        ),
        outcome(
            "filter_blanks",
            [
                f
                for f in dict.fromkeys(names + groups)
                if f in data.columns and None in data.distinct(f)
            ],
            "Filters with blank cells",
        ),
    ]


def _units_with_totals(data: Table, meta: Table) -> list[str]:
    special = ("school_name", "provider_name")
    units = [u for u in observational_units() if u not in special]
    columns = [c for c in data.columns if c in units or GEOGRAPHY_LIKE.search(c)]
    names, groups = filters(meta), filter_groups(meta)
    alone = names[0] if len(names) == 1 else None
    if alone and (alone in special or (groups[:1] and groups[0] in special)):
        columns = [c for c in columns if c not in special]
    return [c for c in columns if any(t in data.distinct(c) for t in TOTALS)]
