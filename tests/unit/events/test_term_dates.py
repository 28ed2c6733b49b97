"""An LA's term dates: half terms are not school days; other years use the default."""

from __future__ import annotations

from datetime import date

import pytest

from events.errors import InvalidDate
from events.school_calendar import AcademicYear
from events.term_dates import DEFAULT_CALENDAR, SchoolCalendar, TermDates

YEAR = AcademicYear(2026)
AUTUMN = (
    (date(2026, 9, 2), date(2026, 10, 23)),
    (date(2026, 11, 2), date(2026, 12, 18)),
)


def test_half_term_days_are_skipped_when_counting() -> None:
    calendar = SchoolCalendar({YEAR: TermDates.checked(YEAR, AUTUMN)})

    assert calendar.add_school_days(date(2026, 10, 23), 1) == date(2026, 11, 2)
    # England's default has the week of the last Monday in October off
    assert DEFAULT_CALENDAR.add_school_days(date(2026, 10, 16), 6) == date(2026, 11, 2)
    assert calendar.school_days_between(date(2026, 10, 19), date(2026, 11, 6)) == 10


def test_a_year_with_no_term_dates_falls_back_to_the_default() -> None:
    calendar = SchoolCalendar({YEAR: TermDates.checked(YEAR, AUTUMN)})

    assert calendar.add_school_days(date(2025, 10, 24), 1) == date(2025, 11, 3)
    assert calendar.is_default_for(date(2025, 10, 24))
    assert not calendar.is_default_for(date(2026, 10, 24))


@pytest.mark.parametrize(
    ("terms", "rule"),
    [
        ([], "terms_required"),
        ([(date(2026, 10, 2), date(2026, 9, 30))], "term_order"),
        ([(date(2026, 8, 30), date(2026, 10, 1))], "term_outside_year"),
        (
            [
                (date(2026, 9, 2), date(2026, 10, 23)),
                (date(2026, 10, 20), date(2026, 12, 1)),
            ],
            "terms_overlap",
        ),
    ],
)
def test_impossible_term_dates_are_refused(
    terms: list[tuple[date, date]], rule: str
) -> None:
    with pytest.raises(InvalidDate) as refused:
        TermDates.checked(YEAR, terms)

    assert refused.value.rule == rule
