"""School days counted on the real calendar, through the API: the law review's three
reproduced cases, and boundaries either side of a half term, Easter and a bank
holiday (law-review-2026-12 §1.2)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.app.bootstrap import Container
from tests.builders import SCHOOL_A, random_upn
from tests.conftest import RegisterClock, TokenFactory
from tests.e2e.helpers import assert_problem, movement_body

COMMUNITY = "100005"  # a community school in LA 801 (tests/fixtures/gias_sample.csv)
CAMDEN, CAMDEN_SCHOOL = "202", "100003"  # no other test loads term dates here
BEFORE = "exclusion.deleted_before_review_concluded"
DEFAULT_ONLY = "exclusion.review_window_on_default_calendar"


@pytest.fixture(autouse=True)
def december(clock: RegisterClock) -> None:
    clock.now = datetime(2026, 12, 1, 9, tzinfo=UTC)


class Child:
    """One child's record, written through the API as school A or another."""

    def __init__(
        self, client: TestClient, auth: TokenFactory, urn: str = SCHOOL_A
    ) -> None:
        self.client, self.auth, self.urn = client, auth, urn
        self.pupil = {"upn": random_upn(), "date_of_birth": "2011-03-14"}

    def post(self, kind: str, urn: str | None = None, **fields: Any) -> dict[str, Any]:
        urn = urn or self.urn
        body = movement_body(kind, pupil=self.pupil, from_urn=urn, **fields)
        response = self.client.post(
            "/v1/movements", json=body, headers=self.auth("school", urn=urn)
        )
        assert response.status_code == 201, response.text
        result: dict[str, Any] = response.json()
        return result

    def step(self, movement: dict[str, Any], **fields: Any) -> Any:
        return self.client.post(
            f"/v1/pupils/{movement['pupil_key']}/steps",
            json={"movement_id": movement["movement_id"], **fields},
            headers=self.auth("school", urn=self.urn),
        )

    def excluded_and_upheld(self, decided: str, **notice: Any) -> None:
        excluded = self.post("permanent_exclusion", effective_date="2026-10-05")
        response = self.step(
            excluded,
            step="governors_decision",
            decided_on=decided,
            outcome="upheld",
            **notice,
        )
        assert response.status_code == 201, response.text

    def deleted_on(self, day: str) -> dict[str, str]:
        recorded = self.post(
            "roll_deletion", deletion_ground="permanently_excluded", effective_date=day
        )
        return {f["rule"]: f["message"] for f in recorded["findings"]}


def test_a_deletion_inside_the_window_the_half_term_lengthens_is_a_breach(
    client: TestClient, auth: TokenFactory
) -> None:
    """Decision and notice Fri 16 Oct 2026: the window runs to 13 Nov, not 6 Nov."""
    for day, breach in (("2026-11-09", True), ("2026-11-13", True)):
        child = Child(client, auth)
        child.excluded_and_upheld("2026-10-16", notice_given_on="2026-10-16")
        found = child.deleted_on(day)
        assert (BEFORE in found) is breach, found
        assert "2026-11-13" in found[BEFORE]
        assert "counted on England's default calendar" in found[BEFORE]
    child = Child(client, auth)
    child.excluded_and_upheld("2026-10-16", notice_given_on="2026-10-16")
    found = child.deleted_on("2026-11-16")
    assert BEFORE not in found and DEFAULT_ONLY in found  # fail safe: it says so


@pytest.fixture
def camden_terms(container: Container) -> Iterator[None]:
    """Term dates are reference data shared by the PostgreSQL tests: take them out."""
    yield
    with container.db.transaction() as cur:
        cur.execute("DELETE FROM la_term_dates WHERE la_code = ?", (CAMDEN,))
        cur.execute("DELETE FROM school_term_dates WHERE urn = ?", (CAMDEN_SCHOOL,))


@pytest.mark.usefixtures("camden_terms")
def test_the_las_term_dates_count_and_a_schools_own_stand_before_them(
    client: TestClient, auth: TokenFactory
) -> None:
    terms = {"terms": [{"start": "2026-09-02", "end": "2026-10-23"},
                       {"start": "2026-11-09", "end": "2026-12-18"}]}  # fmt: skip
    put = client.put(
        f"/v1/la/{CAMDEN}/term-dates/2026-27", json=terms, headers=auth("la", la=CAMDEN)
    )
    assert put.status_code == 200, put.text
    child = Child(client, auth, CAMDEN_SCHOOL)
    child.excluded_and_upheld("2026-10-16", notice_given_on="2026-10-16")
    found = child.deleted_on("2026-11-19")  # two weeks off: window ends 20 Nov
    assert "2026-11-20" in found[BEFORE] and "LA 202's term dates" in found[BEFORE]

    own = {"terms": [{"start": "2026-09-02", "end": "2026-12-18"}]}  # no half term
    put = client.put(
        f"/v1/schools/{CAMDEN_SCHOOL}/term-dates/2026-27",
        json=own,
        headers=auth("school", urn=CAMDEN_SCHOOL),
    )
    assert put.status_code == 200, put.text
    child = Child(client, auth, CAMDEN_SCHOOL)
    child.excluded_and_upheld("2026-10-16", notice_given_on="2026-10-16")
    found = child.deleted_on("2026-11-09")  # its window ended 6 Nov
    assert BEFORE not in found and DEFAULT_ONLY not in found
    other = client.put(
        f"/v1/schools/{CAMDEN_SCHOOL}/term-dates/2026-27",
        json=own,
        headers=auth("school", urn=SCHOOL_A),
    )
    assert other.status_code == 403


