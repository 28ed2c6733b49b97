"""Deregistration for elective home education where the LA must consent first.

A pupil at a special school under arrangements made by the LA may be deleted for
home education only with the LA's consent (2006 Regulations reg 8(2), carried into
the 2024 Regulations' EHE ground; reference.md §1.3, 9(1)(f)). Once commenced,
Children's Wellbeing and Schools Act 2026 s37 (new Education Act 1996 s434A) adds
children subject to s47 enquiries or a child protection plan (law-2026.md).

The register does not know whether a special-school place was arranged by the LA;
it treats every special school's pupil as needing consent, and says so.
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

EHE_GROUND = "elective_home_education"


def _is_ehe(s: Situation) -> bool:
    return (
        s.request.movement_type is MovementType.ELECTIVE_HOME_EDUCATION
        or s.request.deletion_ground == EHE_GROUND
    )


def _consented(s: Situation) -> bool:
    consent = s.facts.ehe_consents.get(s.request.from_urn or "")
    return consent is not None and consent <= s.request.effective_date


def _special_school_without_consent(s: Situation) -> str | None:
    school = s.request.from_establishment
    if not _is_ehe(s) or school is None or not school.special or _consented(s):
        return None
    return (
        "deleted for home education from a special school with no LA consent recorded"
    )


def _protected_child_without_consent(s: Situation) -> str | None:
    flags = s.request.characteristics
    protected = bool(flags.get("child_protection_plan")) or bool(
        s.request.details.get("s47_enquiries")
    )
    if not _is_ehe(s) or not protected or _consented(s):
        return None
    return (
        "deleted for home education while on a child protection plan or subject to "
        "s47 enquiries, with no LA consent recorded"
    )


def _under_attendance_order(s: Situation) -> str | None:
    if not _is_ehe(s) or s.request.details.get("school_attendance_order") is not True:
        return None
    return (
        "deleted for home education while registered under a school attendance "
        "order: the order must first be revoked (ground 9(1)(e))"
    )


def _after_suspension(s: Situation) -> str | None:
    if not _is_ehe(s):
        return None
    start = s.request.effective_date
    since = s.calendar.school_days_before(start, AFTER_SUSPENSION_SCHOOL_DAYS)
    recent = [
        x
        for x in s.facts.suspensions
        if x.urn == s.request.from_urn and since <= x.starts <= start
    ]
    excluded = s.facts.excluded_from.get(s.request.from_urn or "")
    if not recent and not (excluded and since <= excluded <= start):
        return None
    return (
        f"home education within {AFTER_SUSPENSION_SCHOOL_DAYS} school days of a "
        "suspension or exclusion from this school: parents may have been pressed "
        "to home educate (off-rolling)"
    )


EHE = frozenset({MovementType.ELECTIVE_HOME_EDUCATION, MovementType.ROLL_DELETION})
AFTER_SUSPENSION_SCHOOL_DAYS = 20

RULES = (
    LawRule(
        rule="ehe.special_school_without_consent",
        severity=Severity.BREACH,
        summary="Deleted for home education from a special school without the LA's "
        "recorded consent.",
        citation=Citation(
            "School Attendance (Pupil Registration) (England) Regulations 2024",
            "reg 9(1)(f) (LA consent for special-school pupils; 2006 reg 8(2))",
            f"{LEGISLATION}/uksi/2024/208/regulation/9",
        ),
        applies_to=EHE,
        judge=_special_school_without_consent,
    ),
    LawRule(
        rule="ehe.protected_child_without_consent",
        severity=Severity.BREACH,
        summary="Deleted for home education while subject to s47 enquiries or a "
        "child protection plan, without the LA's recorded consent.",
        citation=Citation(
            "Children's Wellbeing and Schools Act 2026",
            "s37 (Education Act 1996 s434A)",
            f"{LEGISLATION}/ukpga/2026/21/section/37",
        ),
        applies_to=EHE,
        judge=_protected_child_without_consent,
        commencement="cwsa_2026_s37_ehe_consent",
    ),
    LawRule(
        rule="ehe.under_school_attendance_order",
        severity=Severity.BREACH,
        summary="Deleted for home education while registered under a school "
        "attendance order (it must be revoked first).",
        citation=Citation(
            "School Attendance (Pupil Registration) (England) Regulations 2024",
            "reg 9(1)(e)-(f) (a pupil under a school attendance order leaves on its "
            "revocation; Education Act 1996 s442)",
            f"{LEGISLATION}/uksi/2024/208/regulation/9",
        ),
        applies_to=EHE,
        judge=_under_attendance_order,
    ),
    LawRule(
        rule="ehe.after_suspension",
        severity=Severity.CONCERN,
        summary="Home education within 20 school days of a suspension or exclusion "
        "from the same school (a possible off-rolling).",
        citation=Citation(
            "Suspension and permanent exclusion from maintained schools, academies "
            "and pupil referral units in England, including pupil movement (DfE, "
            "2026)",
            "off-rolling: pressuring parents to home educate",
            f"{GUIDANCE}/school-exclusion",
        ),
        applies_to=EHE,
        judge=_after_suspension,
    ),
)
