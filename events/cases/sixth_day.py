"""The sixth-day duty after a permanent exclusion: from the sixth school day the
child's home LA must provide suitable full-time education (Education Act 1996
s19(3A); Education (Provision of Full-Time Education for Excluded Pupils)
(England) Regulations 2007 reg 4). The register closes it as provided on an
admission to a school or on s19 provision of full-time hours, never on part-time
or hours-unknown provision; the LA closes it on a recorded exception (reg 5: a
Year 11 pupil with no more examinations; an EHC plan fixing fewer hours) or when
the duty ended otherwise.
"""

from __future__ import annotations

from events.cases.definition import LA_ONLY, REGISTER, CaseType, Deadline, Transition

REGS = (
    "Education (Provision of Full-Time Education for Excluded Pupils) (England) "
    "Regulations 2007"
)
# Hours a week the register takes as full time (the alternative provision guidance's
# figure for a school week, as the part-time alert uses: alerts thresholds.json).
FULL_TIME_HOURS = 25

CASE_TYPE = CaseType(
    name="sixth_day_provision",
    summary="Full-time education from the sixth school day of a permanent exclusion.",
    initial_state="duty_open",
    terminal_states=frozenset({"provided", "not_needed"}),
    transitions=(
        Transition("provided", frozenset({"duty_open"}), "provided", REGISTER),
        Transition(
            "not_needed",
            frozenset({"duty_open"}),
            "not_needed",
            LA_ONLY,
            frozenset(
                {
                    "reinstated",
                    "moved_away",
                    "year_11_examinations_over",
                    "ehc_plan_fewer_hours",
                    "other",
                }
            ),
        ),
    ),
    deadlines=(
        Deadline("provision_from_day_6", "duty_open", 5, f"{REGS} reg 4; s19(3A)"),
    ),
)
