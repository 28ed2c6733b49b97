"""Children missing education: a deletion whose destination is unknown (9(1)(h)/(i))
or unconfirmed (9(1)(a) with no admission), worked as the guidance describes: the
LA makes reasonable enquiries; the child is located in education (an admission
elsewhere or home education the register hears of, or found by the LA), located
but not in education (then education is arranged, by a school place or a school
attendance order), handed to the LA where the child now lives, found to have left
England, or to have died. Each ending has its own state.

Sources: Education Act 1996 s436A (the duty to identify), s437 (school attendance
orders); Children missing education: statutory guidance for local authorities
(DfE, updated 19 August 2024: reasonable enquiries, passing a child's details to
the new LA, children who have left the country); School Attendance (Pupil
Registration) (England) Regulations 2024 reg 9. Cases closed before these states
existed end in `found`, which stays a closed state.
"""

from __future__ import annotations

from events.cases.definition import LA_ONLY, REGISTER, CaseType, Deadline, Transition

GUIDE = (
    "Children missing education: statutory guidance for local authorities "
    "(DfE, August 2024); Education Act 1996 s436A"
)
SEARCHING = frozenset({"open", "enquiring"})
NOT_IN_EDUCATION = frozenset({"open", "enquiring", "located_not_in_education"})

CASE_TYPE = CaseType(
    name="missing_education",
    summary="A child who left a roll for nowhere known, until located and educated.",
    initial_state="open",
    terminal_states=frozenset(
        {"found", "in_education", "handed_to_another_la", "left_england", "died"}
    ),
    transitions=(
        Transition("enquiries_made", frozenset({"open"}), "enquiring", LA_ONLY),
        # the register hears of a school place or home education
        Transition("admitted_elsewhere", NOT_IN_EDUCATION, "in_education", REGISTER),
        Transition("home_educated", NOT_IN_EDUCATION, "in_education", REGISTER),
        Transition("located_in_education", SEARCHING, "in_education", LA_ONLY),
        Transition(
            "located_not_in_education", SEARCHING, "located_not_in_education", LA_ONLY
        ),
        Transition(
            "education_arranged",
            frozenset({"located_not_in_education"}),
            "in_education",
            LA_ONLY,
            frozenset({"school_place", "school_attendance_order"}),
        ),
        Transition(
            "handed_to_another_la", NOT_IN_EDUCATION, "handed_to_another_la", LA_ONLY
        ),
        Transition("left_england", SEARCHING, "left_england", LA_ONLY),
        Transition("died", NOT_IN_EDUCATION, "died", LA_ONLY),
    ),
    retired_states=frozenset({"found"}),
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
