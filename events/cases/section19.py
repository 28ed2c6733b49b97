"""Section 19 / alternative provision: arranged, reviewed, ended (Education Act 1996
s19; Alternative provision guidance, 5 February 2025). Part-time provision is allowed
only for a limited time with a plan to return to full time; the queue flags it.
"""

from __future__ import annotations

from events.cases.definition import LA_ONLY, CaseType, Deadline, Transition

GUIDE = (
    "Arranging alternative provision: a guide for local authorities and schools "
    "(DfE, February 2025)"
)

CASE_TYPE = CaseType(
    name="section19",
    summary="Provision the LA arranged under s19, until it ends.",
    initial_state="arranged",
    terminal_states=frozenset({"ended"}),
    transitions=(
        Transition("reviewed", frozenset({"arranged"}), "arranged", LA_ONLY),
        Transition(
            "end",
            frozenset({"arranged"}),
            "ended",
            LA_ONLY,
            frozenset({"returned_to_school", "new_school", "other"}),
        ),
    ),
    deadlines=(
        Deadline("review", "arranged", 30, GUIDE, verified=False, local_practice=True),
    ),
)
