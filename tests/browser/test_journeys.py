"""In a real browser: sign in, notify a managed move as a school through its
question pages and check-your-answers, work it from the LA queue to completion,
read the child's whole story, triage and acknowledge an alert, open a census
chart, read a family's record and ask for a correction, read a statistician's
table, and land as an operator. axe-core (from the npm registry, run in the page)
must find no WCAG 2.2 AA violation on any page visited; screenshots are kept in
test-artifacts/pages."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from services.access.tokens import Role, issue_token
from services.app.config import DEV_JWT_SECRET
from tests.browser.conftest import ARTIFACTS, ROOT
from tests.builders import random_upn

pytestmark = pytest.mark.integration
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def token(role: Role, **claims: str) -> dict[str, str]:
    return {"Authorization": "Bearer " + issue_token(DEV_JWT_SECRET, role, **claims)}


def check(page: Any, name: str, visited: list[str]) -> None:
    """Screenshot the page and run axe-core in it: no WCAG 2.2 AA violations."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(
        path=str(ARTIFACTS / f"{len(visited):02d}-{name}.png"), full_page=True
    )
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => { const r = await axe.run(document, "
        "{runOnly: {type: 'tag', values: tags}}); return {passes: r.passes.length, "
        "violations: r.violations.map(v => ({id: v.id, impact: v.impact, "
        "nodes: v.nodes.map(n => n.target)}))}; }",
        WCAG_22_AA,
    )
    assert result["passes"] > 0, f"{name}: axe checked nothing"
    assert result["violations"] == [], f"{name}: {result['violations']}"
    visited.append(name)


def shown_after_projection(page: Any, locator: Any) -> bool:
    """The page as soon as the read model has the change (the API waits up to 2 s
    for it; a loaded machine can take longer): reload until it shows."""
    for _ in range(50):
        if locator.count() and locator.first.is_visible():
            return True
        page.wait_for_timeout(200)
        page.reload()
    return False


def sign_in(page: Any, base: str, role: str, scope: str = "") -> None:
    page.goto(f"{base}/sign-in")
    page.get_by_label(role, exact=True).check()
    if scope:
        page.get_by_label("School URN, LA code, pupil key or project").fill(scope)
    page.get_by_role("button", name="Sign in for development").click()


def sign_out(page: Any) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_the_users_journeys_in_a_browser(browser: Any, server: str) -> None:
    admin = token(Role.ADMIN)
    for urn, name in (("100001", "Hillside Academy"), ("100002", "Riverside School")):
        httpx.put(f"{server}/v1/schools/{urn}", headers=admin,
                  json={"la_code": "801", "name": name, "phase": "secondary"}
                  ).raise_for_status()  # fmt: skip
    report = {
        "type": "suspected_off_rolling",
        "from_urn": "100001",
        "pupil": {"upn": random_upn(), "date_of_birth": "2010-03-14"},
        "effective_date": "2026-01-12",
    }
    la = token(Role.LA, la="801")
    httpx.post(f"{server}/v1/movements", json=report, headers=la).raise_for_status()

    for earlier in ARTIFACTS.glob("[0-9][0-9]-*.png"):  # this run's pages only
        earlier.unlink()
    context = browser.new_context(bypass_csp=True)  # only so axe can be injected
    page = context.new_page()
    visited: list[str] = []

    page.goto(server)
    check(page, "start", visited)
    page.get_by_role("button", name="Start now").click()
    check(page, "sign-in", visited)

    # A school notifies a managed move.
    sign_in(page, server, "school", "100001")
    check(page, "school-home", visited)
    page.get_by_role("link", name="Tell the local authority about a movement").click()
    page.get_by_role("button", name="Continue").click()
    assert page.locator(".govuk-error-summary").is_visible()
    check(page, "notify-type-not-chosen", visited)
    page.get_by_label("A managed move").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()  # nothing answered yet
    assert page.locator(".govuk-error-summary").is_visible()
    check(page, "notify-with-errors", visited)
    upn = random_upn()
    page.get_by_label("Unique pupil number (UPN)").fill(upn)
    page.locator("#date_of_birth").get_by_label("Day").fill("14")
    page.locator("#date_of_birth").get_by_label("Month").fill("3")
    page.locator("#date_of_birth").get_by_label("Year").fill("2011")
    page.get_by_label("Year group").fill("10")
    page.locator("#effective_date").get_by_label("Day").fill("12")
    page.locator("#effective_date").get_by_label("Month").fill("1")
    page.locator("#effective_date").get_by_label("Year").fill("2026")
    page.get_by_label("Receiving school's URN").fill("100002")
    page.locator("#parental_consent").check()  # Yes
    page.locator("#receiving_agreement").check()  # Yes
    page.get_by_label("Notes (optional)").fill("Agreed at the panel on 8 January")
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", name="Check your answers").is_visible()
    check(page, "notify-check-answers", visited)
    page.get_by_role("button", name="Record movement").click()
    assert page.get_by_role("heading", name="Movement recorded").is_visible()
    check(page, "notified", visited)
    page.goto(f"{server}/schools/100001/census?academic_year=2025-26")
    assert page.locator("figure svg").count() == 1
    check(page, "census-chart", visited)
    sign_out(page)

    # The LA works it from the queue to completion.
    sign_in(page, server, "la", "801")
    case_link = page.get_by_role("link", name=re.compile("Managed move"))
    for _ in range(50):  # the case opens as the log is followed
        if case_link.count():
            break
        page.wait_for_timeout(100)
        page.reload()
    check(page, "la-queue", visited)
    case_link.first.click()
    check(page, "case", visited)
    page.get_by_label("Review outcome: successful").check()
    page.get_by_role("button", name="Record decision").click()
    check(page, "case-confirm-close", visited)  # a decision that closes is asked twice
    page.get_by_role("button", name="Yes, close the case").click()
    assert shown_after_projection(page, page.get_by_text("This case is closed."))
    check(page, "case-closed", visited)
    page.get_by_role("link", name="The child's whole story").click()
    assert page.get_by_role("heading", name="Everything in date order").is_visible()
    assert page.get_by_text("Managed move from Hillside Academy").first.is_visible()
    note = re.compile(r"Note by Hillside Academy \(school\)")
    assert page.get_by_text(note).is_visible()
    check(page, "child-page", visited)
    page.goto(f"{server}/la/findings")
    check(page, "findings", visited)
    page.get_by_role("link", name="Not in school").click()
    page.get_by_label("Why they are on the register").select_option("home_education")
    page.get_by_role("button", name="Filter").click()
    heading = re.compile("Children not in school")
    assert page.get_by_role("heading", name=heading).is_visible()
    check(page, "children-not-in-school", visited)
    page.goto(f"{server}/la/census?academic_year=2025-26")
    page.get_by_role("link", name="Hillside Academy").click()
    assert page.locator("figure svg").count() == 1
    check(page, "la-school-chart", visited)
    sign_out(page)

    # The school's safeguarding lead triages the inbox and acknowledges an alert.
    sign_in(page, server, "dsl", "100001")
    check(page, "alerts", visited)
    page.get_by_label("Sort by").select_option("severity")
    page.get_by_role("button", name="Filter").click()
    assert page.get_by_text(re.compile(r"A child with \d+ alerts?")).first.is_visible()
    check(page, "alerts-by-severity", visited)
    page.get_by_role("link", name=re.compile("Off rolling")).first.click()
    check(page, "alert", visited)
    page.get_by_label("I have seen it and I am looking into it").check()
    page.get_by_role("button", name="Save").click()
    assert shown_after_projection(page, page.get_by_text(re.compile(r": acknowledge")))
    sign_out(page)

    # The family reads the record; a statistician reads the table.
    lookup = httpx.post(f"{server}/v1/pupils/lookup", json={"upn": upn}, headers=la)
    found = lookup.raise_for_status().json()
    sign_in(page, server, "subject", found["pupil_key"])
    assert page.get_by_text(re.compile("moved by agreement")).first.is_visible()
    assert page.get_by_text("Agreed at the panel on 8 January").is_visible()
    check(page, "family-record", visited)
    page.get_by_label("Correct something that is wrong").check()
    page.get_by_label("What is wrong, or why you are asking").fill(
        "The date of the move is a week out"
    )
    page.get_by_role("button", name="Send your request").click()
    assert page.get_by_text("Your request has reached the local authority").is_visible()
    check(page, "family-request-sent", visited)
    sign_out(page)
    sign_in(page, server, "statistician")
    check(page, "statistics", visited)
    sign_out(page)
    sign_in(page, server, "admin")
    assert page.get_by_role("heading", name="Local authorities").is_visible()
    check(page, "admin-landing", visited)
    context.close()
    assert len(visited) == 23
