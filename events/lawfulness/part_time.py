"""Part-time timetables, flexi-schooling and safeguarding separations, judged
against the guidance that governs them.

Working together to improve school attendance (DfE, statutory from 19 August 2024):
a part-time timetable only in very exceptional circumstances, agreed with the
parent, with regular reviews and a clear end date after which the pupil attends full
time, and never to manage behaviour; a part-time timetable used as a sanction, or
soon after suspensions, may be an informal exclusion, which is unlawful (Suspension
and permanent exclusion guidance). A safeguarding separation exists in the
guidance from 26 July 2026; one recorded before that date was, in law, a removal
from school with no such basis.
"""

from __future__ import annotations

from events.lawfulness.finding import (
    GUIDANCE,
    Citation,
    LawRule,
    Severity,
    Situation,
)
from events.movements.base import MovementType
from events.movements.safeguarding_separation import IN_GUIDANCE_FROM

# Suspensions this many school days before the timetable starts count as "following".
AFTER_SUSPENSION_SCHOOL_DAYS = 20

WTTISA = "Working together to improve school attendance (DfE, August 2024)"
WTTISA_URL = f"{GUIDANCE}/working-together-to-improve-school-attendance"


def _cite(provision: str) -> Citation:
    return Citation(WTTISA, provision, WTTISA_URL)


def _no_agreement(s: Situation) -> str | None:
    if s.request.details.get("parental_consent") is True:
        return None
    return (
        "no agreement of the parent the pupil normally lives with is recorded for "
        "this part-time timetable"
    )


def _no_end_date(s: Situation) -> str | None:
    if s.request.details.get("end_date"):
        return None
    return "the part-time timetable has no end date after which full time resumes"


def _no_review(s: Situation) -> str | None:
    if s.request.details.get("next_review_date"):
        return None
    return "no review date with the pupil and parents is recorded"


def _for_behaviour(s: Situation) -> str | None:
    if s.request.details.get("reason_category") != "behaviour":
        return None
    return (
        "a part-time timetable to manage behaviour: the guidance forbids it, and it "
        "may be an informal exclusion"
    )


def _after_suspensions(s: Situation) -> str | None:
    start = s.request.effective_date
    since = s.calendar.school_days_before(start, AFTER_SUSPENSION_SCHOOL_DAYS)
    recent = [
        x
        for x in s.facts.suspensions
        if x.urn == s.request.from_urn and since <= x.starts <= start
    ]
    if not recent:
        return None
    return (
        f"the timetable starts within {AFTER_SUSPENSION_SCHOOL_DAYS} school days of "
        f"{len(recent)} suspension(s) from this school ({s.counted_on(start)}): it "
        "may be an informal exclusion"
    )


def _separation_before_guidance(s: Situation) -> str | None:
    if s.request.effective_date >= IN_GUIDANCE_FROM:
        return None
    return (
        "a safeguarding separation before 26 July 2026, when the guidance first "
        "provided for one: the pupil was kept from school with no such basis"
    )


PART_TIME = frozenset({MovementType.PART_TIME_TIMETABLE})
SEPARATION = frozenset({MovementType.SAFEGUARDING_SEPARATION})
GUIDANCE_2026 = Citation(
    "Suspension and permanent exclusion from maintained schools, academies and "
    "pupil referral units in England, including pupil movement (DfE, 2026)",
    "safeguarding separation (in force 26 July 2026)",
    f"{GUIDANCE}/school-exclusion",
)

RULES = (
    LawRule(
        rule="part_time.no_parental_agreement",
        severity=Severity.CONCERN,
        summary="A part-time timetable with no parental agreement recorded.",
        citation=_cite("part-time timetables: agreed with the parent"),
        applies_to=PART_TIME,
        judge=_no_agreement,
    ),
    LawRule(
        rule="part_time.no_end_date",
        severity=Severity.CONCERN,
        summary="A part-time timetable with no end date.",
        citation=_cite("part-time timetables: a time limit and a clear end date"),
        applies_to=PART_TIME,
        judge=_no_end_date,
    ),
    LawRule(
        rule="part_time.no_review_date",
        severity=Severity.CONCERN,
        summary="A part-time timetable with no review date.",
        citation=_cite("part-time timetables: regular review dates"),
        applies_to=PART_TIME,
        judge=_no_review,
    ),
    LawRule(
        rule="part_time.for_behaviour",
        severity=Severity.CONCERN,
        summary="A part-time timetable to manage behaviour (a possible informal "
        "exclusion).",
        citation=_cite("part-time timetables: not to manage behaviour"),
        applies_to=PART_TIME,
        judge=_for_behaviour,
    ),
    LawRule(
        rule="part_time.after_suspensions",
        severity=Severity.CONCERN,
        summary="A part-time timetable starting within 20 school days of a "
        "suspension from the same school (a possible informal exclusion).",
        citation=_cite("part-time timetables: not to manage behaviour"),
        applies_to=PART_TIME,
        judge=_after_suspensions,
    ),
    LawRule(
        rule="separation.before_guidance",
        severity=Severity.CONCERN,
        summary="A safeguarding separation dated before the 2026 guidance that "
        "provides for one.",
        citation=GUIDANCE_2026,
        applies_to=SEPARATION,
        judge=_separation_before_guidance,
    ),
)
