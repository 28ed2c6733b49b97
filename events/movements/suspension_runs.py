"""Runs of consecutive suspensions, for the sixth-day duty.

From the sixth consecutive school day of suspension the school must arrange
suitable full-time education, "regardless of whether the pupil has been excluded
for a single fixed period or more than one fixed period" (Education and Inspections
Act 2006 s100; Education (Provision of Full-Time Education for Excluded Pupils)
(England) Regulations 2007 reg 3, as amended by SI 2014/3216; the LA's duty for a
pupil of a PRU, reg 4). A suspension runs from its effective date over its school
days (a half day counts as the day it falls on), on the school's own calendar; one
that starts on the next school day after another ends continues its run.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from events.movements.base import MovementRequest, MovementType, Suspension
from events.term_dates import SchoolCalendar

SIXTH_DAY_AFTER = 5  # the duty starts on the sixth school day


@dataclass(frozen=True)
class SuspensionRun:
    """Consecutive suspensions from one school, this one last."""

    started_on: date
    days: float

    def details(self) -> dict[str, object]:
        return {
            "suspension_run_started_on": self.started_on.isoformat(),
            "suspension_run_days": self.days,
        }


def _first_day(starts: date, calendar: SchoolCalendar) -> date:
    """A suspension given for a non-school day starts on the next school day."""
    if calendar.is_school_day(starts):
        return starts
    return calendar.add_school_days(starts, 1)


def _last_day(first: date, days: float, calendar: SchoolCalendar) -> date:
    return calendar.add_school_days(first, max(math.ceil(days) - 1, 0))


def run_of(
    earlier: Iterable[Suspension], request: MovementRequest, calendar: SchoolCalendar
) -> SuspensionRun | None:
    """The run this suspension ends, when it passes five school days."""
    if request.movement_type is not MovementType.SUSPENSION or not request.from_urn:
        return None
    same_school = sorted(
        (s for s in earlier if s.urn == request.from_urn), key=lambda s: s.starts
    )
    first = _first_day(request.effective_date, calendar)
    started_on, total = first, request.days or 0.0
    for prior in reversed(same_school):
        prior_first = _first_day(prior.starts, calendar)
        if prior_first >= started_on:
            continue  # recorded later than it happened, after this one: not before
        ends = _last_day(prior_first, prior.days, calendar)
        if calendar.add_school_days(ends, 1) < started_on:
            break
        started_on, total = prior_first, total + prior.days
    if total <= SIXTH_DAY_AFTER:
        return None
    return SuspensionRun(started_on, total)


def run_details(
    earlier: Iterable[Suspension],
    request: MovementRequest,
    calendar_for: Callable[[str | None, str | None], SchoolCalendar],
) -> dict[str, object]:
    """What a suspension records of the run it ends (nothing under six days)."""
    if request.movement_type is not MovementType.SUSPENSION:
        return {}
    run = run_of(earlier, request, calendar_for(request.from_la, request.from_urn))
    return run.details() if run else {}
