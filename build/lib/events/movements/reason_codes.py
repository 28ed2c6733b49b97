"""School census exclusion and suspension reason codes, versioned by academic year.

Reason lists change (reference.md §2.9), so they are data (reason_codes.json), each
list keyed by the first academic year it applies to, never an enum baked into
validation: a new census year's list is added without a code change.
"""

from __future__ import annotations

import json
from datetime import date
from importlib.resources import files

from events.errors import ReasonCodeInvalid
from events.school_calendar import AcademicYear

CodeList = tuple[int, int, dict[str, str]]


def load_code_lists() -> tuple[CodeList, ...]:
    """(first academic year start, max reasons, codes) from reason_codes.json."""
    raw = json.loads(
        files("events.movements").joinpath("reason_codes.json").read_text()
    )
    lists = [
        (
            AcademicYear.parse(entry["from_academic_year"]).start_year,
            int(entry["max_reasons"]),
            dict(entry["codes"]),
        )
        for entry in raw["lists"]
    ]
    return tuple(sorted(lists, key=lambda entry: entry[0]))


REASON_CODE_LISTS = load_code_lists()


def code_list_for(effective_date: date) -> tuple[int, dict[str, str]]:
    """The (max reasons, codes) in force for the academic year of `effective_date`."""
    start_year = (
        effective_date.year if effective_date.month >= 9 else effective_date.year - 1
    )
    chosen = REASON_CODE_LISTS[0]
    for entry in REASON_CODE_LISTS:
        if entry[0] <= start_year:
            chosen = entry
    return chosen[1], chosen[2]


def check_reasons(reasons: tuple[str, ...], effective_date: date) -> None:
    """One to the year's maximum, each from the year's list, none repeated."""
    max_reasons, codes = code_list_for(effective_date)
    if not reasons:
        raise ReasonCodeInvalid(
            "at least one reason code is required",
            field="reason",
            rule="reason_required",
        )
    if len(reasons) > max_reasons:
        raise ReasonCodeInvalid(
            f"at most {max_reasons} reason code(s) for this academic year",
            field="reason",
            rule="reason_too_many",
        )
    if len(set(reasons)) != len(reasons):
        raise ReasonCodeInvalid(
            "a reason code is repeated", field="reason", rule="reason_repeated"
        )
    for code in reasons:
        if code not in codes:
            raise ReasonCodeInvalid(
                f"'{code}' is not a census reason code for this academic year",
                field="reason",
                rule="reason_code_unknown",
            )
