"""The LA's register of children not in school as a page: each child with why,
since when and what is owed, linked to the child's story and the duties case;
filters by reason and date; another LA and a school cannot open it."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient

from services.app.bootstrap import Container
from tests.builders import LA_A, SCHOOL_A, random_upn
from tests.e2e.helpers import settled_position
from tests.e2e.test_pages import h1, sign_in

HOME_LA = "873"  # the children live here; no other module's children do
PAGE = "/la/children-not-in-school"


def record(client: TestClient, auth: Any, kind: str, day: date, **facts: Any) -> str:
    body = {"type": kind, "from_urn": SCHOOL_A, "effective_date": day.isoformat(),
            "pupil": {"upn": random_upn(), "date_of_birth": "2013-01-09",
                      "year_group": 8, "home_la": HOME_LA}, **facts}  # fmt: skip
    answer = client.post(
        "/v1/movements", json=body, headers=auth("school", urn=SCHOOL_A)
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["pupil_key"])


def rows(page: str) -> list[str]:
    return re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', page, re.S)[1:]


def test_the_la_works_its_register_from_the_page(
    client: TestClient, container: Container, auth: Any
) -> None:
    today = container.registry.clock().date()
    home_ed = record(client, auth, "elective_home_education", today - timedelta(20))
    part_time = record(client, auth, "part_time_timetable", today - timedelta(3),
                       hours_per_week=12, parental_consent=True,
                       reason_category="medical")  # fmt: skip
    settled_position(container)
    sign_in(client, container, "la", la=HOME_LA)
    page = client.get(PAGE)
    assert page.status_code == 200, page.text
    assert h1(page.text).startswith("Children not in school")
    assert "not yet in force" in page.text  # the voluntary list, said so
    by_child = {k: r for r in rows(page.text) for k in (home_ed, part_time) if k in r}
    assert len(by_child) == 2
    assert "Taken off roll to be educated at home" in by_child[home_ed]
    assert "On no school&#39;s roll" in by_child[home_ed]
    assert "On a part-time timetable" in by_child[part_time]
    assert "Hillside Academy" in by_child[part_time]  # the school it is arranged at
    assert f'href="/children/{home_ed}"' in by_child[home_ed]
    assert re.search(r'href="/cases/[0-9a-f-]{36}">Information owed', by_child[home_ed])
    assert "Overdue" in by_child[home_ed] and "Overdue" not in by_child[part_time]
    assert "placeholder until regulations" in by_child[home_ed]
    # Filters: by reason, and by the day a child came onto the register.
    only = client.get(PAGE, params={"reason": "part_time_timetable"}).text
    assert part_time in only and home_ed not in only
    since = today - timedelta(days=10)
    recent = client.get(PAGE, params={"since-day": since.day,
                                      "since-month": since.month,
                                      "since-year": since.year}).text  # fmt: skip
    assert part_time in recent and home_ed not in recent
    wrong = client.get(PAGE, params={"since-day": 31, "since-month": 2,
                                     "since-year": 2026}).text  # fmt: skip
    assert "There is a problem" in wrong and "Enter a real date" in wrong
    # Each child shown is a logged read of their record.
    assert any(
        e["action"] == "cnis_register" for e in container.access_log.for_pupil(home_ed)
    )


def test_another_la_a_school_and_a_dsl_cannot_open_it(
    client: TestClient, container: Container, auth: Any
) -> None:
    key = record(client, auth, "elective_home_education", date(2026, 9, 7))
    settled_position(container)
    sign_in(client, container, "la", la=LA_A)
    other = client.get(PAGE, params={"la": HOME_LA})
    assert other.status_code == 403 and key not in other.text
    for role, claims in (("school", {"urn": SCHOOL_A}), ("dsl", {"urn": SCHOOL_A})):
        sign_in(client, container, role, **claims)
        refused = client.get(PAGE, params={"la": HOME_LA})
        assert refused.status_code in (401, 403) and key not in refused.text
