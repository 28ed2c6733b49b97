"""Off-site directions: written notice at least two school days ahead, and a length.

Education Act 2002 s29A and the Education (Educational Provision for Improving
Behaviour) Regulations 2010 (amended 2012): the governing body of a maintained
school gives the parents (and the LA where the child has an EHC plan) written notice
as soon as practicable and at least two school days before the direction starts,
stating the number of days. Academies may direct where their funding agreement
allows; their directions are recorded as their own kind (reference.md §3.2). A
"trial" managed move in which the child stays on the first roll is an off-site
direction, and is recorded as one (DfE: there are no trial managed moves).
"""

from __future__ import annotations

from datetime import date

from events.lawfulness.finding import (
    GUIDANCE,
    LEGISLATION,
    Citation,
    LawRule,
    Severity,
    Situation,
)
from events.movements.base import MovementType
from events.school_calendar import add_school_days

NOTICE_SCHOOL_DAYS = 2

REGS_2010 = Citation(
    "Education (Educational Provision for Improving Behaviour) Regulations 2010",
    "reg 3 (notice at least two school days before the start)",
    f"{LEGISLATION}/uksi/2010/1156",
)


def _notice_date(s: Situation) -> date | None:
    raw = s.request.details.get("notice_date")
    return date.fromisoformat(raw) if isinstance(raw, str) else None


def _notice_late(s: Situation) -> str | None:
    notice = _notice_date(s)
    if notice is None:
        return None
    earliest_start = add_school_days(notice, NOTICE_SCHOOL_DAYS)
    if s.request.effective_date >= earliest_start:
        return None
    return (
        f"notice given {notice.isoformat()}: the direction may start no earlier "
        f"than {earliest_start.isoformat()}"
    )


def _notice_missing(s: Situation) -> str | None:
    if _notice_date(s) is not None:
        return None
    return "no date of written notice to the parents is recorded"


def _length_missing(s: Situation) -> str | None:
    if s.request.days or s.request.details.get("end_date"):
        return None
    return "neither the number of days nor the end date of the direction is recorded"


def _trial_managed_move(s: Situation) -> str | None:
    if not s.request.details.get("trial"):
        return None
    return (
        "sent as a trial managed move: the child stays on the first roll, so it is "
        "recorded as an off-site direction"
    )


OSD = frozenset({MovementType.OFF_SITE_DIRECTION})

RULES = (
    LawRule(
        rule="off_site.notice_late",
        severity=Severity.BREACH,
        summary="Written notice given less than two school days before the start.",
        citation=REGS_2010,
        applies_to=OSD,
        judge=_notice_late,
    ),
    LawRule(
        rule="off_site.notice_not_recorded",
        severity=Severity.CONCERN,
        summary="No date of written notice to the parents is recorded.",
        citation=REGS_2010,
        applies_to=OSD,
        judge=_notice_missing,
    ),
    LawRule(
        rule="off_site.length_not_recorded",
        severity=Severity.CONCERN,
        summary="Neither the number of days nor the end date is recorded.",
        citation=Citation(
            "Education Act 2002", "s29A", f"{LEGISLATION}/ukpga/2002/32/section/29A"
        ),
        applies_to=OSD,
        judge=_length_missing,
    ),
    LawRule(
        rule="off_site.trial_managed_move",
        severity=Severity.CONCERN,
        summary="A 'trial' managed move, recorded as the off-site direction it is.",
        citation=Citation(
            "Suspension and permanent exclusion guidance (DfE, 2024)",
            "managed moves (no trial managed moves)",
            f"{GUIDANCE}/school-exclusion",
        ),
        applies_to=OSD,
        judge=_trial_managed_move,
    ),
)
