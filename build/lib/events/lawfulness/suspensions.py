"""Suspensions: the 45-school-day yearly limit, and the per-term review triggers.

A pupil may be suspended for at most 45 school days in a school year, counting every
school (Education Act 2002 s51A and the School Discipline (Pupil Exclusions and
Reviews) (England) Regulations 2012, as the 2024 guidance states). The governing
board must consider reinstatement when a pupil's suspensions pass 5 school days in a
term if parents ask, and must meet when they pass 15 (2012 Regulations reg 6;
reference.md §2.3, §2.6). A suspension past the limit happened: it is recorded with a
breach, not refused.
"""

from __future__ import annotations

from events.lawfulness.finding import (
    GUIDANCE,
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

GUIDE = Citation(
    "Suspension and permanent exclusion from maintained schools, academies and "
    "pupil referral units in England (DfE, 2024)",
    "45 school days in a school year; Education Act 2002 s51A",
    f"{GUIDANCE}/school-exclusion",
)
REGS_2012 = (
    "School Discipline (Pupil Exclusions and Reviews) (England) Regulations 2012"
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


SUSPENSION = frozenset({MovementType.SUSPENSION})

RULES = (
    LawRule(
        rule="suspension.year_limit_45_days",
        severity=Severity.BREACH,
        summary="Suspensions total more than 45 school days in one school year.",
        citation=GUIDE,
        applies_to=SUSPENSION,
        judge=_over_year_limit,
    ),
    LawRule(
        rule="suspension.term_over_5_days",
        severity=Severity.CONCERN,
        summary="Suspensions pass 5 school days in a term: the board must consider "
        "reinstatement on the parents' representations.",
        citation=Citation(REGS_2012, "reg 6", f"{LEGISLATION}/uksi/2012/1033"),
        applies_to=SUSPENSION,
        judge=_term_past_5,
    ),
    LawRule(
        rule="suspension.term_over_15_days",
        severity=Severity.CONCERN,
        summary="Suspensions pass 15 school days in a term: the board must meet.",
        citation=Citation(REGS_2012, "reg 6", f"{LEGISLATION}/uksi/2012/1033"),
        applies_to=SUSPENSION,
        judge=_term_past_15,
    ),
)
