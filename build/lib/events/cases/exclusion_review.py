"""Exclusion review: from a permanent exclusion to the end of its review process.

The governing board considers reinstatement within 15 school days; parents may ask
for an independent review within 15 school days of the board's decision; the panel
meets within 15 school days of the request; after a recommendation or a quash the
board reconsiders within 10 school days (School Discipline (Pupil Exclusions and
Reviews) (England) Regulations 2012 regs 6-7; Suspension and permanent exclusion
guidance 2024; reference.md §2.6-2.7). Steps recorded on the child's stream
(POST /v1/pupils/{key}/steps) move this case on; the LA's panel may also act here.
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
        Deadline("governors_decision", "governors_review", 15, f"{GUIDE} reg 6"),
        Deadline("parents_review_window", "review_window", 15, f"{GUIDE} reg 7"),
        Deadline("panel_meeting", "independent_review", 15, f"{GUIDE} reg 7"),
        Deadline("reconsideration", "reconsideration", 10, f"{GUIDE} reg 7"),
    ),
)
