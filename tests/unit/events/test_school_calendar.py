"""Academic years, census days, terms and school days."""

from __future__ import annotations

from datetime import date

import pytest

from events.errors import InvalidDate
from events.school_calendar import (
    AcademicYear,
    Term,
    add_school_days,
    is_school_day,
    school_days_between,
    spring_census_date,
    term_of,
)


def test_an_academic_year_runs_from_september_to_august():
    year = AcademicYear.parse("2025-26")
    assert (year.start, year.end) == (date(2025, 9, 1), date(2026, 8, 31))
    assert str(year) == "2025-26" and year.ees_time_period == "202526"
    assert AcademicYear.parse("202526") == year


@pytest.mark.parametrize("raw", ["2025-27", "2025", "25-26", "2025/26x"])
def test_a_malformed_academic_year_is_refused(raw):
    with pytest.raises(InvalidDate) as error:
        AcademicYear.parse(raw)
    assert error.value.rule == "academic_year_format"


def test_the_academic_year_of_a_date():
    assert str(AcademicYear.containing(date(2025, 8, 31))) == "2024-25"
    assert str(AcademicYear.containing(date(2025, 9, 1))) == "2025-26"
    assert AcademicYear(2099).next() == AcademicYear(2100)
    assert str(AcademicYear(2099)) == "2099-00"


@pytest.mark.parametrize(
    ("year", "census"),
    [(2019, date(2020, 1, 16)), (2022, date(2023, 1, 19)), (2025, date(2026, 1, 15))],
)
def test_published_spring_census_days_are_data(year, census):
    assert spring_census_date(AcademicYear(year)).date == census
    assert not spring_census_date(AcademicYear(year)).derived


def test_later_census_days_follow_the_third_thursday_rule_and_say_so():
    census = spring_census_date(AcademicYear.parse("2026-27"))
    assert census.date == date(2027, 1, 21) and census.derived
    for start in range(2027, 2040):
        day = spring_census_date(AcademicYear(start)).date
        assert day.weekday() == 3 and 15 <= day.day <= 21 and day.month == 1


def test_terms():
    assert term_of(date(2025, 11, 3)) is Term.AUTUMN
    assert term_of(date(2026, 2, 3)) is Term.SPRING
    assert term_of(date(2026, 6, 3)) is Term.SUMMER


def test_school_days_skip_weekends_and_the_default_holidays():
    assert is_school_day(date(2026, 1, 8))  # Thursday
    assert not is_school_day(date(2026, 1, 10))  # Saturday
    assert not is_school_day(date(2025, 12, 24))  # Christmas
    assert school_days_between(date(2026, 1, 5), date(2026, 1, 16)) == 10
    assert add_school_days(date(2026, 1, 9), 1) == date(2026, 1, 12)