def test_a_posted_notice_starts_the_window_two_working_days_later(
    client: TestClient, auth: TokenFactory
) -> None:
    """Posted Thu 15 Oct: deemed given Mon 19 Oct, so the window runs to 16 Nov."""
    posted = {"notice_given_on": "2026-10-15", "notice_by_post": True}
    for day, breach in (("2026-11-16", True), ("2026-11-17", False)):
        child = Child(client, auth)
        child.excluded_and_upheld("2026-10-14", **posted)
        assert (BEFORE in child.deleted_on(day)) is breach
    child = Child(client, auth)
    child.excluded_and_upheld("2026-10-14", notice_given_on="2026-10-15")
    assert BEFORE not in child.deleted_on("2026-11-13")  # by hand: ended 12 Nov


def test_a_waiver_before_the_boards_decision_does_not_make_a_deletion_lawful(
    client: TestClient, auth: TokenFactory
) -> None:
    child = Child(client, auth)
    excluded = child.post("permanent_exclusion", effective_date="2026-10-05")
    waived = child.step(excluded, step="review_waived", decided_on="2026-10-06")
    assert waived.status_code == 201, waived.text

    found = child.deleted_on("2026-10-07")

    assert "no governing board decision" in found[BEFORE]


@pytest.mark.parametrize(
    ("fields", "field", "rule"),
    [
        ({"notice_by_post": True}, "notice_given_on", "notice_date_required"),
        (
            {"notice_given_on": "2026-10-15"},
            "notice_given_on",
            "notice_before_decision",
        ),
        ({"notice_given_on": "2026-12-02"}, "notice_given_on", "notice_in_future"),
    ],
)
def test_a_notice_that_cannot_be_true_is_refused(
    client: TestClient,
    auth: TokenFactory,
    fields: dict[str, Any],
    field: str,
    rule: str,
) -> None:
    child = Child(client, auth)
    excluded = child.post("permanent_exclusion", effective_date="2026-10-05")
    response = child.step(
        excluded,
        step="governors_decision",
        decided_on="2026-10-16",
        outcome="upheld",
        **fields,
    )
    assert_problem(response, 422, field, rule)


def test_notice_on_a_step_that_gives_none_is_refused(
    client: TestClient, auth: TokenFactory
) -> None:
    child = Child(client, auth)
    excluded = child.post("permanent_exclusion", effective_date="2026-10-05")
    response = child.step(
        excluded,
        step="review_waived",
        decided_on="2026-10-20",
        notice_given_on="2026-10-20",
    )
    assert_problem(response, 422, "notice_given_on", "field_not_applicable")


@pytest.mark.parametrize(
    ("notice", "start", "late"),
    [
        ("2026-10-23", "2026-11-02", True),  # Friday before half term: one day
        ("2026-10-22", "2026-11-02", False),  # Thursday: two
        ("2026-05-01", "2026-05-05", True),  # Friday before the May bank holiday
        ("2026-04-30", "2026-05-05", False),
        ("2026-03-27", "2026-04-13", True),  # last day before the Easter holidays
        ("2026-03-26", "2026-04-13", False),
    ],
)
def test_off_site_notice_counts_school_days_over_holidays(
    client: TestClient, auth: TokenFactory, notice: str, start: str, late: bool
) -> None:
    child = Child(client, auth)
    recorded = child.post(
        "off_site_direction",
        urn=COMMUNITY,
        days=10,
        notice_date=notice,
        effective_date=start,
    )
    rules = [f["rule"] for f in recorded["findings"]]
    assert ("off_site.notice_late" in rules) is late


@pytest.mark.parametrize(
    ("second", "crosses"),
    [("2026-04-01", True), ("2026-04-14", False)],  # Easter Day 2026: 5 April
)
def test_the_spring_term_ends_at_easter_for_the_term_thresholds(
    client: TestClient, auth: TokenFactory, second: str, crosses: bool
) -> None:
    child = Child(client, auth)
    child.post("suspension", days=10, effective_date="2026-03-02")
    recorded = child.post("suspension", days=6, effective_date=second)
    rules = [f["rule"] for f in recorded["findings"]]
    assert ("suspension.term_over_15_days" in rules) is crosses


def test_an_academys_off_site_direction_is_judged_from_26_july_2026(
    client: TestClient, auth: TokenFactory
) -> None:
    before = Child(client, auth).post(
        "off_site_direction",
        days=5,
        notice_date="2026-07-01",
        effective_date="2026-07-02",
    )
    after = Child(client, auth).post(
        "off_site_direction",
        days=5,
        notice_date="2026-09-09",
        effective_date="2026-09-10",
    )
    assert "off_site.notice_late" not in [f["rule"] for f in before["findings"]]
    assert "off_site.notice_late" in [f["rule"] for f in after["findings"]]
