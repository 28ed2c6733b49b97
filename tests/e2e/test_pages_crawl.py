"""Every page each role can reach by following links, after a realistic scenario,
says things in words: no Python value, no raw timestamp or ISO date, no error page.

The scenario: a school records a suspension, a managed move, a deletion and a
suspected off-rolling report (findings, cases and an alert follow); the child's
family has a record with an access log. Each role then signs in and follows every
link on the register's pages from its home page.
"""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from services.app.bootstrap import Container
from tests.builders import LA_A, SCHOOL_A, SCHOOL_B, random_upn
from tests.e2e.helpers import movement_body, settled_position
from tests.e2e.test_pages import sign_in

# Where a crawl does not go: the API and its docs, assets, downloads, signing out.
NOT_PAGES = ("/v1/", "/docs", "/static/", "/assets/", "/openapi", "/sign-out",
             "/problems/", "/healthz", "/readyz", "/metrics")  # fmt: skip
PAGES_PER_ROLE = 60
PYTHON_VALUE = re.compile(
    r"\{'|\['|': |\bNone\b|\bTrue\b|\bFalse\b|datetime\.|Decimal\(|<function"
)
RAW_TIME = re.compile(r"\b\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}|\b)")


class Text(HTMLParser):
    """The words a reader sees: text outside tags, scripts and styles."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href") or ""
            self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.words.append(" ".join(data.split()))


def scenario(client: TestClient, auth, container: Container) -> str:
    school = auth("school", urn=SCHOOL_A)
    upn = random_upn()
    pupil = {"upn": upn, "date_of_birth": "2010-03-14", "year_group": 10}
    bodies = [
        movement_body("suspension", pupil=pupil, effective_date="2026-09-15",
                      reason=["DB"], days=3),
        movement_body("managed_move", pupil=pupil, to_urn=SCHOOL_B,
                      effective_date="2026-10-05"),
        movement_body("roll_deletion", pupil=pupil, from_urn=SCHOOL_B,
                      deletion_ground="moved_away", effective_date="2026-11-27"),
    ]  # fmt: skip
    key = ""
    for body in bodies:
        urn = body["from_urn"]
        answer = client.post(
            "/v1/movements", json=body, headers=auth("school", urn=urn)
        )
        assert answer.status_code == 201, answer.text
        key = answer.json()["pupil_key"]
    report = movement_body("suspected_off_rolling", pupil={"upn": random_upn(),
                           "date_of_birth": "2010-05-01"},
                           effective_date="2026-11-02")  # fmt: skip
    answer = client.post("/v1/movements", json=report, headers=auth("la", la=LA_A))
    assert answer.status_code == 201, answer.text
    assert client.get(f"/v1/pupils/{key}/history", headers=school).status_code == 200
    settled_position(container)
    return key


def around(words: str, match: re.Match[str]) -> str:
    return f"…{words[max(match.start() - 40, 0) : match.end() + 40]}…"


def crawl(client: TestClient, start: str) -> dict[str, list[str]]:
    """Each page reached from `start`, with what is wrong on it."""
    seen, todo, found = {start}, deque([start]), {}
    while todo and len(found) < PAGES_PER_ROLE:
        path = todo.popleft()
        page = client.get(path)
        problems = []
        if page.status_code != 200:
            problems.append(f"status {page.status_code}")
        text = Text()
        text.feed(page.text)
        words = " | ".join(text.words)
        problems += [f"Python value: {around(words, m)}"
                     for m in PYTHON_VALUE.finditer(words)]  # fmt: skip
        problems += [f"raw date or time: {around(words, m)}"
                     for m in RAW_TIME.finditer(words)]  # fmt: skip
        found[path] = problems
        for href in text.links:
            link = href.split("#")[0]
            if (link.startswith("/") and not link.startswith(NOT_PAGES)
                    and not link.endswith(".csv") and link not in seen):  # fmt: skip
                seen.add(link)
                todo.append(link)
    return found


ROLES = [
    ("school", {"urn": SCHOOL_A}, "/school"),
    ("la", {"la": LA_A}, "/la/queue"),
    ("dsl", {"urn": SCHOOL_A}, "/alerts"),
    ("statistician", {}, "/statistics"),
    ("subject", None, "/me"),
    ("admin", {}, "/admin"),
]


@pytest.mark.parametrize(("role", "claims", "home"), ROLES, ids=[r[0] for r in ROLES])
def test_every_page_a_role_reaches_is_in_words(
    client: TestClient, container: Container, auth, role, claims, home
) -> None:
    key = scenario(client, auth, container)
    sign_in(client, container, role, **(claims or {"pupil_key": key}))
    found = crawl(client, home)
    assert len(found) >= 1
    wrong = {path: problems for path, problems in found.items() if problems}
    listing = "\n".join(f"{path}: {p}" for path, ps in wrong.items() for p in ps)
    assert wrong == {}, listing
