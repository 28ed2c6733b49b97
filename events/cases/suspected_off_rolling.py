"""Suspected off-rolling: a report, a breach finding of the lawfulness rules or a
census spike, investigated by the LA to a finding, with the school's response
(Ofsted School inspection handbook on off-rolling; Schools White Paper 2026).
"""

from __future__ import annotations

from events.cases.definition import (
    LA_ONLY,
    SCHOOL_OR_LA,
    CaseType,
    Deadline,
    Transition,
)

CASE_TYPE = CaseType(
    name="suspected_off_rolling",
    summary="A removal that may have served the school, investigated by the LA.",
    initial_state="reported",
    terminal_states=frozenset({"concluded"}),
    transitions=(
        Transition("investigate", frozenset({"reported"}), "investigating", LA_ONLY),
        Transition(
            "school_responds",
            frozenset({"investigating"}),
            "investigating",
            SCHOOL_OR_LA,
        ),
        Transition(
            "conclude",
            frozenset({"reported", "investigating"}),
            "concluded",
            LA_ONLY,
            frozenset({"substantiated", "not_substantiated", "inconclusive"}),
        ),
    ),
    deadlines=(
        Deadline(
            "triage", "reported", 10, "LA practice", verified=False, local_practice=True
        ),
        Deadline(
            "finding",
            "investigating",
            30,
            "LA practice",
            verified=False,
            local_practice=True,
        ),
    ),
)
