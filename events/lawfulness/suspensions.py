"""Suspensions: the 45-school-day yearly limit, and the board's review triggers.

A pupil may not be suspended for more than 45 school days in any school year (School
Discipline (Pupil Exclusions and Reviews) (England) Regulations 2012 reg 4 for
maintained schools, 13 for PRUs, 22 for academies). The governing board must consider
reinstatement when a pupil's suspensions pass 15 school days in a term, or the pupil
would miss a public examination or national curriculum test (reg 6(1)(b)), and when
they pass 5 in a term if the parents make representations (reg 6(1)(c); 15 and 24
for PRUs and academies). Terms end where Easter falls. A suspension past the limit
happened: it is recorded with a breach, not refused.
"""

from __future__ import annotations

from events.lawfulness.finding import (
    LEGISLATION,
    Citation,
    LawRule,
    Severity,
    Situation,
)
from events.movements.base import MovementType
from events.pupil_facts import term_key
from events.school_calendar import AcademicYear

YEAR_LIMIT_DAYS = 45.0
TERM_CONSIDER_DAYS = 5.0
TERM_MEET_DAYS = 15.0

REGS_2012 = (
    "School Discipline (Pupil Exclusions and Reviews) (England) Regulations 2012"
)
REGS_2012_URL = f"{LEGISLATION}/uksi/2012/1033"
YEAR_CAP = Citation(
    REGS_2012,
    "reg 4 (maintained schools), 13 (PRUs), 22 (academies): not more than 45 "
    "school days in any school year",
    f"{REGS_2012_URL}/contents",
)


def _over_year_limit(s: Situation) -> str | None:
    year = str(AcademicYear.containing(s.request.effective_date))
    already = s.facts.suspension_days_by_year.get(year, 0.0)
    total = already + (s.request.days or 0.0)
    if total <= YEAR_LIMIT_DAYS:
        return None
    return (
        f"suspensions in {year} reach {total:g} school days with this one, "
        f"past the {YEAR_LIMIT_DAYS:g}-day limit"
    )


def _crosses_in_term(s: Situation, threshold: float) -> float | None:
    """The term's new total when this suspension takes it past the threshold."""
    already = s.facts.suspension_days_by_term.get(
        term_key(s.request.effective_date), 0.0
    )
    total = already + (s.request.days or 0.0)
    return total if already <= threshold < total else None


def _term_past_5(s: Situation) -> str | None:
    total = _crosses_in_term(s, TERM_CONSIDER_DAYS)
    if total is None:
        return None
    return (
        f"suspensions this term reach {total:g} school days: the governing board "
        "must consider reinstatement if the parents make representations"
    )


def _term_past_15(s: Situation) -> str | None:
    total = _crosses_in_term(s, TERM_MEET_DAYS)
    if total is None:
        return None
    return (
        f"suspensions this term reach {total:g} school days: the governing board "
        "must meet to consider reinstatement within 15 school days"
    )


def _misses_examination(s: Situation) -> str | None:
    if not s.request.details.get("misses_public_examination"):
        return None
    return (
        "the suspension makes the pupil miss a public examination or national "
        "curriculum test: the governing board must consider reinstatement within 15 "
        "school days, before the examination where reasonably practicable"
    )


SUSPENSION = frozenset({MovementType.SUSPENSION})

RULES = (
    LawRule(
        rule="suspension.year_limit_45_days",
        severity=Severity.BREACH,
        summary="Suspensions total more than 45 school days in one school year.",
        citation=YEAR_CAP,
        applies_to=SUSPENSION,
        judge=_over_year_limit,
    ),
    LawRule(
        rule="suspension.term_over_5_days",
        severity=Severity.CONCERN,
        summary="Suspensions pass 5 school days in a term: the board must consider "
        "reinstatement on the parents' representations.",
        citation=Citation(
            REGS_2012,
            "reg 6(1)(c), 15(1), 24(1) (more than 5 school days in a term, on the "
            "parents' representations)",
            f"{REGS_2012_URL}/regulation/6",
        ),
        applies_to=SUSPENSION,
        judge=_term_past_5,
    ),
    LawRule(
        rule="suspension.term_over_15_days",
        severity=Severity.CONCERN,
        summary="Suspensions pass 15 school days in a term: the board must meet.",
        citation=Citation(
            REGS_2012,
            "reg 6(1)(b)(i), 15(1), 24(1) (more than 15 school days in a term)",
            f"{REGS_2012_URL}/regulation/6",
        ),
        applies_to=SUSPENSION,
        judge=_term_past_15,
    ),
    LawRule(
        rule="suspension.misses_public_examination",
        severity=Severity.CONCERN,
        summary="A suspension that makes the pupil miss a public examination or "
        "national curriculum test: the board must consider reinstatement.",
        citation=Citation(
            REGS_2012,
            "reg 6(1)(b)(ii), 15(1), 24(1) (loss of an opportunity to take a public "
            "examination or national curriculum test)",
            f"{REGS_2012_URL}/regulation/6",
        ),
        applies_to=SUSPENSION,
        judge=_misses_examination,
    ),
)
