"""Education during a safeguarding separation: the LA's duty under Education Act
1996 s19 to arrange suitable education for a pupil kept off the premises (Suspension
and permanent exclusion guidance, 2026 edition: a separation triggers the s19
duty). Opened for the LA where the child lives (else the school's) when a
separation is recorded; closed by the register on an admission or full-time s19
provision, or by the school or LA when the pupil returns. No law sets a day count:
the five school days here mirror the sixth-day duty and are local practice.
"""

from __future__ import annotations

from events.cases.definition import (
    REGISTER,
    SCHOOL_OR_LA,
    CaseType,
    Deadline,
    Transition,
)

CASE_TYPE = CaseType(
    name="separation_education",
    summary="Suitable education for a pupil in a safeguarding separation (s19).",
    initial_state="duty_open",
    terminal_states=frozenset({"provided", "returned"}),
    transitions=(
        Transition("provided", frozenset({"duty_open"}), "provided", REGISTER),
        Transition(
            "arranged",
            frozenset({"duty_open"}),
            "provided",
            SCHOOL_OR_LA,
            frozenset({"full_time", "part_time_health", "other"}),
        ),
        Transition("returned", frozenset({"duty_open"}), "returned", SCHOOL_OR_LA),
    ),
    deadlines=(
        Deadline(
            "education_arranged",
            "duty_open",
            5,
            "Education Act 1996 s19; Suspension and permanent exclusion guidance "
            "(DfE, 2026): safeguarding separation",
            local_practice=True,
        ),
    ),
)
