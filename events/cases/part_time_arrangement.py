"""A part-time timetable, followed until full-time attendance resumes.

Working together to improve school attendance (DfE, August 2024): a part-time
timetable has regular reviews with the pupil and parents and a clear end date, after
which the pupil attends full time. The register opens this case when the timetable
is recorded, on the school's and its LA's cases, so one left in place past its time
reaches the LA (a missed review deadline alerts like any other). No law sets the
interval: the 20 school days here (about a month) are local practice.
"""

from __future__ import annotations

from events.cases.definition import (
    SCHOOL_OR_LA,
    CaseType,
    Deadline,
    Transition,
)

WTTISA = "Working together to improve school attendance (DfE, August 2024)"

CASE_TYPE = CaseType(
    name="part_time_arrangement",
    summary="A part-time timetable until full-time attendance resumes.",
    initial_state="in_place",
    terminal_states=frozenset({"ended"}),
    transitions=(
        Transition("reviewed", frozenset({"in_place"}), "in_place", SCHOOL_OR_LA),
        Transition(
            "end",
            frozenset({"in_place"}),
            "ended",
            SCHOOL_OR_LA,
            frozenset({"full_time_resumed", "left_school", "other"}),
        ),
    ),
    deadlines=(
        Deadline(
            "review",
            "in_place",
            20,
            f"{WTTISA}: regular review dates and a clear end date",
            local_practice=True,
        ),
    ),
)
