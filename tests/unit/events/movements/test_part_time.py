"""What a part-time timetable, flexi-schooling or separation must say to be true."""

from __future__ import annotations

from datetime import date

import pytest

from events.errors import InvalidDate, MovementRuleViolation
from events.movements import PupilFacts, validate
from events.movements.base import Recorder, RecorderKind
from tests.builders import a_movement

ADMIN = Recorder(RecorderKind.ADMIN)
TODAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("movement_type", "details", "days", "field", "rule"),
    [
        ("part_time_timetable", {}, None, "hours_per_week", "hours_required"),
        ("part_time_timetable", {"hours_per_week": 40}, None,
         "hours_per_week", "hours_out_of_range"),
        ("part_time_timetable", {"hours_per_week": 10, "reason_category": "sulking"},
         None, "reason_category", "reason_category_unknown"),
        ("part_time_timetable", {"hours_per_week": 10, "end_date": "2026-01-01"},
         None, "end_date", "end_before_start"),
        ("flexi_schooling", {"sessions_at_home_per_week": 10}, None,
         "sessions_at_home_per_week", "sessions_out_of_range"),
        ("flexi_schooling", {}, None, "sessions_at_home_per_week",
         "sessions_out_of_range"),
        ("safeguarding_separation", {}, 0.0, "days", "days_out_of_range"),
    ],
)  # fmt: skip
def test_what_cannot_be_true_is_refused(movement_type, details, days, field, rule):
    request = a_movement(movement_type, details=details, days=days)
    with pytest.raises((MovementRuleViolation, InvalidDate)) as refused:
        validate(request, PupilFacts(), ADMIN, TODAY)
    assert (refused.value.field, refused.value.rule) == (field, rule)
