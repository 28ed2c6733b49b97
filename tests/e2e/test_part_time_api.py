"""Part-time timetables, flexi-schooling and safeguarding separations through the
API: recorded (never refused for breaking the guidance), judged, alerting for
vulnerable children, and a separation opening the LA's s19 duty."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.app.bootstrap import Container
from tests.builders import LA_A, random_upn
from tests.conftest import RegisterClock, TokenFactory
from tests.e2e.helpers import movement_body, queued_cases, settled_position
from tests.e2e.test_alerts_api import alerts_for
from tests.e2e.test_cases_api import record


@pytest.fixture(autouse=True)
def december(clock: RegisterClock) -> None:
    clock.now = datetime(2026, 12, 1, 9, tzinfo=UTC)


def pupil(**characteristics: Any) -> dict[str, Any]:
    return {"upn": random_upn(), "date_of_birth": "2012-03-14", **characteristics}


def test_a_behaviour_timetable_after_suspension_is_recorded_with_its_concerns(
    client: TestClient, auth: TokenFactory
) -> None:
    child = pupil()
    record(client, auth, movement_body("suspension", pupil=child, days=3,
                                       effective_date="2026-11-02"))  # fmt: skip
    timetable = movement_body(
        "part_time_timetable",
        pupil=child,
        effective_date="2026-11-16",
        hours_per_week=10,
        reason_category="behaviour",
    )
    recorded = record(client, auth, timetable)

    rules = {f["rule"]: f for f in recorded["findings"]}
    assert set(rules) == {
        "part_time.no_parental_agreement",
        "part_time.no_end_date",
        "part_time.no_review_date",
        "part_time.for_behaviour",
        "part_time.after_suspensions",
    }
    assert all(f["severity"] == "concern" for f in rules.values())
    assert "working-together" in rules["part_time.no_end_date"]["citation"]["url"]


def test_a_part_time_timetable_for_a_looked_after_child_alerts(
    client: TestClient, auth: TokenFactory
) -> None:
    body = movement_body(
        "part_time_timetable",
        pupil=pupil(looked_after=True),
        effective_date="2026-11-16",
        hours_per_week=12,
        parental_consent=True,
        end_date="2026-12-18",
        next_review_date="2026-11-30",
        reason_category="medical",
    )
    recorded = record(client, auth, body)
    assert recorded["findings"] == []

    alerts = alerts_for(client, auth("la", la=LA_A), recorded["pupil_key"],
                        rule="vulnerable_child_moved")  # fmt: skip
    assert "vulnerable_child_moved" in [a["rule"] for a in alerts]


def test_flexi_schooling_is_recorded(client: TestClient, auth: TokenFactory) -> None:
    body = movement_body(
        "flexi_schooling",
        pupil=pupil(),
        effective_date="2026-11-16",
        sessions_at_home_per_week=2,
    )
    assert record(client, auth, body)["findings"] == []


def test_a_separation_opens_the_las_s19_duty_and_counts_no_suspension_days(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:
    child = pupil()
    separated = record(client, auth, movement_body(
        "safeguarding_separation", pupil=child, days=40, effective_date="2026-09-14"
    ))  # fmt: skip
    key = separated["pupil_key"]
    settled_position(container)
    (case,) = queued_cases(client, auth, LA_A, key, case_type="separation_education")
    assert case["next_deadline"]["local_practice"] is True
    # 40 days separated and 10 suspended: not past the 45-day suspension cap
    suspended = record(client, auth, movement_body(
        "suspension", pupil=child, days=10, effective_date="2026-11-16"
    ))  # fmt: skip
    assert "suspension.year_limit_45_days" not in [
        f["rule"] for f in suspended["findings"]
    ]


def test_a_part_time_timetable_is_followed_as_a_case_until_full_time_resumes(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:
    body = movement_body(
        "part_time_timetable",
        pupil=pupil(),
        effective_date="2026-11-02",
        hours_per_week=12,
        parental_consent=True,
        end_date="2026-11-27",
        next_review_date="2026-11-16",
        reason_category="medical",
    )
    key = record(client, auth, body)["pupil_key"]
    settled_position(container)
    (case,) = queued_cases(client, auth, LA_A, key, case_type="part_time_arrangement")
    assert case["next_deadline"]["due"] == "2026-11-30"  # 20 school days on
    assert case["overdue"] is True  # today is 1 December: not reviewed
    ended = client.post(
        f"/v1/cases/{case['case_id']}/transitions",
        json={"transition": "end", "decision": "full_time_resumed"},
        headers=auth("school", urn=case["school_urn"]),
    )
    assert ended.status_code == 201, ended.text
    assert ended.json()["state"] == "ended"
