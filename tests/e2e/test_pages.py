"""The web pages in process, on every route and state: headings, labels, error
summaries linked to their fields, empty states, error pages, scopes, CSRF, audit
and security headers. The browser journeys are in tests/browser."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.access.tokens import Role, issue_token
from services.app.bootstrap import Container
from services.documents.words import day_in_words
from services.web.pages import SESSION_COOKIE
from tests.builders import LA_A, SCHOOL_A, SCHOOL_B, random_upn
from tests.e2e.helpers import settled_position

QUIET_LA = "936"  # no test records anything here: its queue is empty


def sign_in(client: TestClient, container: Container, role: str, **claims: str) -> None:
    token = issue_token(container.settings.jwt_secret, Role(role), **claims)
    client.cookies.set(SESSION_COOKIE, token)


def csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "the form carries a CSRF token"
    return found.group(1)


def h1(page: str) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert found
    return re.sub(r"<[^>]+>|\s+", " ", found.group(1)).strip()


def error_links(page: str) -> list[str]:
    summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    return re.findall(r'href="(#[^"]+)"', summary.group(1)) if summary else []


def notify_form(upn: str, **fields: str) -> dict[str, str]:
    form = {
        "upn": upn,
        "date_of_birth-day": "14",
        "date_of_birth-month": "3",
        "date_of_birth-year": "2011",
        "year_group": "10",
        "effective_date-day": "12",
        "effective_date-month": "1",
        "effective_date-year": "2026",
        "to_urn": SCHOOL_B,
    }
    form.update(fields)
    return form


def report_off_rolling(client: TestClient, auth: Any) -> Any:
    """The LA reports suspected off-rolling at school A: an alert to its DSL."""
    report = {
        "type": "suspected_off_rolling",
        "from_urn": SCHOOL_A,
        "pupil": {"upn": random_upn(), "date_of_birth": "2010-03-14"},
        "effective_date": "2026-01-12",
    }
    posted = client.post("/v1/movements", json=report, headers=auth("la", la=LA_A))
    assert posted.status_code == 201, posted.text
    return posted


def notify(client: TestClient, **fields: str):
    """Answer a type's question page and record it (the check page is skipped:
    tests/e2e/test_school_form.py goes through it)."""
    kind = fields.pop("type", "managed_move")
    path = f"/school/notify/{kind}"
    page = client.get(path)
    upn = fields.pop("upn", random_upn())
    if "reason" in fields:
        fields["reason_1"] = fields.pop("reason")
    answers = {k: v for k, v in notify_form(upn, **fields).items() if v}
    return client.post(
        path, data={"csrf_token": csrf(page.text), "action": "record", **answers}
    )


def test_the_start_page_explains_the_service_and_links_to_sign_in(client) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert h1(page.text) == "Pupil movement register"
    assert 'href="/sign-in"' in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'self'")
    assert page.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize(
    "path",
    ["/school", "/school/notify", "/la/queue", "/alerts", "/me", "/statistics",
     "/cases/00000000-0000-0000-0000-000000000000"],
)  # fmt: skip
def test_pages_need_a_session(client, path: str) -> None:
    answer = client.get(path, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/sign-in"


def test_sign_in_refuses_a_bad_token_with_a_linked_error(client) -> None:
    page = client.post("/sign-in", data={"token": "not-a-token"})
    assert page.status_code == 400
    assert error_links(page.text) == ["#token"]
    assert 'id="token"' in page.text and "<label" in page.text


def test_development_sign_in_sets_a_strict_http_only_cookie(client) -> None:
    answer = client.post(
        "/sign-in", data={"role": "la", "scope": LA_A}, follow_redirects=False
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/la/queue"
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    missing = client.post("/sign-in", data={"role": "school", "scope": ""})
    assert missing.status_code == 400 and error_links(missing.text) == ["#scope"]


def test_an_operator_lands_on_the_las_and_opens_one(client) -> None:
    answer = client.post(
        "/sign-in", data={"role": "admin", "scope": ""}, follow_redirects=False
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/admin"
    landing = client.get("/admin")
    assert landing.status_code == 200 and h1(landing.text) == "Local authorities"
    assert "Bristol, City of (801)" in landing.text
    queue = client.get(f"/la/queue?la={LA_A}")
    assert queue.status_code == 200 and "Bristol, City of" in queue.text
    assert f'name="la" value="{LA_A}"' in queue.text  # filtering keeps the LA


def test_a_page_outside_the_role_is_a_403_page(client, container) -> None:
    sign_in(client, container, "school", urn=SCHOOL_A)
    page = client.get("/la/queue")
    assert page.status_code == 403
    assert h1(page.text) == "You cannot see this page"


def test_notify_shows_errors_linked_to_their_fields_and_stores_nothing(
    client, container
) -> None:
    sign_in(client, container, "school", urn=SCHOOL_A)
    before = container.registry.max_position()
    bad_upn = notify(client, upn="A80120000000X")
    assert bad_upn.status_code == 400 and error_links(bad_upn.text) == ["#upn"]
    assert 'value="A80120000000X"' in bad_upn.text  # what was typed is kept
    assert container.registry.max_position() == before


def test_a_form_without_its_csrf_token_is_refused(client, container) -> None:
    sign_in(client, container, "school", urn=SCHOOL_A)
    before = container.registry.max_position()
    answer = client.post(
        "/school/notify/managed_move",
        data={"action": "record", **notify_form(random_upn())},
    )
    assert answer.status_code == 403
    assert container.registry.max_position() == before


def test_notify_records_through_the_api_path_and_shows_findings(
    client, container
) -> None:
    sign_in(client, container, "school", urn=SCHOOL_A)
    done = notify(client)
    assert done.status_code == 201, done.text
    assert h1(done.text) == "Movement recorded"
    # A suspension of 50 days in one go breaks the 45-day limit: recorded, named.
    unlawful = notify(client, type="suspension", reason="DB", days="50", to_urn="")
    assert unlawful.status_code == 201, unlawful.text
    assert "may not be lawful" in unlawful.text
    assert "45" in unlawful.text


def test_a_school_records_a_part_time_timetable_on_the_form(client, container) -> None:
    sign_in(client, container, "school", urn=SCHOOL_A)
    page = client.get("/school/notify")
    assert 'value="part_time_timetable"' in page.text
    assert h1(client.get("/school/notify/part_time_timetable").text) == (
        "A part-time timetable"
    )
    recorded = notify(client, type="part_time_timetable", to_urn="",
                      hours_per_week="12", parental_consent="no",
                      reason_category="behaviour")  # fmt: skip
    assert recorded.status_code == 201, recorded.text
    assert "may not be lawful" in recorded.text
    assert "parent" in recorded.text and "behaviour" in recorded.text
    missing = notify(client, type="part_time_timetable", to_urn="")
    assert missing.status_code == 400
    assert error_links(missing.text) == ["#hours_per_week"]


def test_the_la_works_a_case_from_its_queue(client, container) -> None:
    sign_in(client, container, "school", urn=SCHOOL_A)
    assert notify(client).status_code == 201
    settled_position(container)
    sign_in(client, container, "la", la=LA_A)
    queue = client.get("/la/queue?type=managed_move")
    assert queue.status_code == 200 and h1(queue.text).startswith("Cases to work")
    assert 'value="outcome_review"' in queue.text  # the state filter's choices
    case_path = re.findall(r'href="(/cases/[0-9a-f-]{36})"', queue.text)[-1]
    state = client.get(case_path).text
    in_review = "/la/queue?type=managed_move&state=outcome_review"
    proposed = "/la/queue?type=managed_move&state=proposed"
    assert "Outcome review" in state  # a move that has happened waits for review
    assert case_path in client.get(in_review).text
    assert case_path not in client.get(proposed).text
    case = client.get(case_path)
    assert case.status_code == 200
    assert "<svg" in case.text and "Timeline of this child" in case.text
    assert "Review outcome: successful" in case.text
    empty = client.post(case_path, data={"csrf_token": csrf(case.text)})
    assert empty.status_code == 400 and error_links(empty.text) == ["#transition"]
    choice = {"csrf_token": csrf(case.text), "transition": "review_outcome:successful"}
    check = client.post(case_path, data=choice)
    assert check.status_code == 200
    assert h1(check.text) == "Check before you close the case"
    assert "Review outcome: successful" in check.text
    unchanged = client.get(case_path)
    assert "This case is closed." not in unchanged.text  # nothing recorded yet
    why = {"rationale": "Both schools and the parents agreed"}
    moved = client.post(case_path, data={**choice, **why, "confirmed": "yes"})
    assert moved.status_code == 200, moved.text  # after the redirect
    assert "Both schools and the parents agreed" in moved.text  # the step's reason
    assert "This case is closed." in moved.text and "successful" in moved.text
    assert "Decision recorded. The case is now reviewed and closed." in moved.text


def test_an_officer_takes_a_case_and_finds_it_under_my_cases(client, container) -> None:
    sign_in(client, container, "school", urn=SCHOOL_A)
    assert notify(client).status_code == 201
    settled_position(container)
    sign_in(client, container, "la", la=LA_A, sub="officer-17")
    queue = client.get(f"/la/queue?type=managed_move&school={SCHOOL_A}")
    assert queue.status_code == 200 and "Hillside Academy" in queue.text
    case_path = re.findall(r'href="(/cases/[0-9a-f-]{36})"', queue.text)[-1]
    case = client.get(case_path)
    taken = client.post(
        f"{case_path}/assignment", data={"csrf_token": csrf(case.text), "take": "yes"}
    )
    assert taken.status_code == 200 and "You have taken this case." in taken.text
    mine = client.get("/la/queue?assignee=me")
    assert case_path in mine.text and "My cases" in mine.text
    back = client.post(
        f"{case_path}/assignment", data={"csrf_token": csrf(case.text), "take": "no"}
    )
    assert "The case is back in the queue." in back.text
    assert case_path not in client.get("/la/queue?assignee=me").text


def test_the_la_ranks_its_schools_and_opens_each_chart(client, container) -> None:
    sign_in(client, container, "school", urn=SCHOOL_A)
    deletion = notify(client, type="roll_deletion", deletion_ground="moved_away",
                      to_urn="", year_group="11")  # fmt: skip
    assert deletion.status_code == 201, deletion.text
    settled_position(container)
    sign_in(client, container, "la", la=LA_A)
    ranking = client.get("/la/census?academic_year=2025-26")
    assert ranking.status_code == 200
    link = f"/schools/{SCHOOL_A}/census?academic_year=2025-26"
    assert f'href="{link}"' in ranking.text and "Hillside Academy" in ranking.text
    chart = client.get(link)
    assert chart.status_code == 200 and "Hillside Academy" in chart.text


def test_an_empty_queue_says_so(client, container) -> None:
    sign_in(client, container, "la", la=QUIET_LA)
    page = client.get("/la/queue")
    assert page.status_code == 200 and "There are no open cases" in page.text
    assert "No exits are recorded" in client.get("/la/census").text
    findings = client.get("/la/findings")
    assert findings.status_code == 200 and "There are no open findings" in findings.text


def test_a_dsl_acknowledges_and_closes_an_alert(client, container, auth) -> None:
    report_off_rolling(client, auth)
    settled_position(container)
    sign_in(client, container, "dsl", urn=SCHOOL_A)
    inbox = client.get("/alerts?status=open")
    assert inbox.status_code == 200 and h1(inbox.text) == "Alerts"
    path = re.findall(r'href="(/alerts/[0-9a-f-]{36})"', inbox.text)[0]
    alert = client.get(path)
    assert alert.status_code == 200
    acknowledged = client.post(
        path, data={"csrf_token": csrf(alert.text), "action": "acknowledge"}
    )
    assert acknowledged.status_code == 200 and "acknowledge" in acknowledged.text
    no_outcome = client.post(
        path, data={"csrf_token": csrf(alert.text), "action": "resolve"}
    )
    assert no_outcome.status_code == 400 and error_links(no_outcome.text) == [
        "#outcome"
    ]
    closed = client.post(
        path,
        data={"csrf_token": csrf(alert.text), "action": "resolve",
              "outcome": "in_education"},
    )  # fmt: skip
    assert closed.status_code == 200 and "in education" in closed.text


def test_a_dsl_snoozes_an_acknowledged_alert_to_a_date_within_30_days(
    client, container, auth, clock
) -> None:
    posted = report_off_rolling(client, auth)
    settled_position(container)
    sign_in(client, container, "dsl", urn=SCHOOL_A)
    inbox = client.get("/alerts")  # open alerts unless asked otherwise
    assert 'href="/alerts?status=open" aria-current="page"' in inbox.text
    mine = client.get(  # this child's (the database may hold other tests' alerts)
        "/v1/alerts", params={"rule": "off_rolling_report", "limit": 500},
        headers=auth("dsl", urn=SCHOOL_A),
    ).json()["data"]  # fmt: skip
    (alert_id,) = [
        a["alert_id"] for a in mine if a["pupil_key"] == posted.json()["pupil_key"]
    ]
    path = f"/alerts/{alert_id}"
    page = client.get(path)
    assert "What it was raised on" in page.text
    assert "Suspected off rolling at Hillside Academy, 12 January 2026" in page.text
    assert "Why the register raises this alert" in page.text
    raised = re.findall(r"Raised\s*</dt>\s*<dd[^>]*>\s*([^<]*?)\s*</dd>", page.text)
    in_words = r"\d{1,2} [A-Z][a-z]+ \d{4}, (\d{1,2}(:\d\d)?[ap]m|midday|midnight)"
    assert re.fullmatch(in_words, raised[0])
    token = csrf(page.text)
    client.post(path, data={"csrf_token": token, "action": "acknowledge"})
    today = container.registry.clock().date()

    def snooze(day: date) -> Any:
        return client.post(path, data={
            "csrf_token": token, "action": "snooze", "reason": "meeting on Monday",
            "until-day": str(day.day), "until-month": str(day.month),
            "until-year": str(day.year)})  # fmt: skip

    too_far = snooze(today + timedelta(days=60))
    assert too_far.status_code == 400 and error_links(too_far.text) == ["#until-day"]
    assert "at most 30 days" in too_far.text
    week = today + timedelta(days=7)
    snoozed = snooze(week)
    assert snoozed.status_code == 200, snoozed.text
    assert f"Snoozed until {week.day} {week:%B %Y}, 8am" in snoozed.text
    listed = client.get("/alerts?status=snoozed")
    assert path in listed.text and path not in client.get("/alerts").text


def test_the_family_sees_the_record_in_words_and_who_looked(
    client, container, auth
) -> None:
    sign_in(client, container, "school", urn=SCHOOL_A)
    upn = random_upn()
    noted = notify(client, upn=upn, notes="Agreed with mum at the meeting")
    assert noted.status_code == 201
    settled_position(container)
    key = container.vault.find(upn)
    assert key is not None
    history = client.get(f"/v1/pupils/{key}/history", headers=auth("la", la=LA_A))
    assert history.status_code == 200
    client.cookies.clear()
    sign_in(client, container, "subject", pupil_key=key)
    page = client.get("/me")
    assert page.status_code == 200
    assert "moved by agreement (managed move) from Hillside Academy" in page.text
    read_on = day_in_words(container.registry.clock())  # the register's today
    assert re.search(  # the LA's read of the history, in a sentence
        r"The local authority \(Bristol, City of\) read your child&#39;s movements "
        rf"on {read_on}, [^,]+, as part of the work the law gives them",
        page.text,
    ), page.text
    assert re.search(
        r"Written by Hillside Academy when recording: \d+ January 2026: moved by "
        r"agreement.*?</span>Agreed with mum at the meeting</li>",
        page.text,
        re.S,
    )
    export = client.get("/me/export")
    assert export.status_code == 200 and "<h1>" in export.text


def test_a_statistician_reads_the_table_and_downloads_csv(client, container) -> None:
    sign_in(client, container, "statistician")
    page = client.get("/statistics?academic_year=2025-26&level=national")
    assert page.status_code == 200 and "Exits around the January census" in h1(
        page.text
    )
    csv = client.get("/statistics/census-exits.csv?academic_year=2025-26")
    assert csv.status_code == 200
    assert csv.headers["content-type"].startswith("text/csv")


def test_a_school_reads_its_census_chart_and_its_cases(client, container) -> None:
    sign_in(client, container, "school", urn=SCHOOL_A)
    own = client.get("/school/census", follow_redirects=False)
    assert own.headers["location"] == f"/schools/{SCHOOL_A}/census"
    chart = client.get(f"/schools/{SCHOOL_A}/census?academic_year=2025-26")
    assert chart.status_code == 200 and "<svg" in chart.text and "<table" in chart.text
    assert client.get("/schools/100003/census").status_code == 403  # not ours
    cases = client.get("/school/cases")
    assert cases.status_code == 200 and h1(cases.text) == "Your pupils' cases"


def test_the_front_end_is_served_from_the_app_not_a_cdn(client) -> None:
    page = client.get("/sign-in").text
    referenced = re.findall(r'(?:href|src)="([^"]+\.(?:css|js|mjs))"', page)
    assert referenced and all(ref.startswith("/") for ref in referenced)
    for ref in referenced:
        assert client.get(ref).status_code == 200, ref
    css = client.get("/frontend/govuk/govuk-frontend.min.css").text
    for font in re.findall(r"url\((/assets/[^)]+)\)", css)[:3]:
        assert client.get(font).status_code == 200, font


def test_queue_and_inbox_pages_page_on(client, container, auth, monkeypatch) -> None:
    from services.web import alerts as alert_pages
    from services.web import la as la_pages

    monkeypatch.setattr(la_pages, "PAGE", 1)
    monkeypatch.setattr(alert_pages, "PAGE", 1)
    sign_in(client, container, "school", urn=SCHOOL_A)
    for _ in range(2):
        assert notify(client).status_code == 201
    for _ in range(2):
        report_off_rolling(client, auth)
    settled_position(container)
    for start, person in (
        ("/la/queue?type=managed_move", ("la", {"la": LA_A})),
        ("/alerts?status=open", ("dsl", {"urn": SCHOOL_A})),
    ):
        sign_in(client, container, person[0], **person[1])
        first = client.get(start)
        links = re.findall(r'href="(/(?:cases|alerts)/[0-9a-f-]{36})"', first.text)
        assert len(links) == 1, start
        following = re.search(r'href="([^"]+cursor=[^"]+)"', first.text)
        assert following, "a link to the next page"
        second = client.get(following.group(1).replace("&amp;", "&"))
        assert second.status_code == 200
        more = re.findall(r'href="(/(?:cases|alerts)/[0-9a-f-]{36})"', second.text)
        assert more and more[0] != links[0]
        hostile = client.get(start + "&cursor=%27%20OR%201=1")
        assert hostile.status_code == 200  # a cursor that is not a number is ignored


def test_a_dsl_filters_the_inbox_and_acknowledges_several_at_once(
    client, container, auth
) -> None:
    children = set()
    for _ in range(3):
        posted = report_off_rolling(client, auth)
        children.add(posted.json()["pupil_key"])
    settled_position(container)
    mine = [  # the database may hold other tests' alerts
        a["alert_id"]
        for a in client.get(
            "/v1/alerts", params={"rule": "off_rolling_report", "limit": 500},
            headers=auth("dsl", urn=SCHOOL_A),
        ).json()["data"]
        if a["pupil_key"] in children
    ]  # fmt: skip
    assert len(mine) == 3
    sign_in(client, container, "dsl", urn=SCHOOL_A)
    inbox = client.get("/alerts?rule=off_rolling_report&severity=high")
    assert inbox.status_code == 200
    paths = re.findall(r'href="(/alerts/[0-9a-f-]{36})"', inbox.text)
    assert len(paths) >= 3
    total = int(re.search(r"(\d+) open alerts", inbox.text).group(1))
    assert total >= 3
    assert 'value="off_rolling_report" selected' in inbox.text
    chosen = mine[:2]
    assert all(f"/alerts/{a}" in inbox.text for a in chosen) or total > 50
    done = client.post("/alerts", data={"csrf_token": csrf(inbox.text),
                                        "alert_id": chosen})  # fmt: skip
    assert done.status_code == 200 and "2 alerts acknowledged" in done.text
    for alert_id in chosen:
        assert f"/alerts/{alert_id}" not in done.text  # no longer open
        detail = client.get(f"/v1/alerts/{alert_id}", headers=auth("dsl", urn=SCHOOL_A))
        assert detail.json()["status"] == "acknowledged"
    forged = client.post("/alerts", data={"alert_id": chosen})
    assert forged.status_code == 403


def test_a_family_asks_for_a_correction_and_it_reaches_the_las_queue(
    client, container, auth
) -> None:
    sign_in(client, container, "school", urn=SCHOOL_A)
    upn = random_upn()
    assert notify(client, upn=upn).status_code == 201
    settled_position(container)
    key = container.vault.find(upn)
    client.cookies.clear()
    sign_in(client, container, "subject", pupil_key=key)
    page = client.get("/me")
    empty = client.post("/me/requests", data={"csrf_token": csrf(page.text)})
    assert empty.status_code == 400 and error_links(empty.text) == ["#kind"]
    asked = client.post("/me/requests", data={
        "csrf_token": csrf(page.text), "kind": "correction",
        "details": "The date of the move is wrong: it was in February"})  # fmt: skip
    assert asked.status_code == 200
    today = container.registry.clock().date()
    assert "Your request has reached the local authority. It must answer by" in (
        asked.text
    )
    assert "The date of the move is wrong: it was in February" in asked.text
    settled_position(container)
    queue = client.get(
        f"/v1/la/{LA_A}/queue", params={"type": "rights_request", "limit": 500},
        headers=auth("la", la=LA_A),
    ).json()["data"]  # fmt: skip
    (case,) = [c for c in queue if c["pupil_key"] == key]
    assert case["state"] == "received"
    due = case["next_deadline"]["due"]
    assert due > today.isoformat() and due[5:7] != today.isoformat()[5:7]  # a month
    client.cookies.clear()
    sign_in(client, container, "la", la=LA_A)
    seen = client.get(f"/cases/{case['case_id']}")
    assert seen.status_code == 200 and "What the family asked" in seen.text
    assert "The date of the move is wrong: it was in February" in seen.text
    again = client.post(
        "/v1/me/requests",
        json={"kind": "correction", "details": "the same again"},
        headers=auth("subject", pupil_key=key),
    )
    assert again.status_code == 200 and again.json()["case_id"] == case["case_id"]


def test_the_inbox_groups_per_child_sorts_and_filters_overdue(
    client, container, auth, clock
) -> None:
    posted = report_off_rolling(client, auth)
    key = posted.json()["pupil_key"]
    settled_position(container)
    sign_in(client, container, "dsl", urn=SCHOOL_A)
    inbox = client.get("/alerts?sort=severity")
    assert inbox.status_code == 200
    assert 'value="severity" selected' in inbox.text
    assert f'href="/children/{key}"' in inbox.text  # the group's child
    assert re.search(r"A child with \d+ alerts?", inbox.text)
    groups = inbox.text.split('<tbody class="govuk-table__body">')[1:]
    firsts = [re.search(r">\s*(High|Medium)\s*<", g).group(1) for g in groups]
    assert firsts == sorted(firsts, key=lambda s: s != "High")  # groups by severity
    # A week on, nobody has acknowledged it: it is overdue, and the filter finds it.
    clock.now = container.registry.clock() + timedelta(days=7)
    overdue = client.get("/alerts?due=overdue")
    assert f'href="/children/{key}"' in overdue.text and "Overdue" in overdue.text
    clock.now = None
    sign_in(client, container, "la", la=LA_A)
    la_inbox = client.get(f"/alerts?school={SCHOOL_A}")
    assert la_inbox.status_code == 200
    assert f'value="{SCHOOL_A}" selected' in la_inbox.text
