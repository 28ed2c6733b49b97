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


EHE = frozenset({MovementType.ELECTIVE_HOME_EDUCATION, MovementType.ROLL_DELETION})

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
)
