"""Two records claiming one consistent identifier: an NHS number given for a child
the register already holds under another UPN. The register never merges children
on its own (a wrong number, a duplicate UPN and two children sharing a number all
look alike from here): the LA finds out which, and records what it found. Either
way the answer goes back through the register's own paths (a UPN retired as a
`former_upn`, or the wrong number corrected by the school that gave it).

Children Act 2004 s16LC (inserted by CWSA 2026 s4) lets regulations name the
identifier; the duty to include it awaits commencement
(`cwsa_2026_s4_consistent_identifier`). The 10 school days to resolve are the
register's own practice, not the law's."""

from __future__ import annotations

from events.cases.definition import LA_ONLY, CaseType, Deadline, Transition

PRACTICE = "LA practice: a consistent identifier in doubt is resolved promptly"

CASE_TYPE = CaseType(
    name="identity_conflict",
    summary="One NHS number given for two children the register holds apart, until "
    "the LA finds whether they are one child or two.",
    initial_state="open",
    terminal_states=frozenset({"one_child", "two_children"}),
    transitions=(
        Transition(
            "resolved",
            frozenset({"open"}),
            "one_child",
            LA_ONLY,
            frozenset({"duplicate_upn_retired"}),
        ),
        Transition(
            "different_children",
            frozenset({"open"}),
            "two_children",
            LA_ONLY,
            frozenset({"number_corrected", "number_withdrawn"}),
        ),
    ),
    deadlines=(
        Deadline("resolve", "open", 10, PRACTICE, verified=False, local_practice=True),
    ),
)
