"""Off-site direction: directed with notice, reviewed, ended by return, extension or
conversion to a managed move (Education Act 2002 s29A; Education (Educational
Provision for Improving Behaviour) Regulations 2010; reference.md §3.2). Parents may
ask for a review, which must be held unless one was held in the previous 10 weeks;
the review interval is set by the governing body (sources disagree: data).
"""

from __future__ import annotations

from events.cases.definition import (
    SCHOOL_ONLY,
    SCHOOL_OR_LA,
    CaseType,
    Deadline,
    Transition,
)

REGS = "Education (Educational Provision for Improving Behaviour) Regulations 2010"

CASE_TYPE = CaseType(
    name="off_site_direction",
    summary="An off-site direction from notice to its end.",
    initial_state="directed",
    terminal_states=frozenset({"ended"}),
    transitions=(
        Transition("reviewed", frozenset({"directed"}), "directed", SCHOOL_ONLY),
        Transition(
            "end",
            frozenset({"directed"}),
            "ended",
            SCHOOL_OR_LA,
            frozenset({"returned", "converted_to_managed_move", "other"}),
        ),
    ),
    deadlines=(
        Deadline("review", "directed", 50, f"{REGS} (10 weeks)", verified=False),
    ),
)
