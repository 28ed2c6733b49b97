"""part_time_beyond_span: section 19 provision of fewer hours than full time that is
still in place after the span part-time provision is allowed.

Basis: Education Act 1996 s19(3A)/(3AA) (as substituted by the Children, Schools
and Families Act 2010 s3): provision is full time unless the child's health needs
require otherwise; Arranging alternative provision (DfE, February 2025): part-time
provision is to be short and reviewed. Full-time hours
and the span are thresholds (thresholds.json). Time-based: asked by the sweep.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from events.alerts.signal import AlertSeverity, Signal, threshold
from events.term_dates import DEFAULT_CALENDAR

RULE = "part_time_beyond_span"


def fire(placement: dict[str, Any], today: date) -> list[Signal]:
    """For one open s19 placement: its movement id, start, and hours per week."""
    hours = placement.get("hours_per_week")
    if hours is None or hours >= threshold(RULE, "full_time_hours"):
        return []
    span_ends = DEFAULT_CALENDAR.add_school_days(
        placement["effective_date"], threshold(RULE, "span_school_days")
    )
    if today <= span_ends:
        return []
    movement_id = str(placement["movement_id"])
    return [Signal(RULE, AlertSeverity.MEDIUM, movement_id, (movement_id,))]
