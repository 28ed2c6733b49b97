"""Fair access: a referral under the LA's protocol, the panel's allocation within 20
school days of agreeing to consider the child, and the admission as soon as
possible after it (no figure in the Code: 20 school days here is local practice),
or a direction when the school refuses (School
Admissions Code 2021 paras 3.9-3.27; Children's Wellbeing and Schools Act 2026
ss61-62 for academies; law-2026.md).
"""

from __future__ import annotations

from events.cases.definition import (
    LA_ONLY,
    REGISTER,
    CaseType,
    Deadline,
    Transition,
)

CODE = "School Admissions Code 2021, fair access"

CASE_TYPE = CaseType(
    name="fair_access",
    summary="A fair access referral, from allocation to admission.",
    initial_state="referred",
    terminal_states=frozenset({"admitted", "withdrawn"}),
    transitions=(
        Transition("allocate", frozenset({"referred"}), "allocated", LA_ONLY),
        Transition(
            "admitted",
            frozenset({"referred", "allocated", "escalated"}),
            "admitted",
            REGISTER,
        ),
        Transition("escalate", frozenset({"allocated"}), "escalated", LA_ONLY),
        Transition(
            "withdraw", frozenset({"referred", "allocated"}), "withdrawn", LA_ONLY
        ),
    ),
    deadlines=(
        Deadline(
            "allocation", "referred", 20, f"{CODE}: a place within 20 school days"
        ),
        Deadline(
            "admission",
            "allocated",
            20,
            f"{CODE}: the child starts as soon as possible",
            verified=False,
            local_practice=True,
        ),
    ),
)
