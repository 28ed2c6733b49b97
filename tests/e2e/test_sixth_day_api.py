"""Sixth-day duties through the API: back-to-back suspensions past five school days
open the school's duty (across a half term too), and the LA's duty after a
permanent exclusion closes only on full-time provision."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.app.bootstrap import Container
from tests.builders import LA_A, SCHOOL_A, random_upn
from tests.conftest import RegisterClock, TokenFactory
from tests.e2e.helpers import movement_body, queued_cases, settled_position
from tests.e2e.test_cases_api import record
from tests.e2e.test_section19_api import a_provider


@pytest.fixture(autouse=True)
def december(clock: RegisterClock) -> None:
    clock.now = datetime(2026, 12, 1, 9, tzinfo=UTC)


def school_cases(client: TestClient, auth: TokenFactory, pupil_key: str) -> list[Any]:
    answer = client.get(
        f"/v1/schools/{SCHOOL_A}/cases", headers=auth("school", urn=SCHOOL_A)
    )
    assert answer.status_code == 200, answer.text
    return [c for c in answer.json()["data"] if c["pupil_key"] == pupil_key]


@pytest.mark.parametrize(
    ("second", "duty_due"),
    [
        ("2026-11-05", "2026-11-09"),  # Mon-Wed, then Thu-Mon: day 6 is Mon 9 Nov
        ("2026-11-06", None),  # a school day between: two runs of three
    ],
)
def test_back_to_back_suspensions_open_the_schools_sixth_day_duty(
    client: TestClient,
    auth: TokenFactory,
    container: Container,
    second: str,
    duty_due: str | None,
) -> None:
    pupil = {"upn": random_upn(), "date_of_birth": "2011-03-14"}
    for day in ("2026-11-02", second):
        recorded = record(
            client,
            auth,
            movement_body("suspension", pupil=pupil, days=3, effective_date=day),
        )
    key = recorded["pupil_key"]

    def duty() -> list[Any]:
        return [
            c
            for c in school_cases(client, auth, key)
            if c["case_type"] == "suspension_sixth_day"
        ]

    settled_position(container)
    if duty_due is None:
        assert duty() == []
        return
    (case,) = duty()
    assert case["next_deadline"]["due"] == duty_due
    assert "s100" in case["next_deadline"]["source"]
    assert case["next_deadline"]["calendar"].startswith("England's default")


def test_a_run_across_half_term_is_one_run(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:
    pupil = {"upn": random_upn(), "date_of_birth": "2011-03-14"}
    for day in ("2026-10-21", "2026-11-02"):  # Wed-Fri, half term, Mon-Wed
        body = movement_body("suspension", pupil=pupil, days=3, effective_date=day)
        recorded = record(client, auth, body)
    settled_position(container)
    (case,) = school_cases(client, auth, recorded["pupil_key"])
    assert case["case_type"] == "suspension_sixth_day"
    assert case["opened_on"] == "2026-10-21"
    assert case["next_deadline"]["due"] == "2026-11-04"  # the sixth school day


@pytest.mark.parametrize(("hours", "met"), [(15, False), (25, True)])
def test_the_las_duty_after_exclusion_closes_only_on_full_time_provision(
    client: TestClient,
    auth: TokenFactory,
    container: Container,
    hours: float,
    met: bool,
) -> None:
    pupil = {"upn": random_upn(), "date_of_birth": "2011-03-14"}
    excluded = record(client, auth, movement_body(
        "permanent_exclusion", pupil=pupil, reason="PA", effective_date="2026-11-02"
    ))  # fmt: skip
    key = excluded["pupil_key"]
    settled_position(container)
    assert queued_cases(client, auth, LA_A, key, case_type="sixth_day_provision")
    provider = a_provider(client, auth, LA_A)
    s19 = {"type": "section19_placement", "pupil": {**pupil, "home_la": LA_A},
           "effective_date": "2026-11-09", "provider_id": provider,
           "hours_per_week": hours}  # fmt: skip
    placed = client.post("/v1/movements", json=s19, headers=auth("la", la=LA_A))
    assert placed.status_code == 201, placed.text

    def duty_open() -> bool:
        return any(
            c["case_type"] == "sixth_day_provision"
            for c in queued_cases(client, auth, LA_A, key)
        )

    settled_position(container)
    assert duty_open() is not met
