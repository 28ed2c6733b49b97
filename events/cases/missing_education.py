"""Children missing education: a deletion whose destination is unknown (9(1)(h)/(i))
or unconfirmed (9(1)(a) with no admission), closed only by an admission elsewhere,
a home education record, a confirmed move abroad or to another LA, or death
(Education Act 1996 s436A; Children missing education statutory guidance 2016;
Pupil Registration Regulations 2024 reg 9).
"""

from __future__ import annotations

from events.cases.definition import LA_ONLY, REGISTER, CaseType, Deadline, Transition

GUIDE = (
    "Children missing education: statutory guidance for local authorities "
    "(DfE, August 2024); Education Act 1996 s436A"
)

CASE_TYPE = CaseType(
    name="missing_education",
    summary="A child who left a roll for nowhere known, until found in education.",
    initial_state="open",
    terminal_states=frozenset({"found"}),
    transitions=(
        Transition("admitted_elsewhere", frozenset({"open"}), "found", REGISTER),
        Transition("home_educated", frozenset({"open"}), "found", REGISTER),
        Transition(
            "closed",
            frozenset({"open"}),
            "found",
            LA_ONLY,
            frozenset({"moved_abroad", "moved_to_another_la", "died"}),
        ),
    ),
    deadlines=(
        Deadline(
            "admission_elsewhere",
            "open",
            10,
            GUIDE,
            verified=False,
            local_practice=True,
        ),
    ),
)
