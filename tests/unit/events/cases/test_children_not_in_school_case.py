"""The duties case of the register of children not in school: each deadline runs
in its state, counts calendar days (the Act's periods are days, not school days:
a holiday does not stop them), is marked unverified and names its source; the
update-request rule judges by calendar months."""

from __future__ import annotations

from datetime import date

import pytest

from events.cases.children_not_in_school import CASE_TYPE
from events.cnis.update_requests import SOONER, WITHIN, judged
from events.term_dates import DEFAULT_CALENDAR

STATES = [
    ("information_owed", "parent_information", "s436D"),
    ("update_requested", "parent_update", "s436D"),
    ("provider_information_requested", "provider_information", "s436E"),
    ("school_attendance_order_route", "attendance_order_notice", "s436I"),
]


@pytest.mark.parametrize(("state", "name", "provision"), STATES)
def test_each_deadline_runs_in_its_state_unverified_with_its_source(
    state: str, name: str, provision: str
) -> None:
    # 18 December 2026: the 15 days run through the Christmas holiday.
    running = CASE_TYPE.next_deadline(state, date(2026, 12, 18), DEFAULT_CALENDAR)
    assert running is not None
    deadline, due = running
    assert deadline.name == name and due == date(2027, 1, 2)
    assert deadline.verified is False and provision in deadline.source


def test_no_deadline_runs_once_the_information_is_held() -> None:
    assert CASE_TYPE.next_deadline("information_held", date(2026, 12, 18)) is None


@pytest.mark.parametrize(
    ("earlier", "asked", "decision"),
    [
        ([], date(2026, 12, 1), WITHIN),
        ([date(2026, 9, 1)], date(2026, 12, 1), WITHIN),  # exactly 3 months
        ([date(2026, 9, 1)], date(2026, 11, 30), SOONER),
        ([date(2026, 11, 30)], date(2027, 2, 28), WITHIN),  # February is short
        ([date(2026, 11, 30)], date(2027, 2, 27), SOONER),
        ([date(2027, 1, 5)], date(2026, 12, 1), WITHIN),  # a later one is no bar
    ],
)
def test_update_requests_at_most_every_three_months(
    earlier: list[date], asked: date, decision: str
) -> None:
    assert judged(earlier, asked) == decision
