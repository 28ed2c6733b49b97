"""The sixth-day duty: from the sixth school day of a permanent exclusion the child's
home LA must provide full-time education (Education Act 1996 s19; Education
(Provision of Full-Time Education for Excluded Pupils) (England) Regulations 2007).
Closed by the register when it records a s19 placement or an admission.
"""

from __future__ import annotations

from events.cases.definition import LA_ONLY, REGISTER, CaseType, Deadline, Transition

REGS = (
    "Education (Provision of Full-Time Education for Excluded Pupils) (England) "
    "Regulations 2007"
)

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
            frozenset({"reinstated", "moved_away", "other"}),
        ),
    ),
    deadlines=(Deadline("provision_from_day_6", "duty_open", 5, REGS),),
)
