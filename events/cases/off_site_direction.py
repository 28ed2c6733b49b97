"""Off-site direction: directed with notice, reviewed, ended by return, extension or
conversion to a managed move (Education Act 2002 s29A; Education (Educational
Provision for Improving Behaviour) Regulations 2010 as amended by SI 2012/2532).

The Regulations set no review interval: the governing board reviews "at such
intervals as they ... consider appropriate" (reg 4(1)(a)); the 50 school days here
is local practice. A parent, or the LA where the child has an EHC plan, may ask in
writing for a review, which the board holds as soon as reasonably practicable
unless one was held in the previous 10 weeks (reg 4A); 10 school days is local
practice for "as soon as reasonably practicable". From 26 July 2026 academies and
PRUs follow the same Regulations.
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
        Transition(
            "reviewed",
            frozenset({"directed", "review_requested"}),
            "directed",
            SCHOOL_ONLY,
        ),
        Transition(
            "review_requested",
            frozenset({"directed"}),
            "review_requested",
            SCHOOL_OR_LA,
        ),
        Transition(
            "end",
            frozenset({"directed", "review_requested"}),
            "ended",
            SCHOOL_OR_LA,
            frozenset({"returned", "converted_to_managed_move", "other"}),
        ),
    ),
    deadlines=(
        Deadline(
            "review",
            "directed",
            50,
            f"{REGS} reg 4(1)(a): the board sets the interval",
            local_practice=True,
        ),
        Deadline(
            "requested_review",
            "review_requested",
            10,
            f"{REGS} reg 4A: as soon as reasonably practicable after a parent's or "
            "the LA's request",
            local_practice=True,
        ),
    ),
)
