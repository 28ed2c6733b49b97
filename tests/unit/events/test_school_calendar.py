"""Academic years, census days, terms and school days."""

from __future__ import annotations

from datetime import date

import pytest

from events.england_calendar import (
    bank_holidays,
    easter_sunday,
    is_school_day,
    is_working_day,
    second_working_day_after,
)
from events.errors import InvalidDate
from events.school_calendar import AcademicYear, Term, spring_census_date, term_of
from events.term_dates import DEFAULT_CALENDAR, SchoolCalendar, TermDates


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


def test_easter_decides_where_the_spring_term_ends():
    # Easter Day 2026 is 5 April: 1 April is still the spring term.
    assert easter_sunday(2026) == date(2026, 4, 5)
    assert term_of(date(2026, 4, 1)) is Term.SPRING
    assert term_of(date(2026, 4, 13)) is Term.SUMMER
    # Easter Day 2027 is 28 March: 31 March is already the summer term.
    assert easter_sunday(2027) == date(2027, 3, 28)
    assert term_of(date(2027, 3, 26)) is Term.SPRING
    assert term_of(date(2027, 3, 31)) is Term.SUMMER


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2000, (4, 23)),
        (2011, (4, 24)),
        (2019, (4, 21)),
        (2024, (3, 31)),
        (2025, (4, 20)),
        (2038, (4, 25)),
        (2285, (3, 22)),
    ],
)
def test_easter_day_is_computed(year, easter):
    assert easter_sunday(year) == date(year, *easter)


def test_bank_holidays_of_england_and_wales():
    assert bank_holidays(2026) == {
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 28),
    }  # gov.uk/bank-holidays: Boxing Day on a Saturday moves to Monday 28th
    assert date(2022, 6, 2) in bank_holidays(2022)  # moved by proclamation
    assert date(2022, 5, 30) not in bank_holidays(2022)
    assert date(2023, 5, 8) in bank_holidays(2023)  # added: the coronation
    assert date(2021, 12, 27) in bank_holidays(2021)
    assert date(2021, 12, 28) in bank_holidays(2021)


def test_a_posted_notice_counts_from_the_second_working_day_after_posting():
    assert second_working_day_after(date(2026, 10, 14)) == date(2026, 10, 16)
    # posted on a Thursday: Friday, then Monday
    assert second_working_day_after(date(2026, 10, 15)) == date(2026, 10, 19)
    # posted on Maundy Thursday 2026: Good Friday and Easter Monday are not
    # working days
    assert second_working_day_after(date(2026, 4, 2)) == date(2026, 4, 8)
    assert not is_working_day(date(2026, 5, 4))


@pytest.mark.parametrize(
    "holiday",
    [
        date(2026, 10, 27),  # October half term
        date(2027, 2, 17),  # February half term
        date(2027, 3, 29),  # Easter Monday
        date(2026, 4, 8),  # Easter week
        date(2026, 5, 4),  # early May bank holiday
        date(2026, 5, 27),  # May half term
        date(2025, 12, 24),  # Christmas
        date(2026, 8, 3),  # summer
    ],
)
def test_the_default_calendar_knows_the_holidays(holiday):
    assert not is_school_day(holiday)


@pytest.mark.parametrize(
    "school_day",
    [
        date(2026, 10, 23),
        date(2026, 11, 2),
        date(2026, 3, 27),
        date(2026, 4, 13),
        date(2026, 5, 5),
        date(2026, 6, 1),
        date(2026, 1, 8),
    ],
)
def test_the_days_either_side_of_a_holiday_are_school_days(school_day):
    assert is_school_day(school_day)


def test_counting_school_days_across_the_october_half_term():
    # The review's case: a decision on Fri 16 Oct 2026; 15 school days on.
    assert DEFAULT_CALENDAR.add_school_days(date(2026, 10, 16), 15) == date(
        2026, 11, 13
    )
    assert (
        DEFAULT_CALENDAR.school_days_between(date(2026, 1, 5), date(2026, 1, 16)) == 10
    )
    assert DEFAULT_CALENDAR.add_school_days(date(2026, 1, 9), 1) == date(2026, 1, 12)


def test_a_school_falls_back_on_its_la_then_on_the_default_and_says_which():
    year = AcademicYear.parse("2026-27")
    la_terms = TermDates.checked(
        year,
        [
            (date(2026, 9, 3), date(2026, 10, 23)),
            (date(2026, 11, 9), date(2026, 12, 18)),
        ],
    )
    school_terms = TermDates.checked(year, [(date(2026, 9, 3), date(2026, 12, 18))])
    la = SchoolCalendar({year: la_terms}, owner="LA 801's")
    school = SchoolCalendar({}, owner="school 100001's", fallback=la)
    own = SchoolCalendar({year: school_terms}, owner="school 100002's", fallback=la)
    assert not school.is_school_day(date(2026, 11, 2))  # the LA's two-week break
    assert school.counted_on(date(2026, 11, 2)) == "LA 801's term dates"
    assert own.is_school_day(date(2026, 10, 27))  # the school teaches through
    assert own.counted_on(date(2026, 10, 27)) == "school 100002's term dates"
    assert school.is_default_for(date(2027, 10, 1))
    assert school.counted_on(date(2027, 10, 1)).startswith("England's default")


def test_a_bank_holiday_inside_loaded_term_dates_is_no_school_day():
    year = AcademicYear.parse("2025-26")
    terms = TermDates.checked(year, [(date(2026, 4, 13), date(2026, 7, 22))])
    calendar = SchoolCalendar({year: terms}, owner="LA 801's")
    assert not calendar.is_school_day(date(2026, 5, 4))
    assert calendar.is_school_day(date(2026, 5, 5))
