"""The governing board's review of suspensions (School Discipline (Pupil Exclusions
and Reviews) (England) Regulations 2012 reg 6, 15 for PRUs, 24 for academies).

The board must consider reinstatement within 15 school days of being told of a
suspension that takes the pupil past 15 school days in a term, or that makes the
pupil miss a public examination or national curriculum test (before the
examination where reasonably practicable) (reg 6(1)(b), 6(3)(b)). Past 5 days in a
term the board considers reinstatement only if the parents make representations,
and then within 50 school days (reg 6(1)(c); the 50 days from three IASS sources,
law-review-2026-12 §1.1: unverified). The register opens the first from the
suspension's findings and the second from the representations step; the board's
decision step closes it.
"""

from __future__ import annotations

from events.cases.definition import (
    REGISTER,
    SCHOOL_ONLY,
    CaseType,
    Deadline,
    Transition,
)

REGS = "School Discipline (Pupil Exclusions and Reviews) (England) Regulations 2012"
DECISIONS = frozenset({"upheld", "reinstated"})

CASE_TYPE = CaseType(
    name="suspension_review",
    summary="The board's review of suspensions past 15 days in a term, a missed "
    "public examination, or past 5 days on the parents' representations.",
    initial_state="board_review",
    terminal_states=frozenset({"concluded"}),
    transitions=(
        Transition(
            "considered",
            frozenset({"board_review", "board_review_on_representations"}),
            "concluded",
            SCHOOL_ONLY | REGISTER,
            DECISIONS,
        ),
    ),
    deadlines=(
        Deadline("board_decision", "board_review", 15, f"{REGS} reg 6(3)(b)"),
        Deadline(
            "board_decision_on_representations",
            "board_review_on_representations",
            50,
            f"{REGS} reg 6(3)(c)",
            verified=False,
        ),
    ),
)
