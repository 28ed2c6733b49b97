"""Dates and times on pages, in words and UK time."""

from __future__ import annotations

from datetime import UTC, date, datetime

from services.documents.words import date_input_example, day_in_words, time_in_words


def test_a_day_reads_as_gov_uk_writes_it() -> None:
    assert day_in_words("2026-12-01") == "1 December 2026"
    assert day_in_words(date(2027, 3, 9)) == "9 March 2027"
    for nothing in (None, "", "nonsense"):
        assert day_in_words(nothing) == "not set"


def test_a_time_is_in_uk_time_with_am_and_pm() -> None:
    evening = "2026-12-01T19:03:12.390329+00:00"
    assert time_in_words(evening) == "1 December 2026, 7:03pm"
    # British Summer Time: 23:30 UTC on 30 June is 00:30 on 1 July
    assert time_in_words(datetime(2026, 6, 30, 23, 30, tzinfo=UTC)) == (
        "1 July 2026, 12:30am"
    )
    assert time_in_words("2026-12-07T08:00:00+00:00") == "7 December 2026, 8am"
    assert time_in_words("2026-12-07T12:00:00+00:00") == "7 December 2026, midday"
    assert time_in_words("2026-12-07") == "7 December 2026"


def test_a_date_input_hint_is_day_month_year() -> None:
    assert date_input_example(date(2026, 12, 7)) == "7 12 2026"
