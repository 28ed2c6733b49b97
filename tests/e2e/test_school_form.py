"""The school's form as question pages: each movement type asks its own questions,
the check-your-answers page shows the findings the API's `:check` gives for the
same body, and recording through the pages stores exactly those findings."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.app.bootstrap import Container
from services.web.movement_questions import FLAGS, PAGES
from tests.builders import SCHOOL_A, SCHOOL_B, random_upn
from tests.e2e.test_pages import csrf, error_links, h1, sign_in

ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def bodies(today: date) -> list[dict[str, Any]]:
    """Every type a school records, with complete facts, lawful and not."""
    day = today - timedelta(days=7)

    def on(shift: int) -> str:
        return (day + timedelta(days=shift)).isoformat()

    def movement(kind: str, **facts: Any) -> dict[str, Any]:
        pupil = {"upn": random_upn(), "date_of_birth": "2012-03-14", "year_group": 9}
        pupil.update(facts.pop("pupil", {}))
        return {"type": kind, "pupil": pupil, "effective_date": day.isoformat(),
                "from_urn": SCHOOL_A, **facts}  # fmt: skip

    joining = {"from_urn": None, "to_urn": SCHOOL_A}
    return [
        movement("suspension", reason=["DB", "VA"], days=2,
                 misses_public_examination=False),
        movement("suspension", reason=["PA"], days=50),
        movement("permanent_exclusion", reason=["PA"],
                 pupil={"looked_after": True}),
        movement("managed_move", to_urn=SCHOOL_B, parental_consent=True,
                 receiving_agreement=True, trial=False),
        movement("managed_move", to_urn=SCHOOL_B, parental_consent=False,
                 receiving_agreement=True),
        movement("off_site_direction", to_urn=SCHOOL_B, days=20,
                 notice_date=on(-2), la_notice_date=on(-2), end_date=on(40),
                 trial=False, pupil={"sen_provision": "E"}),
        movement("off_site_direction", to_urn=SCHOOL_B, end_date=on(40)),
        movement("elective_home_education", s47_enquiries=False,
                 school_attendance_order=False),
        movement("elective_home_education", s47_enquiries=True,
                 pupil={"child_protection_plan": True}),
        movement("roll_deletion", deletion_ground="moved_away",
                 destination_known=True, school_attendance_order=False),
        movement("roll_deletion", deletion_ground="moved_away",
                 destination_known=False),
        movement("roll_deletion", deletion_ground="registered_elsewhere",
                 to_urn=SCHOOL_B),
        movement("admission", **joining),
        movement("fair_access_placement", **joining,
                 pupil={"child_in_need": True}),
        movement("part_time_timetable", hours_per_week=15, parental_consent=True,
                 reason_category="medical", next_review_date=on(14),
                 end_date=on(42)),
        movement("part_time_timetable", hours_per_week=10, parental_consent=False,
                 reason_category="behaviour"),
        movement("flexi_schooling", sessions_at_home_per_week=2, end_date=on(90)),
        movement("safeguarding_separation", days=3, end_date=on(3)),
    ]  # fmt: skip


def as_form(body: dict[str, Any]) -> dict[str, str]:
    """The answers a school gives on the pages for this body."""
    form: dict[str, str] = {}

    def put(name: str, value: Any) -> None:
        if isinstance(value, bool):
            form[name] = "yes" if value else "no"
        elif isinstance(value, str) and ISO_DAY.match(value):
            year, month, day = value.split("-")
            form[f"{name}-day"] = day.lstrip("0")
            form[f"{name}-month"] = month.lstrip("0")
            form[f"{name}-year"] = year
        else:
            form[name] = str(value)

    flags = {flag for flag, _ in FLAGS}
    for name, value in body["pupil"].items():
        put(name, value) if name not in flags else form.update({name: "yes"})
    for name, value in body.items():
        if name in ("type", "pupil", "from_urn") or value is None:
            continue
        if name == "to_urn" and body["type"] in ("admission", "fair_access_placement"):
            continue
        if name == "reason":
            form.update({f"reason_{n}": code for n, code in enumerate(value, 1)})
            continue
        if name == "notice_date":
            form["notice_given"] = "yes"
        put(name, value)
    return form


def rules_on(page: str) -> list[str]:
    return re.findall(r'data-rule="([^"]+)"', page)


def test_every_type_through_the_pages_gets_the_findings_the_api_gives(
    client: TestClient, container: Container, auth: Any
) -> None:
    sign_in(client, container, "school", urn=SCHOOL_A)
    school = auth("school", urn=SCHOOL_A)
    today = container.registry.clock().date()
    cases = bodies(today)
    assert {b["type"] for b in cases} == {t.value for t in PAGES}
    for body in cases:
        sent = {k: v for k, v in body.items() if v is not None}
        api = client.post("/v1/movements:check", json=sent, headers=school)
        assert api.status_code == 200 and api.json()["valid"], api.text
        expected = [f["rule"] for f in api.json()["findings"]]
        path = f"/school/notify/{body['type']}"
        token = csrf(client.get(path).text)
        answers = {"csrf_token": token, **as_form(body)}
        checked = client.post(path, data={**answers, "action": "continue"})
        assert checked.status_code == 200, (body["type"], checked.text)
        assert h1(checked.text) == "Check your answers before recording"
        assert rules_on(checked.text) == expected, body
        recorded = client.post(path, data={**answers, "action": "record"})
        assert recorded.status_code == 201, (body["type"], recorded.text)
        assert rules_on(recorded.text) == expected, body
    # Complete facts make no false breach: a managed move the parents and the
    # receiving school agreed to is lawful; without consent it is a breach.
    lawful_move, unconsented = cases[3], cases[4]
    assert _findings_of(client, school, lawful_move) == []
    assert _findings_of(client, school, unconsented) != []


def _findings_of(client: TestClient, school: Any, body: dict[str, Any]) -> list[str]:
    again = {**body, "pupil": {**body["pupil"], "upn": random_upn()}}
    answer = client.post("/v1/movements:check", json=again, headers=school)
    return [f["rule"] for f in answer.json()["findings"]]


def test_the_first_page_asks_what_happened_and_each_type_only_its_questions(
    client: TestClient, container: Container
) -> None:
    sign_in(client, container, "school", urn=SCHOOL_A)
    first = client.get("/school/notify")
    assert h1(first.text) == "What happened?"
    unchosen = client.post("/school/notify", data={"csrf_token": csrf(first.text)})
    assert unchosen.status_code == 400 and error_links(unchosen.text) == ["#type"]
    chosen = client.post(
        "/school/notify",
        data={"csrf_token": csrf(first.text), "type": "managed_move"},
        follow_redirects=False,
    )
    assert chosen.headers["location"] == "/school/notify/managed_move"
    move = client.get("/school/notify/managed_move").text
    assert 'name="parental_consent"' in move and 'name="receiving_agreement"' in move
    assert 'name="hours_per_week"' not in move and 'name="reason_1"' not in move
    direction = client.get("/school/notify/off_site_direction").text
    # The notice date is revealed by saying notice was given (GOV.UK conditional).
    assert 'data-aria-controls="conditional-notice_given"' in direction
    assert 'id="conditional-notice_given"' in direction
    suspension = client.get("/school/notify/suspension").text
    assert 'name="reason_3"' in suspension and 'name="days"' in suspension
    assert client.get("/school/notify/section19_placement").status_code == 404


def test_a_refusal_goes_back_to_its_question_and_stores_nothing(
    client: TestClient, container: Container
) -> None:
    sign_in(client, container, "school", urn=SCHOOL_A)
    before = container.registry.max_position()
    path = "/school/notify/suspension"
    token = csrf(client.get(path).text)
    body = bodies(container.registry.clock().date())[0]
    answers = {"csrf_token": token, **as_form(body), "upn": "A80120000000X"}
    bad_upn = client.post(path, data={**answers, "action": "record"})
    assert bad_upn.status_code == 400 and error_links(bad_upn.text) == ["#upn"]
    assert 'value="A80120000000X"' in bad_upn.text  # what was typed is kept
    no_days = {**as_form(body), "csrf_token": token, "days": "two"}
    refused = client.post(path, data={**no_days, "action": "continue"})
    assert refused.status_code == 400 and error_links(refused.text) == ["#days"]
    changed = client.post(path, data={**as_form(body), "csrf_token": token,
                                      "action": "change"})  # fmt: skip
    assert changed.status_code == 200 and 'value="DB" selected' in changed.text
    assert container.registry.max_position() == before


@pytest.mark.parametrize("kind", sorted(t.value for t in PAGES))
def test_each_question_page_renders_with_labels(
    client: TestClient, container: Container, kind: str
) -> None:
    sign_in(client, container, "school", urn=SCHOOL_A)
    page = client.get(f"/school/notify/{kind}")
    assert page.status_code == 200
    assert h1(page.text) == PAGES[next(t for t in PAGES if t.value == kind)].title
    assert 'name="upn"' in page.text and 'name="effective_date-day"' in page.text
