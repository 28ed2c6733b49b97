"""Exclusion review: from a permanent exclusion to the end of its review process.

The governing board considers reinstatement within 15 school days (School
Discipline (Pupil Exclusions and Reviews) (England) Regulations 2012 reg 6, 15 for
PRUs, 24 for academies); the parents may apply for an independent review within 15
school days after the day written notice of the board's decision is given (Sch 1
para 2(1)); the panel's closing date is the 15th school day after the application
(Sch 1 para 1); after a recommendation or a quash the board reconsiders within 10
school days of notice of the panel's decision (reg 8, 17, 26). A decision step that
records its notice starts the next window on the day notice counts as given. Steps
recorded on the child's stream (POST /v1/pupils/{key}/steps) move this case on; the
LA's panel may also act here.
"""

from __future__ import annotations

from events.cases.definition import (
    LA_ONLY,
    SCHOOL_ONLY,
    SCHOOL_OR_LA,
    CaseType,
    Deadline,
    Transition,
)

GUIDE = "School Discipline (Pupil Exclusions and Reviews) (England) Regulations 2012"

CASE_TYPE = CaseType(
    name="exclusion_review",
    summary="A permanent exclusion's review: governors, parents' window, panel.",
    initial_state="governors_review",
    terminal_states=frozenset({"concluded", "reinstated"}),
    transitions=(
        Transition(
            "governors_uphold",
            frozenset({"governors_review"}),
            "review_window",
            SCHOOL_ONLY,
        ),
        Transition(
            "reinstate",
            frozenset({"governors_review", "reconsideration"}),
            "reinstated",
            SCHOOL_OR_LA,
        ),
        Transition(
            "review_requested",
            frozenset({"review_window"}),
            "independent_review",
            SCHOOL_OR_LA,
        ),
        Transition(
            "review_waived", frozenset({"review_window"}), "concluded", SCHOOL_OR_LA
        ),
        Transition(
            "window_closed", frozenset({"review_window"}), "concluded", SCHOOL_OR_LA
        ),
        Transition(
            "panel_upheld", frozenset({"independent_review"}), "concluded", LA_ONLY
        ),
        Transition(
            "panel_recommends",
            frozenset({"independent_review"}),
            "reconsideration",
            LA_ONLY,
        ),
        Transition(
            "panel_quashes",
            frozenset({"independent_review"}),
            "reconsideration",
            LA_ONLY,
        ),
        Transition(
            "reconsidered_upheld",
            frozenset({"reconsideration"}),
            "concluded",
            SCHOOL_ONLY,
        ),
    ),
    deadlines=(
        Deadline(
            "governors_decision",
            "governors_review",
            15,
            f"{GUIDE} reg 6(3)(b) (15 for PRUs, 24 for academies)",
        ),
        Deadline(
            "parents_review_window",
            "review_window",
            15,
            f"{GUIDE} Sch 1 para 2(1), from written notice of the decision",
        ),
        Deadline(
            "panel_meeting",
            "independent_review",
            15,
            f"{GUIDE} Sch 1 para 1 (closing date for reviews)",
        ),
        Deadline(
            "reconsideration",
            "reconsideration",
            10,
            f"{GUIDE} reg 8 (17 for PRUs, 26 for academies), from notice of the "
            "panel's decision",
        ),
    ),
)
