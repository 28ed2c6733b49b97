"""The LA's register of children not in school, drawn from the log: each limb of
s436B condition C puts a child on, each exit takes them off, the home LA holds
them, only the LA sees its own area, and a rebuild gives the same register."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from events.lawfulness import LawInForce
from projections.cnis.register import ChildrenNotInSchool
from projections.rebuild import rebuild
from services.app.bootstrap import Container
from tests.builders import LA_A, LA_C, SCHOOL_A, SCHOOL_B, random_upn
from tests.conftest import TokenFactory
from tests.e2e.helpers import settled_position

PATH = "/v1/la/{la}/children-not-in-school"


def record(client: TestClient, auth: TokenFactory, kind: str, upn: str,
           day: date, **facts: Any) -> dict[str, Any]:  # fmt: skip
    pupil = {"upn": upn, "date_of_birth": "2012-03-14", "year_group": 9}
    pupil.update(facts.pop("pupil", {}))
    body = {"type": kind, "pupil": pupil, "from_urn": SCHOOL_A,
            "effective_date": day.isoformat(), **facts}  # fmt: skip
    answer = client.post(
        "/v1/movements", json=body, headers=auth("school", urn=SCHOOL_A)
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def entries(client: TestClient, auth: TokenFactory, la: str, key: str,
            **params: Any) -> list[dict[str, Any]]:  # fmt: skip
    """This child's entries on the LA's register (other tests' children too are
    in a shared database): every page."""
    found, cursor = [], 0
    while True:
        asked = {"limit": 500, "cursor": cursor, **params}
        page = client.get(PATH.format(la=la), headers=auth("la", la=la), params=asked)
        assert page.status_code == 200, page.text
        body = page.json()
        found += [e for e in body["data"] if e["pupil_key"] == key]
        if body["next_cursor"] is None:
            return found
        cursor = body["next_cursor"]


@pytest.fixture
def today(container: Container) -> date:
    return container.registry.clock().date()


LIMBS = [
    ("elective_home_education", {}, "home_education", "C(a)"),
    ("roll_deletion", {"deletion_ground": "moved_away", "destination_known": False},
     "missing_education", "C(a)"),
    ("part_time_timetable", {"hours_per_week": 12, "parental_consent": True,
                             "reason_category": "medical"},
     "part_time_timetable", "C(b)"),
    ("flexi_schooling", {"sessions_at_home_per_week": 2}, "flexi_schooling", "C(b)"),
    ("off_site_direction", {"to_urn": SCHOOL_B, "days": 10},
     "off_site_direction", "C(b)"),
    ("safeguarding_separation", {"days": 3}, "safeguarding_separation", "C(b)"),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "facts", "reason", "limb"), LIMBS,
                         ids=[r[2] for r in LIMBS])  # fmt: skip
def test_each_limb_puts_a_child_on_and_full_time_registration_takes_them_off(
    client, container, auth, today, kind, facts, reason, limb
) -> None:
    upn = random_upn()
    key = record(client, auth, kind, upn, today - timedelta(days=10), **facts)[
        "pupil_key"
    ]
    settled_position(container)
    (entry,) = entries(client, auth, LA_A, key)
    assert (entry["reason"], entry["limb"]) == (reason, f"s436B condition {limb}")
    assert entry["since"] == (today - timedelta(days=10)).isoformat()
    assert "child_name" in entry["information"]["owed"]
    assert entries(client, auth, LA_A, key, reason=reason) == [entry]
    joined = {"from_urn": None, "to_urn": SCHOOL_B}
    admitted = {"type": "admission", **joined,
                "pupil": {"upn": upn, "date_of_birth": "2012-03-14"},
                "effective_date": (today - timedelta(days=2)).isoformat()}  # fmt: skip
    answer = client.post("/v1/movements", json=admitted,
                         headers=auth("school", urn=SCHOOL_B))  # fmt: skip
    assert answer.status_code == 201, answer.text
    settled_position(container)
    assert entries(client, auth, LA_A, key) == []


def test_an_arrangement_that_runs_out_and_a_withdrawn_movement_leave_the_register(
    client, container, auth, today, clock
) -> None:
    timetable = record(client, auth, "part_time_timetable", random_upn(),
                       today - timedelta(days=5), hours_per_week=15,
                       parental_consent=True, reason_category="medical",
                       end_date=(today + timedelta(days=20)).isoformat())  # fmt: skip
    home_ed = record(client, auth, "elective_home_education", random_upn(),
                     today - timedelta(days=5))  # fmt: skip
    settled_position(container)
    assert len(entries(client, auth, LA_A, timetable["pupil_key"])) == 1
    withdrawn = client.post(
        f"/v1/pupils/{home_ed['pupil_key']}/movements/{home_ed['movement_id']}"
        "/withdrawal", json={"reason_code": "data_entry_error"},
        headers=auth("school", urn=SCHOOL_A),
    )  # fmt: skip
    assert withdrawn.status_code == 201, withdrawn.text
    settled_position(container)
    assert entries(client, auth, LA_A, home_ed["pupil_key"]) == []
    clock.now = container.registry.clock() + timedelta(days=21)
    assert entries(client, auth, LA_A, timetable["pupil_key"]) == []
    clock.now = None


def test_the_home_la_holds_the_child_and_a_move_hands_them_over(
    client, container, auth, today
) -> None:
    upn = random_upn()
    flexi = record(client, auth, "flexi_schooling", upn, today - timedelta(days=9),
                   sessions_at_home_per_week=2, pupil={"home_la": LA_C})  # fmt: skip
    key = flexi["pupil_key"]
    settled_position(container)
    assert entries(client, auth, LA_A, key) == []  # lives in 202, not 801
    (entry,) = entries(client, auth, LA_C, key)
    assert entry["handed_from_la"] is None
    record(client, auth, "suspension", upn, today - timedelta(days=3), reason=["DB"],
           days=1, pupil={"home_la": "330"})  # fmt: skip
    settled_position(container)
    assert entries(client, auth, LA_C, key) == []
    (moved,) = entries(client, auth, "330", key)
    assert moved["handed_from_la"] == LA_C


def test_past_compulsory_school_age_leaves_the_register(
    client, container, auth, today, clock
) -> None:
    home_ed = record(client, auth, "elective_home_education", random_upn(),
                     today - timedelta(days=3), pupil={"year_group": 11})  # fmt: skip
    key = home_ed["pupil_key"]
    settled_position(container)
    (entry,) = entries(client, auth, LA_A, key)
    ends = date.fromisoformat(entry["compulsory_school_age_until"])
    assert ends.month == 6 and ends.weekday() == 4  # the last Friday in June
    clock.now = container.registry.clock() + (ends - today) + timedelta(days=1)
    assert entries(client, auth, LA_A, key) == []
    clock.now = None


@pytest.mark.parametrize(
    ("role", "claims"),
    [("school", {"urn": SCHOOL_A}), ("la", {"la": LA_C}), ("dsl", {"urn": SCHOOL_A}),
     ("dsl", {"la": LA_A}), ("statistician", {}), ("vsh", {"la": LA_A}),
     ("subject", {"pupil_key": "pk_x"})],
)  # fmt: skip
def test_only_the_la_reads_its_own_register(client, auth, role, claims) -> None:
    answer = client.get(PATH.format(la=LA_A), headers=auth(role, **claims))
    assert answer.status_code == 403
    assert answer.headers["content-type"].startswith("application/problem+json")


def test_before_commencement_it_is_the_las_voluntary_list(
    client, container, auth
) -> None:
    listed = client.get(PATH.format(la=LA_A), headers=auth("la", la=LA_A)).json()
    assert listed["basis"] == "voluntary_list"
    law = container.registry.law
    container.registry.law = LawInForce.with_overrides(
        {"cwsa_2026_s38_cnis_register": date(2026, 9, 1)}
    )
    try:
        listed = client.get(PATH.format(la=LA_A), headers=auth("la", la=LA_A)).json()
        assert listed["basis"] == "statutory_register"
    finally:
        container.registry.law = law
    unknown = client.get(PATH.format(la=LA_A), headers=auth("la", la=LA_A),
                         params={"reason": "holiday"})  # fmt: skip
    assert unknown.status_code == 422 and "reason" in unknown.text


def test_a_rebuild_gives_the_same_register(client, container, auth, today) -> None:
    upn = random_upn()
    key = record(client, auth, "elective_home_education", upn,
                 today - timedelta(days=4))["pupil_key"]  # fmt: skip
    settled_position(container)
    before = entries(client, auth, LA_A, key)
    rows = container.db.query("SELECT * FROM cnis_entries ORDER BY movement_id")
    rebuild(container.registry, container.db, ChildrenNotInSchool)
    assert container.db.query("SELECT * FROM cnis_entries ORDER BY movement_id") == rows
    assert entries(client, auth, LA_A, key) == before


def test_the_duties_case_opens_tracks_update_requests_and_closes(
    client, container, auth, today
) -> None:
    """Home education opens the register's duties case for the LA; its deadlines
    are unverified data with sources; an update asked for within 3 months of the
    last is recorded, marked as sooner than the Act allows; admission closes it."""
    upn = random_upn()
    key = record(client, auth, "elective_home_education", upn,
                 today - timedelta(days=30))["pupil_key"]  # fmt: skip
    settled_position(container)
    la = auth("la", la=LA_A)
    queue = client.get(
        f"/v1/la/{LA_A}/queue",
        headers=la,
        params={"type": "children_not_in_school", "limit": 500},
    )
    (case,) = [c for c in queue.json()["data"] if c["pupil_key"] == key]
    assert case["state"] == "information_owed"
    deadline = case["next_deadline"]
    assert deadline["verified"] is False and "s436D" in deadline["source"]
    assert deadline["due"] == (today - timedelta(days=15)).isoformat()
    assert case["overdue"] is True  # 15 days passed with nothing given

    def move(name: str, on: date) -> Any:
        answer = client.post(
            f"/v1/cases/{case['case_id']}/transitions",
            headers=la,
            json={"transition": name, "decided_on": on.isoformat()},
        )
        assert answer.status_code == 201, answer.text
        settled_position(container)
        return answer.json()

    move("parent_information_supplied", today - timedelta(days=20))
    move("update_requested", today - timedelta(days=10))
    move("update_received", today - timedelta(days=5))
    move("update_requested", today)
    steps = client.get(f"/v1/cases/{case['case_id']}", headers=la).json()["steps"]
    asked = [s["decision"] for s in steps if s["transition"] == "update_requested"]
    assert asked == ["within_three_months_rule", "sooner_than_three_months"]
    joined = {"type": "admission", "from_urn": None, "to_urn": SCHOOL_B,
              "pupil": {"upn": upn, "date_of_birth": "2012-03-14"},
              "effective_date": today.isoformat()}  # fmt: skip
    assert (
        client.post(
            "/v1/movements", json=joined, headers=auth("school", urn=SCHOOL_B)
        ).status_code
        == 201
    )
    settled_position(container)
    closed = client.get(f"/v1/cases/{case['case_id']}", headers=la).json()
    assert closed["state"] == "left_register" and closed["terminal"] is True
