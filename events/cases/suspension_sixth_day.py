"""The school's sixth-day duty after suspensions: from the sixth consecutive school
day of suspension, one suspension or several back to back, the governing body (or
academy trust) arranges suitable full-time education elsewhere than at the school
(Education and Inspections Act 2006 s100; Education (Provision of Full-Time
Education for Excluded Pupils) (England) Regulations 2007 reg 3, as amended by SI
2014/3216). For a pupil of a pupil referral unit the duty is the LA's (s19(3A),
reg 4(3)(b)). The register opens it on the school's cases when a run passes five
school days; the school (or its LA) records the provision arranged.
"""

from __future__ import annotations

from events.cases.definition import (
    SCHOOL_OR_LA,
    CaseType,
    Deadline,
    Transition,
)

REGS = (
    "Education (Provision of Full-Time Education for Excluded Pupils) (England) "
    "Regulations 2007 reg 3; Education and Inspections Act 2006 s100"
)

CASE_TYPE = CaseType(
    name="suspension_sixth_day",
    summary="Full-time education from the sixth consecutive school day of "
    "suspension (the school's duty; the LA's for a PRU).",
    initial_state="duty_open",
    terminal_states=frozenset({"provided", "not_needed"}),
    transitions=(
        Transition(
            "provision_arranged",
            frozenset({"duty_open"}),
            "provided",
            SCHOOL_OR_LA,
            frozenset({"full_time", "joint_arrangements", "other_school"}),
        ),
        Transition(
            "not_needed",
            frozenset({"duty_open"}),
            "not_needed",
            SCHOOL_OR_LA,
            frozenset({"suspension_ended_early", "year_11_examinations_over", "other"}),
        ),
    ),
    deadlines=(Deadline("provision_from_day_6", "duty_open", 5, REGS),),
)
