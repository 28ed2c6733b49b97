"""case_deadline_missed: a case's statutory deadline passed with the case still in
the state it governs (a governors' review not held, provision not in place by the
sixth day, an off-site direction or s19 placement past its review date, a child
missing education not found in time).

Basis: each case type's deadlines and their sources (docs/casework.md). Time-based:
asked by the periodic sweep, not by a recorded event. Window: the case, the
deadline and its due date, so each missed deadline alerts once.
"""

from __future__ import annotations

from typing import Any

from events.alerts.signal import AlertSeverity, Signal

RULE = "case_deadline_missed"


def fire(case: dict[str, Any]) -> list[Signal]:
    """For one open case as the queue shows it (deadline evaluated today)."""
    deadline = case.get("next_deadline")
    if not case.get("overdue") or not deadline:
        return []
    window = f"{case['case_id']}/{deadline['name']}/{deadline['due']}"
    return [Signal(RULE, AlertSeverity.HIGH, window, (str(case["case_id"]),))]


def recipients(case: dict[str, Any]) -> list[str]:
    """The case's school's DSL and its LAs."""
    school = [f"school:{case['school_urn']}"] if case.get("school_urn") else []
    return school + [f"la:{la}" for la in case.get("la_codes", [])]
