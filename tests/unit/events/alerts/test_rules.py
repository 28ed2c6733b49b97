"""Each alert rule at its threshold: fires at it, not one short of it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from events.alerts.rulebook import signals_for
from events.alerts.signal import ChildView
from events.envelope import envelope_of
from events.movements import MovementRequest, MovementType
from events.pupil import Pupil
from tests.builders import LA_A, SCHOOL_A, SCHOOL_B, a_movement, school

TODAY = date(2026, 11, 27)


def judged(*requests: MovementRequest, recorded: date = TODAY) -> dict[str, Any]:
    """Record the movements on one child; the rules' signals for the last, by rule."""
    pupil = Pupil(pupil_key="pk_alerts")
    at = datetime(recorded.year, recorded.month, recorded.day, 9, tzinfo=UTC)
    for n, request in enumerate(requests):
        pupil.record_movement(
            f"m-{n}",
            request,
            school(request.from_urn or request.to_urn or SCHOOL_A),
            TODAY,
            at=at,
        )
    last = pupil.pending_events[-1]
    active = sorted(pupil.movements.values(), key=lambda m: m.effective_date)
    envelope = envelope_of(last, len(pupil.pending_events))
    assert envelope is not None
    view = ChildView(envelope, tuple(active), pupil.home_la)
    return {s.rule: s for s in signals_for(view)}


def admission(on: date, urn: str = SCHOOL_A) -> MovementRequest:
    return a_movement(MovementType.ADMISSION, from_urn=None, from_la=None,
                      to_urn=urn, to_la=LA_A, effective_date=on)  # fmt: skip


def deletion(
    on: date, urn: str = SCHOOL_A, ground: str = "moved_away", **kw: Any
) -> MovementRequest:
    return a_movement(MovementType.ROLL_DELETION, from_urn=urn, from_la=LA_A,
                      deletion_ground=ground, effective_date=on, **kw)  # fmt: skip


def suspension(on: date, days: float, **kw: Any) -> MovementRequest:
    return a_movement(MovementType.SUSPENSION, days=days, effective_date=on, **kw)


@pytest.mark.parametrize(
    ("first", "fires"), [(date(2025, 11, 28), True), (date(2025, 11, 27), False)]
)
def test_three_moves_within_365_days(first: date, fires: bool) -> None:
    signals = judged(
        admission(first),
        deletion(date(2026, 9, 10)),
        admission(date(2026, 11, 27), SCHOOL_B),
    )

    assert ("repeated_moves" in signals) is fires


def test_two_off_roll_moves_in_one_academic_year() -> None:
    one = judged(admission(date(2026, 9, 3)), deletion(date(2026, 10, 1)))
    two = judged(
        admission(date(2026, 9, 3)), deletion(date(2026, 10, 1)),
        admission(date(2026, 10, 5), SCHOOL_B), deletion(date(2026, 11, 2), SCHOOL_B),
    )  # fmt: skip

    assert "off_roll_in_year" not in one
    assert two["off_roll_in_year"].evidence == ("m-1", "m-3")


@pytest.mark.parametrize(("days", "fires"), [(5.0, False), (5.5, True)])
def test_a_vulnerable_childs_long_suspension(days: float, fires: bool) -> None:
    signals = judged(
        suspension(date(2026, 11, 2), days, characteristics={"looked_after": True})
    )

    assert ("vulnerable_child_moved" in signals) is fires


def test_an_ordinary_childs_deletion_is_not_a_vulnerable_move() -> None:
    assert "vulnerable_child_moved" not in judged(deletion(date(2026, 11, 26)))
    ehc = judged(deletion(date(2026, 11, 26), characteristics={"sen_provision": "E"}))
    assert "vulnerable_child_moved" in ehc


@pytest.mark.parametrize(("before", "fires"), [(29.5, False), (30.0, True)])
def test_suspensions_nearing_the_45_day_limit(before: float, fires: bool) -> None:
    signals = judged(
        suspension(date(2026, 9, 7), before - 1), suspension(date(2026, 11, 2), 1)
    )

    assert ("suspension_limit_near" in signals) is fires


def test_three_suspensions_in_a_term() -> None:
    two = judged(suspension(date(2026, 9, 7), 1), suspension(date(2026, 10, 7), 1))
    three = judged(
        suspension(date(2026, 9, 7), 1), suspension(date(2026, 10, 7), 1),
        suspension(date(2026, 11, 9), 1),
    )  # fmt: skip

    assert "repeated_suspensions_in_term" not in two
    assert "repeated_suspensions_in_term" in three


def test_a_deletion_to_nowhere_known_is_a_missing_education_risk() -> None:
    lost = judged(deletion(date(2026, 11, 26), ground="continuous_absence_not_located"))
    moved = judged(deletion(date(2026, 11, 26)))

    assert "missing_education_risk" in lost
    assert "missing_education_risk" not in moved


def test_a_move_within_a_year_of_a_managed_move() -> None:
    managed = a_movement(MovementType.MANAGED_MOVE, to_urn=SCHOOL_B, to_la=LA_A,
                         effective_date=date(2026, 1, 12))  # fmt: skip

    after = judged(managed, deletion(date(2026, 11, 26), urn=SCHOOL_B))

    assert after["move_after_managed_or_direction"].window == "m-0"


def test_a_deletion_told_after_census_with_a_date_before_it() -> None:
    late = judged(deletion(date(2026, 1, 13)), recorded=date(2026, 1, 20))
    prompt = judged(deletion(date(2026, 1, 13)), recorded=date(2026, 1, 14))

    assert "deletion_backdated_over_census" in late
    assert "deletion_backdated_over_census" not in prompt


def test_a_breach_finding_and_a_report_raise_alerts() -> None:
    breach = judged(deletion(date(2026, 11, 26), ground="permanently_excluded"))
    report = judged(
        a_movement(
            MovementType.SUSPECTED_OFF_ROLLING, effective_date=date(2026, 11, 26)
        )
    )

    assert "lawfulness_breach" in breach
    assert "off_rolling_report" in report


@pytest.mark.parametrize(
    ("hours", "today", "fires"),
    [
        # 30 school days from 12 Oct end on 30 Nov (26-30 Oct is half term)
        (15, date(2026, 11, 30), False),
        (15, date(2026, 12, 1), True),
        (25, date(2026, 12, 1), False),  # full time
        (None, date(2026, 12, 1), False),  # hours not recorded
    ],
)
def test_part_time_provision_beyond_its_span(
    hours: float | None, today: date, fires: bool
) -> None:
    from events.alerts.rules import part_time_beyond_span

    placement = {
        "movement_id": "m-s19",
        "effective_date": date(2026, 10, 12),
        "hours_per_week": hours,
    }

    signals = part_time_beyond_span.fire(placement, today)

    assert bool(signals) is fires
