"""School census exclusion and suspension reason codes, versioned by academic year.

Reason lists change (reference.md §2.9), so they are a code list keyed by the first
academic year they apply to, never an enum baked into validation.
"""

from __future__ import annotations

from datetime import date

from events.errors import ReasonCodeInvalid

MAX_REASONS_FROM_2020 = 3

# (first academic year start, max reasons, codes). Newest last.
REASON_CODE_LISTS: tuple[tuple[int, int, dict[str, str]], ...] = (
    (
        2006,
        1,
        {
            "PP": "Physical assault against a pupil",
            "PA": "Physical assault against an adult",
            "VP": "Verbal abuse or threatening behaviour against a pupil",
            "VA": "Verbal abuse or threatening behaviour against an adult",
            "BU": "Bullying",
            "RA": "Racist abuse",
            "SM": "Sexual misconduct",
            "DA": "Drug and alcohol related",
            "DM": "Damage",
            "TH": "Theft",
            "DB": "Persistent or general disruptive behaviour",
            "OT": "Other",
        },
    ),
    (
        2020,
        MAX_REASONS_FROM_2020,
        {
            "PP": "Physical assault against a pupil",
            "PA": "Physical assault against an adult",
            "VP": "Verbal abuse or threatening behaviour against a pupil",
            "VA": "Verbal abuse or threatening behaviour against an adult",
            "OW": "Use or threat of use of an offensive weapon or prohibited item",
            "BU": "Bullying",
            "RA": "Racist abuse",
            "LG": "Abuse against sexual orientation and gender identity",
            "DS": "Abuse relating to disability",
            "SM": "Sexual misconduct",
            "DA": "Drug and alcohol related",
            "DM": "Damage",
            "TH": "Theft",
            "DB": "Persistent or general disruptive behaviour",
            "MT": "Inappropriate use of social media or online technology",
            "PH": "Wilful and repeated transgression of public-health measures",
        },
    ),
)


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
