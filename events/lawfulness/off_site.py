"""Off-site directions: written notice at least two school days ahead, and a length.

Education Act 2002 s29A and the Education (Educational Provision for Improving
Behaviour) Regulations 2010 (amended 2012): the governing body of a maintained
school gives the parents (and the LA where the child has an EHC plan, reg 3(3))
written notice as soon as practicable and at least two school days before the
direction starts (reg 3(2)), stating the number of days (reg 3(4)); school days on
the school's own calendar. From 26 July 2026 the Regulations apply to academies and
PRUs too; before, an academy's direction followed its funding agreement and is not
judged on them. A "trial" managed move in which the child stays on the first roll is
an off-site direction, and is recorded as one (no trial managed moves: the DfE
parents' guide before 26 July 2026, the 2026 statutory guidance from then).
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
from events.movements.base import EstablishmentKind, MovementType

NOTICE_SCHOOL_DAYS = 2
# The 2010 Regulations applied to academies and PRUs (2026 guidance, law-review §2.1).
ACADEMIES_FROM = date(2026, 7, 26)
REGS_2010_TITLE = (
    "Education (Educational Provision for Improving Behaviour) Regulations 2010"
)
REGS_2010 = Citation(
    REGS_2010_TITLE,
    "reg 3(2) (notice as soon as practicable and not less than two school days "
    "before the first day)",
    f"{LEGISLATION}/uksi/2010/1156/regulation/3",
)
GUIDANCE_2026 = (
    "Suspension and permanent exclusion from maintained schools, academies and "
    "pupil referral units in England, including pupil movement (DfE, 2026)"
)


def _notice_date(s: Situation) -> date | None:
    raw = s.request.details.get("notice_date")
    return date.fromisoformat(raw) if isinstance(raw, str) else None


def _under_the_regulations(s: Situation) -> bool:
    """Maintained schools always; academies only once the 2010 Regulations were
    applied to them (before, their funding agreement governed)."""
    school = s.request.from_establishment
    academy = (school is not None and school.kind is EstablishmentKind.ACADEMY) or (
        s.request.details.get("direction_kind") == "academy_direction"
    )
    return not academy or s.request.effective_date >= ACADEMIES_FROM


def _notice_late(s: Situation) -> str | None:
    notice = _notice_date(s)
    if notice is None or not _under_the_regulations(s):
        return None
    earliest_start = s.calendar.add_school_days(notice, NOTICE_SCHOOL_DAYS)
    if s.request.effective_date >= earliest_start:
        return None
    return (
        f"notice given {notice.isoformat()}: the direction may start no earlier "
        f"than {earliest_start.isoformat()} ({s.counted_on(earliest_start)})"
    )


def _notice_missing(s: Situation) -> str | None:
    if _notice_date(s) is not None or not _under_the_regulations(s):
        return None
    return "no date of written notice to the parents is recorded"


def _la_not_told(s: Situation) -> str | None:
    """Where an EHC plan is maintained, the LA gets the notice too (reg 3(3))."""
    ehc_plan = s.request.characteristics.get("sen_provision") == "E"
    if not ehc_plan or not _under_the_regulations(s):
        return None
    if s.request.details.get("la_notice_date"):
        return None
    return (
        "the child has an EHC plan and no date of notice to the LA that maintains "
        "it is recorded"
    )


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
        rule="off_site.la_not_notified",
        severity=Severity.CONCERN,
        summary="An off-site direction of a child with an EHC plan with no notice "
        "to the LA recorded.",
        citation=Citation(
            REGS_2010_TITLE,
            "reg 3(3) (notice to the LA where a statement or EHC plan is maintained)",
            f"{LEGISLATION}/uksi/2010/1156/regulation/3",
        ),
        applies_to=OSD,
        judge=_la_not_told,
    ),
    LawRule(
        rule="off_site.length_not_recorded",
        severity=Severity.CONCERN,
        summary="Neither the number of days nor the end date is recorded.",
        citation=Citation(
            REGS_2010_TITLE,
            "reg 3(4) (the notice states the number of days)",
            f"{LEGISLATION}/uksi/2010/1156/regulation/3",
        ),
        applies_to=OSD,
        judge=_length_missing,
    ),
    LawRule(
        rule="off_site.trial_managed_move",
        severity=Severity.CONCERN,
        summary="A 'trial' managed move, recorded as the off-site direction it is.",
        citation=Citation(
            "Managed moves: a guide for parents (DfE)",
            "there are no trial managed moves (not in the 2024 statutory guidance)",
            f"{GUIDANCE}/school-exclusion",
        ),
        applies_to=OSD,
        judge=_trial_managed_move,
        in_force_until=ACADEMIES_FROM,
    ),
    LawRule(
        rule="off_site.trial_managed_move",
        severity=Severity.CONCERN,
        summary="A 'trial' managed move, recorded as the off-site direction it is.",
        citation=Citation(
            GUIDANCE_2026,
            "managed moves are permanent: there is no trial period (an off-site "
            "direction may come first)",
            f"{GUIDANCE}/school-exclusion",
        ),
        applies_to=OSD,
        judge=_trial_managed_move,
        in_force_from=ACADEMIES_FROM,
    ),
)
