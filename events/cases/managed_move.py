"""Managed move: proposed, agreed by the parents and the receiving admission
authority, decided (by the LA or its panel where its protocol says so), completed by
the admission at the new school and the deletion at the old, or abandoned.

Managed moves are voluntary (Suspension and permanent exclusion guidance 2024;
reference.md §3.1). The register completes the case itself when it records the
managed move. A move recorded without a proposal opens the case for its outcome
review; a completed move is reviewed for its outcome. The review period is the LA
protocol's (about a term, as data: unverified).
"""

from __future__ import annotations

from events.cases.definition import (
    LA_ONLY,
    REGISTER,
    SCHOOL_OR_LA,
    CaseType,
    Deadline,
    Transition,
    closing,
)

GUIDE = "Suspension and permanent exclusion guidance (DfE, 2024), managed moves"

CASE_TYPE = CaseType(
    name="managed_move",
    summary="A proposed managed move, from consent to completion or abandonment.",
    initial_state="proposed",
    terminal_states=frozenset({"abandoned", "reviewed"}),
    transitions=(
        Transition(
            "parents_consent", frozenset({"proposed"}), "consented", SCHOOL_OR_LA
        ),
        Transition(
            "receiving_school_agrees",
            frozenset({"consented"}),
            "agreed",
            SCHOOL_OR_LA,
        ),
        Transition("approve", frozenset({"agreed"}), "approved", LA_ONLY),
        Transition(
            "complete",
            frozenset({"proposed", "consented", "agreed", "approved"}),
            "outcome_review",
            REGISTER,
        ),
        Transition(
            "review_outcome",
            frozenset({"outcome_review"}),
            "reviewed",
            LA_ONLY,
            frozenset({"successful", "returned", "moved_on", "excluded"}),
        ),
    ),
    deadlines=(
        Deadline(
            "consent",
            "proposed",
            10,
            f"{GUIDE} (LA protocol)",
            verified=False,
            local_practice=True,
        ),
        Deadline(
            "outcome_review",
            "outcome_review",
            60,
            GUIDE,
            verified=False,
            local_practice=True,
        ),
    ),
    any_open=(closing("abandon", "abandoned", SCHOOL_OR_LA),),
)
