"""Deletions from the admission register: what each ground itself requires, and
that the LA hears of a deletion no later than it is made.

School Attendance (Pupil Registration) (England) Regulations 2024: reg 9(1)(n) is
for pupils of independent schools and non-maintained special schools only; 9(1)(l)
once the pupil ceases to be of compulsory school age (the last Friday in June of the
school year in which the child turns 16); 9(1)(h) and (i) only after the school and
the LA have jointly made reasonable enquiries; reg 13 requires the deletion return no
later than the deletion (reference.md §1.3-1.4; law-2026.md).
"""

from __future__ import annotations

from datetime import date, timedelta

from events.lawfulness.finding import (
    LEGISLATION,
    Citation,
    LawRule,
    Severity,
    Situation,
)
from events.movements.base import EstablishmentKind, MovementType
from events.school_calendar import AcademicYear

REGULATIONS_2024 = date(2024, 8, 19)
# The register accepts a deletion posted the next school day as on time.
RETURN_GRACE_SCHOOL_DAYS = 1
INDEPENDENT_KINDS = frozenset(
    {EstablishmentKind.INDEPENDENT, EstablishmentKind.NON_MAINTAINED_SPECIAL}
)
NOT_LOCATED = frozenset({"not_returned_after_leave", "continuous_absence_not_located"})

REGS = "School Attendance (Pupil Registration) (England) Regulations 2024"
REG_9 = f"{LEGISLATION}/uksi/2024/208/regulation/9"


def _independent_ground_elsewhere(s: Situation) -> str | None:
    school = s.request.from_establishment
    if s.request.deletion_ground != "independent_school_left" or school is None:
        return None
    if school.kind in INDEPENDENT_KINDS:
        return None
    return (
        "ground 9(1)(n) is for independent and non-maintained special schools; "
        f"this school is {school.kind.value.replace('_', ' ')}"
    )


def end_of_compulsory_school_age(date_of_birth: date) -> date:
    """The last Friday in June of the school year in which the child turns 16."""
    try:
        sixteenth = date_of_birth.replace(year=date_of_birth.year + 16)
    except ValueError:  # born 29 February
        sixteenth = date(date_of_birth.year + 16, 3, 1)
    return last_friday_in_june(AcademicYear.containing(sixteenth).end.year)


def last_friday_in_june(year: int) -> date:
    day = date(year, 6, 30)
    return day - timedelta(days=(day.weekday() - 4) % 7)


def _csa_ends(s: Situation) -> date | None:
    if s.request.date_of_birth is not None:
        return end_of_compulsory_school_age(s.request.date_of_birth)
    year_group = str(s.request.characteristics.get("year_group") or "")
    if not year_group.isdigit():
        return None
    # Year 11 finishes compulsory school age in the year of the deletion.
    year = AcademicYear.containing(s.request.effective_date)
    return last_friday_in_june(year.end.year + max(11 - int(year_group), 0))


def _before_end_of_csa(s: Situation) -> str | None:
    if s.request.deletion_ground != "ceased_compulsory_school_age":
        return None
    ends = _csa_ends(s)
    if ends is None or s.request.effective_date >= ends:
        return None
    return (
        f"ground 9(1)(l) applies from {ends.isoformat()}, when the child ceases to "
        "be of compulsory school age"
    )


def _no_joint_enquiry(s: Situation) -> str | None:
    if s.request.deletion_ground not in NOT_LOCATED:
        return None
    enquired = s.facts.joint_enquiries.get(s.request.from_urn or "")
    if enquired is not None and enquired <= s.request.effective_date:
        return None
    return (
        "deleted as not located with no joint school and LA enquiry recorded; "
        "the child may be missing education"
    )


def _late_return(s: Situation) -> str | None:
    due = s.calendar.add_school_days(s.request.effective_date, RETURN_GRACE_SCHOOL_DAYS)
    if s.recorded_on <= due:
        return None
    return (
        f"deletion of {s.request.effective_date.isoformat()} reached the register on "
        f"{s.recorded_on.isoformat()}; the return is due no later than the deletion"
    )


DELETION = frozenset({MovementType.ROLL_DELETION})

RULES = (
    LawRule(
        rule="deletion.independent_ground_at_state_school",
        severity=Severity.BREACH,
        summary="Ground 9(1)(n) used by a school that is neither independent nor a "
        "non-maintained special school.",
        citation=Citation(REGS, "reg 9(1)(n)", REG_9),
        applies_to=DELETION,
        judge=_independent_ground_elsewhere,
        in_force_from=REGULATIONS_2024,
    ),
    LawRule(
        rule="deletion.before_end_of_compulsory_school_age",
        severity=Severity.BREACH,
        summary="Ground 9(1)(l) used before the last Friday in June of the school "
        "year in which the child turns 16.",
        citation=Citation(REGS, "reg 9(1)(l)", REG_9),
        applies_to=DELETION,
        judge=_before_end_of_csa,
        in_force_from=REGULATIONS_2024,
    ),
    LawRule(
        rule="deletion.not_located_without_joint_enquiry",
        severity=Severity.CONCERN,
        summary="Ground 9(1)(h) or (i) with no joint school and LA enquiry recorded.",
        citation=Citation(REGS, "reg 9(1)(h), (i)", REG_9),
        applies_to=DELETION,
        judge=_no_joint_enquiry,
        in_force_from=REGULATIONS_2024,
    ),
    LawRule(
        rule="deletion.return_late",
        severity=Severity.CONCERN,
        summary="A deletion recorded more than one school day after it took effect: "
        "registers are not altered retrospectively and the LA is told no later "
        "than the deletion.",
        citation=Citation(REGS, "reg 13", f"{LEGISLATION}/uksi/2024/208/regulation/13"),
        applies_to=frozenset(
            {MovementType.ROLL_DELETION, MovementType.ELECTIVE_HOME_EDUCATION}
        ),
        judge=_late_return,
    ),
)
