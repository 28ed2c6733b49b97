"""The LA may ask a registered child's parents for updated information at most
once every 3 months (Education Act 1996 s436D as amended at Lords report, January
2026: law-review-2026-12.md section 3.3; the enacted text is unverified). A request
made sooner is still recorded (it happened), and says so in its decision, which is
stored in the case's event: `sooner_than_three_months`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from events.cases.definition import months_after

TRANSITION = "update_requested"
WITHIN = "within_three_months_rule"
SOONER = "sooner_than_three_months"
SOURCE = (
    "Education Act 1996 s436D (CWSA 2026 s38): updates asked for no more than "
    "once every 3 months (unverified against the enacted text)"
)


def judged(previous_requests: Iterable[date], requested_on: date) -> str:
    """The decision a new update request is recorded with."""
    earlier = [d for d in previous_requests if d <= requested_on]
    if earlier and requested_on < months_after(max(earlier), 3):
        return SOONER
    return WITHIN
