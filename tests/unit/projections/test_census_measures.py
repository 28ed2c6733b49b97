"""Years 10-11 flags, own-history comparisons, the FFT leaver rate, the EPI mix."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from projections.census.report import ReportInputs, la_report, school_report
from tests.unit.projections.test_census_spike import (
    INPUTS,
    PEERS,
    YEAR,
    an_exit,
    apply,
    envelope,
    year_11,
)

SCHOOL = "100001"


def a_report(pupil_key: str, urn: str, on: datetime):
    payload = {
        "movement_id": str(uuid.uuid4()),
        "movement_type": "suspected_off_rolling",
        "effective_date": on.date().isoformat(),
        "from_urn": urn,
        "to_urn": None,
        "characteristics": {"year_group": "11"},
    }
    return envelope("movement_recorded", payload, on, pupil_key)


def test_a_suspected_off_rolling_report_makes_that_exit_disputed(db):
    apply(
        db,
        an_exit(SCHOOL, date(2025, 11, 3), pupil_key="pk_a", ground="moved_away"),
        an_exit(SCHOOL, date(2025, 11, 4), pupil_key="pk_b"),
        an_exit(SCHOOL, date(2025, 11, 5), pupil_key="pk_c", ground=None),
        an_exit("100002", date(2025, 11, 5), pupil_key="pk_a"),  # other school
    )
    reported = datetime(2025, 12, 1, tzinfo=UTC)
    apply(db, a_report("pk_a", SCHOOL, reported))
    apply(db, a_report("pk_a", SCHOOL, datetime(2026, 1, 2, tzinfo=UTC)))  # again
    report = school_report(db, INPUTS, SCHOOL, YEAR)
    assert report["reason_mix"] == {
        "stated": 1,
        "disputed": 1,
        "none": 1,
        "unexplained_routes": 0,
    }
    other = school_report(db, INPUTS, "100002", YEAR)
    assert other["reason_mix"]["disputed"] == 0
    earlier = school_report(
        db, INPUTS, SCHOOL, YEAR, known_at=reported.replace(day=1, month=11)
    )
    assert earlier["reason_mix"]["disputed"] == 0  # not yet reported then


def test_years_10_and_11_together_flag_what_neither_shows_alone(db):
    # 4 + 4 exits: below the 5-exit floor in each year group, a spike together.
    apply(
        db, *[an_exit(SCHOOL, date(2025, 12, d), year_group="10") for d in (1, 2, 3, 4)]
    )
    apply(
        db,
        *[an_exit(SCHOOL, date(2025, 12, d), year_group="11") for d in (8, 9, 10, 11)],
    )
    for urn in PEERS:
        apply(db, an_exit(urn, date(2025, 11, 10), year_group="10"))
    report = school_report(db, INPUTS, SCHOOL, YEAR)
    ks4 = report["key_stage_4"]
    assert ks4["year_group"] == "10-11" and ks4["cohort"] == 300
    assert ks4["exits_before_census"] == 8 and ks4["flagged"] and report["flagged"]
    assert "8 exits from Years 10-11 before census" in ks4["reasons"][0]
    for row in report["year_groups"]:
        assert (
            row["flagged"]
            and "part of a flagged Years 10-11 spike" in row["reasons"][0]
        )
    ranked = la_report(db, INPUTS, "801", YEAR)["schools"]
    assert ranked[0]["urn"] == SCHOOL and ranked[0]["reasons"][0] == ks4["reasons"][0]


def test_exits_by_unexplained_routes_are_tested_on_their_own(db):
    # Peers lose pupils to house moves; this school to home education.
    for urn in PEERS:
        apply(db, *[an_exit(urn, date(2025, 11, d)) for d in (3, 4, 5, 6)])
        apply(
            db,
            an_exit(
                urn,
                date(2025, 11, 7),
                kind="elective_home_education",
                ground="elective_home_education",
            ),
        )
    apply(
        db,
        *[
            an_exit(
                SCHOOL,
                date(2025, 12, d),
                kind="elective_home_education",
                ground="elective_home_education",
            )
            for d in range(1, 9)
        ],
    )
    ks4 = school_report(db, INPUTS, SCHOOL, YEAR)["key_stage_4"]
    assert ks4["spike_score"] < 2  # 8 against 5 expected: no spike in all exits
    assert ks4["unexplained_before_census"] == 8
    assert ks4["unexplained"]["spike_score"] == 8.0 and ks4["flagged"]
    assert "home education, managed moves or whereabouts unknown" in ks4["reasons"][0]


def test_each_school_is_compared_with_its_own_earlier_years(db):
    inputs = ReportInputs(
        cohorts=INPUTS.cohorts,
        la_of=INPUTS.la_of,
        earlier_cohorts={
            "2024-25": {SCHOOL: {"11": 100}},
            "2023-24": {SCHOOL: {"11": 100}},
        },
    )
    apply(db, *[an_exit(SCHOOL, date(2024, 10, d)) for d in (1, 2, 3)])
    apply(db, an_exit(SCHOOL, date(2023, 10, 2)))
    apply(db, an_exit(SCHOOL, date(2025, 10, 2)))
    for urn in PEERS:
        apply(db, an_exit(urn, date(2025, 10, 2)), an_exit(urn, date(2025, 10, 3)))
    comparisons = year_11(school_report(db, inputs, SCHOOL, YEAR))["comparisons"]
    assert comparisons == {
        "own_earlier_years": 0.02,
        "la": round(2 / 150, 5),
        "national": round(2 / 150, 5),
    }


def test_the_fft_leaver_rate_follows_one_cohort_from_year_7(db):
    # The cohort in Year 11 in 2025-26 was in Year 7 in 2021-22.
    apply(
        db,
        an_exit(SCHOOL, date(2021, 6, 1), year_group="6"),  # before its Year 7
        an_exit(SCHOOL, date(2021, 10, 1), year_group="7"),
        an_exit(SCHOOL, date(2022, 10, 1), year_group="8"),
        an_exit(SCHOOL, date(2023, 3, 1), year_group="8"),
        an_exit(SCHOOL, date(2023, 10, 1), year_group="8"),  # another cohort
        an_exit(SCHOOL, date(2025, 3, 1), year_group="10"),
        an_exit(SCHOOL, date(2026, 1, 14), year_group="11"),
        an_exit(SCHOOL, date(2026, 2, 1), year_group="11"),  # after the census
    )
    rate = school_report(db, INPUTS, SCHOOL, YEAR)["leaver_rate"]
    assert rate["cohort_year7"] == "2021-22"
    assert (rate["leavers"], rate["year11_cohort"], rate["ever_on_roll"]) == (
        5,
        150,
        155,
    )
    assert rate["rate"] == round(5 / 155, 4) and rate["complete"]
