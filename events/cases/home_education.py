"""Elective home education: the notice, the LA's consent where needed, deregistration,
the LA's enquiry into the education, and its conclusion (suitable, or not suitable
and the school attendance order route) (Elective home education guidance 2019;
Education Act 1996 ss436A, 437; law-2026.md for consent).
"""

from __future__ import annotations

from events.cases.definition import LA_ONLY, CaseType, Deadline, Transition

GUIDE = "Elective home education: departmental guidance for local authorities (2019)"

CASE_TYPE = CaseType(
    name="home_education",
    summary="A child deregistered for home education, until the LA's enquiry ends.",
    initial_state="deregistered",
    terminal_states=frozenset({"suitable", "school_attendance_order", "returned"}),
    transitions=(
        Transition("enquire", frozenset({"deregistered"}), "enquiry", LA_ONLY),
        Transition("suitable", frozenset({"enquiry"}), "suitable", LA_ONLY),
        Transition(
            "not_suitable",
            frozenset({"enquiry"}),
            "school_attendance_order",
            LA_ONLY,
        ),
        Transition(
            "returned_to_school",
            frozenset({"deregistered", "enquiry"}),
            "returned",
            LA_ONLY,
        ),
    ),
    deadlines=(
        Deadline(
            "first_enquiry",
            "deregistered",
            10,
            GUIDE,
            verified=False,
            local_practice=True,
        ),
        Deadline(
            "conclusion", "enquiry", 40, GUIDE, verified=False, local_practice=True
        ),
    ),
)
