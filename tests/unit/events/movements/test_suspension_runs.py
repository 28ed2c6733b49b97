"""Runs of consecutive suspensions on the school's calendar (the sixth-day duty)."""

from __future__ import annotations

from datetime import date

import pytest

from events.movements import MovementType
from events.movements.base import Suspension
from events.movements.suspension_runs import run_of
from events.term_dates import DEFAULT_CALENDAR
from tests.builders import SCHOOL_A, SCHOOL_B, a_movement


def suspension(starts: date, days: float):
    return a_movement(
        MovementType.SUSPENSION, effective_date=starts, days=days, reasons=("DB",)
    )


@pytest.mark.parametrize(
    ("earlier", "starts", "days", "run"),
    [
        ([], date(2026, 11, 2), 5, None),  # five days: no duty yet
        ([], date(2026, 11, 2), 6, (date(2026, 11, 2), 6)),
        # Mon-Wed then Thu: one run of six
        ([(SCHOOL_A, date(2026, 11, 2), 3)], date(2026, 11, 5), 3,
         (date(2026, 11, 2), 6)),
        # across the October half term: 21-23 Oct, then Mon 2 Nov
        ([(SCHOOL_A, date(2026, 10, 21), 3)], date(2026, 11, 2), 3,
         (date(2026, 10, 21), 6)),
        # a school day between: two runs
        ([(SCHOOL_A, date(2026, 10, 21), 3)], date(2026, 11, 3), 3, None),
        # another school's suspension is its own run
        ([(SCHOOL_B, date(2026, 11, 2), 3)], date(2026, 11, 5), 3, None),
        # a half day counts as the day it falls on: 2, 3 and the morning of 4 Nov
        ([(SCHOOL_A, date(2026, 11, 2), 2.5)], date(2026, 11, 5), 3,
         (date(2026, 11, 2), 5.5)),
        ([(SCHOOL_A, date(2026, 11, 2), 2.5)], date(2026, 11, 6), 3, None),
    ],
)  # fmt: skip
def test_consecutive_suspensions_from_one_school_make_one_run(
    earlier, starts, days, run
):
    found = run_of(
        [Suspension(urn, day, n) for urn, day, n in earlier],
        suspension(starts, days),
        DEFAULT_CALENDAR,
    )
    assert (found and (found.started_on, found.days)) == run
