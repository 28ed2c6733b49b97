"""The census-spike projection and report, from envelopes to flags."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, date, datetime

import pytest

from events.envelope import EventEnvelope
from events.school_calendar import AcademicYear
from projections.census.queries import poisson_tail
from projections.census.report import ReportInputs, la_report, school_report
from projections.census.spike import CensusSpike
from services.app.storage import SQLiteDatabase

YEAR = AcademicYear.parse("2025-26")  # census day Thursday 15 January 2026
positions = itertools.count(1)


def envelope(
    event_type: str, payload: dict, recorded_at: datetime, pupil_key: str = "pk_x"
) -> EventEnvelope:
    return EventEnvelope(
        event_id=str(uuid.uuid4()),
        event_type=event_type,
        version=1,
        pupil_key=pupil_key,
        school_urn=payload.get("from_urn"),
        la_code=None,
        effective_date=payload.get("effective_date"),
        recorded_at=recorded_at.isoformat(),
        position=next(positions),
        originator_id=str(uuid.uuid4()),
        originator_version=2,
        payload=payload,
    )


def an_exit(
    urn: str,
    effective: date,
    *,
    year_group: str = "11",
    la: str = "801",
    recorded: datetime | None = None,
    kind: str = "roll_deletion",
    ground: str | None = "moved_away",
    pupil_key: str = "pk_x",
) -> EventEnvelope:
    payload = {
        "movement_id": str(uuid.uuid4()),
        "movement_type": kind,
        "effective_date": effective.isoformat(),
        "from_urn": urn,
        "from_la": la,
        "to_urn": None,
        "deletion_ground": ground,
        "characteristics": {"year_group": year_group},
    }
    when = recorded or datetime.combine(effective, datetime.min.time(), UTC)
    return envelope("movement_recorded", payload, when, pupil_key)


def apply(db: SQLiteDatabase, *envelopes: EventEnvelope) -> None:
    with db.transaction() as cur:
        CensusSpike().apply(cur, envelopes)


PEERS = ("100002", "100004", "100005", "100006", "100008")
INPUTS = ReportInputs(
    cohorts={u: {"10": 150, "11": 150} for u in ("100001", *PEERS)},
    la_of={u: "801" for u in ("100001", *PEERS)},
)


def year_11(report: dict) -> dict:
    return next(r for r in report["year_groups"] if r["year_group"] == "11")


def test_exits_are_split_at_census_day_and_other_movements_ignored(db):
    apply(
        db,
        an_exit("100001", date(2025, 11, 3)),
        an_exit("100001", date(2026, 1, 15)),  # census day itself counts before
        an_exit("100001", date(2026, 3, 2)),
        an_exit(
            "100001",
            date(2025, 12, 1),
            kind="elective_home_education",
            ground="elective_home_education",
        ),
        envelope(
            "movement_recorded",
            {
                "movement_id": "s",
                "movement_type": "suspension",
                "from_urn": "100001",
                "effective_date": "2025-12-01",
            },
            datetime(2025, 12, 1, tzinfo=UTC),
        ),
    )
    row = year_11(school_report(db, INPUTS, "100001", YEAR))
    assert (row["exits_before_census"], row["exits_after_census"]) == (3, 1)
    assert row["grounds"] == {"elective_home_education": 1, "moved_away": 3}


def test_a_school_far_above_its_baseline_is_flagged_with_reasons(db):
    apply(db, *[an_exit("100001", date(2025, 12, d)) for d in range(1, 16)])
    for urn in PEERS:
        apply(db, an_exit(urn, date(2025, 11, 10)), an_exit(urn, date(2026, 4, 20)))
    report = school_report(db, INPUTS, "100001", YEAR)
    row = year_11(report)
    assert row["flagged"] and report["flagged"]
    assert row["spike_score"] == pytest.approx(15.0)  # 15 vs 1/150 * 150 expected
    assert row["p_value"] < 1e-9
    assert "15 exits before census" in row["reasons"][0]
    ranked = la_report(db, INPUTS, "801", YEAR)["schools"]
    assert ranked[0]["urn"] == "100001" and ranked[0]["flagged"]
    assert not any(s["flagged"] for s in ranked[1:])


def test_small_numbers_are_never_flagged(db):
    apply(db, *[an_exit("100001", date(2025, 12, d)) for d in range(1, 5)])
    apply(db, an_exit("100002", date(2026, 3, 3)))
    row = year_11(school_report(db, INPUTS, "100001", YEAR))
    assert row["exits_before_census"] == 4 and not row["flagged"]


def test_backdated_exits_are_caught_and_hidden_as_known_on_census_day(db):
    after_census = datetime(2026, 2, 2, 9, tzinfo=UTC)
    apply(
        db,
        an_exit("100001", date(2026, 1, 9), recorded=after_census),
        an_exit("100001", date(2025, 10, 1)),
    )
    now = school_report(db, INPUTS, "100001", YEAR)
    assert now["backdated_exits"] == 1
    assert "recorded after census day" in year_11(now)["reasons"][0]
    on_census_day = school_report(
        db, INPUTS, "100001", YEAR, known_at=datetime(2026, 1, 15, 18, tzinfo=UTC)
    )
    assert year_11(on_census_day)["exits_before_census"] == 1
    assert on_census_day["backdated_exits"] == 0


def test_corrections_move_exits_and_withdrawals_remove_them(db):
    moved, wrong = (
        an_exit("100001", date(2025, 12, 1)),
        an_exit("100001", date(2025, 12, 2)),
    )
    apply(db, moved, wrong)
    apply(
        db,
        envelope(
            "movement_corrected",
            {
                "movement_id": moved.payload["movement_id"],
                "changes": {"effective_date": "2026-02-02"},
                "reason_code": "wrong_date",
            },
            datetime(2026, 2, 3, tzinfo=UTC),
        ),
        envelope(
            "movement_withdrawn",
            {"movement_id": wrong.payload["movement_id"], "reason_code": "wrong_pupil"},
            datetime(2026, 2, 3, tzinfo=UTC),
        ),
    )
    row = year_11(school_report(db, INPUTS, "100001", YEAR))
    assert (row["exits_before_census"], row["exits_after_census"]) == (0, 1)
    before = school_report(
        db, INPUTS, "100001", YEAR, known_at=datetime(2026, 1, 20, tzinfo=UTC)
    )
    assert year_11(before)["exits_before_census"] == 1  # the withdrawn one, then


def test_applying_the_same_batch_twice_counts_once(db):
    batch = [an_exit("100001", date(2025, 12, 1))]
    apply(db, *batch)
    apply(db, *batch)
    assert (
        year_11(school_report(db, INPUTS, "100001", YEAR))["exits_before_census"] == 1
    )


@pytest.mark.parametrize(
    ("k", "lam", "p"),
    [(0, 1.0, 1.0), (1, 1.0, 0.6321), (5, 1.0, 0.00366), (3, 0.0, 0.0)],
)
def test_poisson_tail(k, lam, p):
    assert poisson_tail(k, lam) == pytest.approx(p, abs=1e-4)


def test_the_ofsted_style_rule_counts_year_10_leavers_to_the_next_census(db):
    inputs = ReportInputs(
        cohorts=INPUTS.cohorts,
        la_of=INPUTS.la_of,
        earlier_cohorts={"2024-25": {"100001": {"10": 100}}},
    )
    apply(
        db,
        an_exit("100001", date(2025, 3, 3), year_group="10"),  # after census t
        an_exit("100001", date(2025, 6, 9), year_group="10"),
        an_exit("100001", date(2025, 9, 15), year_group="11"),
        an_exit("100001", date(2025, 11, 3), year_group="11"),
        an_exit("100001", date(2026, 1, 14), year_group="11"),
        an_exit("100001", date(2025, 1, 10), year_group="10"),  # before census t
        an_exit("100001", date(2026, 2, 2), year_group="11"),  # after census t+1
    )
    rule = school_report(db, inputs, "100001", YEAR)["ofsted_style"]
    assert (rule["leavers"], rule["year10_cohort"], rule["met"]) == (5, 100, True)
    assert rule["two_years_running"] is False


def test_in_the_autumn_the_report_projects_to_census_day(db):
    apply(db, *[an_exit("100001", date(2025, 10, d)) for d in (1, 8, 15)])
    live = school_report(
        db, INPUTS, "100001", YEAR, known_at=datetime(2025, 11, 1, tzinfo=UTC)
    )["live"]
    assert live["live"] and live["exits_so_far"] == 3
    assert live["projected_by_census"] == pytest.approx(3 * 137 / 62, abs=0.1)
    after = school_report(
        db, INPUTS, "100001", YEAR, known_at=datetime(2026, 2, 1, tzinfo=UTC)
    )["live"]
    assert after == {"live": False}


def test_a_flag_says_how_unlikely_it_is_in_words() -> None:
    from projections.census.queries import by_chance

    assert by_chance(2.4e-11) == "about 1 in 42 billion by chance"
    assert by_chance(2.5e-8) == "about 1 in 40 million by chance"
    assert by_chance(0.00024) == "about 1 in 4,200 by chance"
    assert by_chance(0.04) == "about 1 in 25 by chance"
    assert by_chance(0.3) == "about 1 in 3 by chance"
