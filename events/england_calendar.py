"""England's default school calendar, for a school whose term dates nobody loaded.

LAs fix term dates for community and voluntary controlled schools; governing bodies
for foundation and voluntary aided schools (School Standards and Framework Act 1998
s41); academies under their funding agreements. Where none is loaded, the register
counts on the pattern most English schools follow, kept here as rules and data:

- Christmas: 23 December to 3 January; summer: 24 July to 31 August;
- October half term: the week of the last Monday in October;
- February half term: the week of the third Monday in February;
- Easter: Holy Week and Easter week (the Monday before Good Friday to the Friday
  after Easter Monday), from the computed date of Easter;
- May half term: the week of the spring bank holiday (last Monday in May);
- every bank holiday in England and Wales (Banking and Financial Dealings Act 1971
  Sch 1, with the days moved or added by proclamation listed below).

It is an approximation: a rule that turns on it says it counted on this calendar.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

# Bank holidays moved or added by royal proclamation (gov.uk/bank-holidays).
PROCLAIMED_ADDED = frozenset(
    {
        date(2011, 4, 29),  # royal wedding
        date(2012, 6, 5),  # diamond jubilee
        date(2020, 5, 8),  # VE Day 75 (the early May holiday moved)
        date(2022, 6, 3),  # platinum jubilee
        date(2022, 9, 19),  # state funeral
        date(2023, 5, 8),  # coronation
    }
)
PROCLAIMED_REMOVED = frozenset(
    {
        date(2012, 5, 28),  # spring holiday moved to 4 June
        date(2020, 5, 4),  # early May holiday moved to 8 May
        date(2022, 5, 30),  # spring holiday moved to 2 June
    }
)
PROCLAIMED_MOVED_TO = frozenset({date(2012, 6, 4), date(2022, 6, 2)})

CHRISTMAS_BREAK = (((12, 23), (12, 31)), ((1, 1), (1, 3)))
SUMMER_BREAK = ((7, 24), (8, 31))


def easter_sunday(year: int) -> date:
    """Easter Day in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday) // 451
    month, day = divmod(h + weekday - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _monday_on_or_after(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    after = date(year + month // 12, month % 12 + 1, 1)
    last = after - timedelta(days=1)
    return last - timedelta(days=last.weekday())


def _substitute(day: date, taken: set[date]) -> date:
    """A holiday falling on a weekend (or on another) moves to the next weekday."""
    while day.weekday() >= 5 or day in taken:
        day += timedelta(days=1)
    return day


@cache
def bank_holidays(year: int) -> frozenset[date]:
    """The bank holidays in England and Wales in a calendar year."""
    easter = easter_sunday(year)
    days = {
        easter - timedelta(days=2),
        easter + timedelta(days=1),
        _monday_on_or_after(date(year, 5, 1)),
        _last_monday(year, 5),
        _last_monday(year, 8),
    }
    for fixed in (date(year, 1, 1), date(year, 12, 25), date(year, 12, 26)):
        days.add(_substitute(fixed, days))
    days -= PROCLAIMED_REMOVED
    days |= {d for d in PROCLAIMED_ADDED | PROCLAIMED_MOVED_TO if d.year == year}
    return frozenset(days)


def _week_of(monday: date) -> tuple[date, date]:
    return monday, monday + timedelta(days=4)


def _third_monday_of_february(year: int) -> date:
    return _monday_on_or_after(date(year, 2, 1)) + timedelta(weeks=2)


def easter_holidays(year: int) -> tuple[date, date]:
    """Holy Week and Easter week: Monday before Good Friday to the Friday after."""
    easter = easter_sunday(year)
    return easter - timedelta(days=6), easter + timedelta(days=5)


@cache
def default_breaks(year: int) -> tuple[tuple[date, date], ...]:
    """The default holidays falling in a calendar year, first to last day each."""
    fixed = (*CHRISTMAS_BREAK, SUMMER_BREAK)
    return (
        *((date(year, *start), date(year, *end)) for start, end in fixed),
        _week_of(_last_monday(year, 10)),
        _week_of(_third_monday_of_february(year)),
        easter_holidays(year),
        _week_of(_last_monday(year, 5)),
    )


def is_working_day(day: date) -> bool:
    """Not a weekend day or a bank holiday (the Regulations' 'working day')."""
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def is_school_day(day: date) -> bool:
    """A working day outside England's default school holidays."""
    if not is_working_day(day):
        return False
    return not any(start <= day <= end for start, end in default_breaks(day.year))


def second_working_day_after(day: date) -> date:
    """When a letter posted first class that day is deemed received (2012 Regs)."""
    counted = 0
    while counted < 2:
        day += timedelta(days=1)
        counted += is_working_day(day)
    return day
