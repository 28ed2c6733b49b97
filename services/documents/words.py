"""Dates and times as GOV.UK pages (and the family's pack) write them:
"1 December 2026", "1 December 2026, 7:03pm" (UK time), never an ISO timestamp."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def _parsed(value: object) -> date | datetime | None:
    if isinstance(value, date):  # datetime is a date too
        return value
    if not isinstance(value, str) or not value:
        return None
    try:
        if "T" in value:
            return datetime.fromisoformat(value)
        return date.fromisoformat(value)
    except ValueError:
        return None


def day_in_words(value: object, blank: str = "not set") -> str:
    """`2026-12-01` or a timestamp -> "1 December 2026" (UK time for a timestamp)."""
    parsed = _parsed(value)
    if parsed is None:
        return blank
    if isinstance(parsed, datetime):
        parsed = _in_uk(parsed).date()
    return f"{parsed.day} {parsed:%B %Y}"


def time_in_words(value: object, blank: str = "not set") -> str:
    """A timestamp -> "1 December 2026, 7:03pm" in UK time; a date -> its day."""
    parsed = _parsed(value)
    if parsed is None:
        return blank
    if not isinstance(parsed, datetime):
        return day_in_words(parsed)
    local = _in_uk(parsed)
    hour = local.hour % 12 or 12
    minutes = "" if local.minute == 0 else f":{local.minute:02d}"
    noon = {(12, 0): "midday", (0, 0): "midnight"}.get((local.hour, local.minute))
    clock = noon or f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"
    return f"{day_in_words(local)}, {clock}"


ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def dates_in_text(text: object) -> str:
    """Free text the register wrote (a finding's message) with each ISO date in
    words: "deletion of 2026-11-27" -> "deletion of 27 November 2026"."""
    return ISO_DAY.sub(lambda m: day_in_words(m.group(0), m.group(0)), str(text))


def date_input_example(day: date) -> str:
    """The hint GOV.UK date inputs give: "7 12 2026"."""
    return f"{day.day} {day.month} {day.year}"


def _in_uk(moment: datetime) -> datetime:
    return moment.astimezone(UK) if moment.tzinfo else moment
