"""The child's page for staff: who the child is (the name only to roles whose work
needs it, each showing logged), and movements, findings, cases, alerts and notes
in one list, each note with its author, role, date and audience; within scope
only. The name a school gives is kept in the vault and nowhere else."""

from __future__ import annotations

import logging
import re
import secrets
from typing import Any

from fastapi.testclient import TestClient

from services.app.bootstrap import Container
from tests.builders import LA_A, LA_C, SCHOOL_A, SCHOOL_B, random_upn
from tests.e2e.helpers import eventually, settled_position
from tests.e2e.test_pages import csrf, h1, sign_in


def a_name() -> str:
    return f"Amira Test{secrets.token_hex(4)}"


def record_move(client: TestClient, auth: Any, name: str | None) -> dict[str, Any]:
    """School A records a managed move without the parents' consent, with a note."""
    pupil: dict[str, Any] = {"upn": random_upn(), "date_of_birth": "2012-03-14",
                             "year_group": 9}  # fmt: skip
    if name:
        pupil["name"] = name
    body = {
        "type": "managed_move", "pupil": pupil, "from_urn": SCHOOL_A,
        "to_urn": SCHOOL_B, "effective_date": "2026-01-12",
        "parental_consent": False, "notes": "Agreed at the panel meeting",
    }  # fmt: skip
    school = auth("school", urn=SCHOOL_A)
    answer = client.post("/v1/movements", json=body, headers=school)
    assert answer.status_code == 201, answer.text
    return answer.json()


def looks(container: Container, pupil_key: str) -> list[str]:
    return [e["action"] for e in container.access_log.for_pupil(pupil_key)]


def test_the_la_reads_the_whole_story_with_the_name_logged(
    client: TestClient, container: Container, auth: Any
) -> None:
    name = a_name()
    pupil_key = record_move(client, auth, name)["pupil_key"]
    settled_position(container)
    sign_in(client, container, "la", la=LA_A)
    page = client.get(f"/children/{pupil_key}")
    assert page.status_code == 200, page.text
    assert h1(page.text) == name
    assert "Hillside Academy" in page.text and "Riverside School" in page.text
    assert 'data-rule="managed_move.no_parental_consent"' in page.text
    case_link = re.search(r'href="(/cases/[0-9a-f-]{36})"', page.text)
    assert case_link, "the case the move opened is linked"
    year = container.registry.clock().year  # the note is dated when written
    assert re.search(rf"Note by Hillside Academy \(school\), \d+ \w+ {year}", page.text)
    assert "Agreed at the panel meeting" in page.text
    assert "For the family and professionals" in page.text
    assert "name" in looks(container, pupil_key)
    # Reached from the queue and from the case page.
    case_page = client.get(case_link.group(1))
    assert f'href="/children/{pupil_key}"' in case_page.text
    queue = client.get("/la/queue?type=managed_move").text
    assert f'href="/children/{pupil_key}"' in queue


def test_an_operator_sees_the_story_but_never_the_name(
    client: TestClient, container: Container, auth: Any
) -> None:
    name = a_name()
    pupil_key = record_move(client, auth, name)["pupil_key"]
    settled_position(container)
    before = looks(container, pupil_key).count("name")
    sign_in(client, container, "admin")
    page = client.get(f"/children/{pupil_key}")
    assert page.status_code == 200
    assert name not in page.text and "your work does not need" in page.text
    assert looks(container, pupil_key).count("name") == before


def test_a_child_outside_the_readers_scope_is_not_there(
    client: TestClient, container: Container, auth: Any
) -> None:
    name = a_name()
    pupil_key = record_move(client, auth, name)["pupil_key"]
    sign_in(client, container, "la", la=LA_C)
    page = client.get(f"/children/{pupil_key}")
    assert page.status_code == 404 and name not in page.text
    sign_in(client, container, "school", urn="100003")
    assert client.get(f"/children/{pupil_key}").status_code == 404
    assert "name" not in looks(container, pupil_key)


def test_the_dsl_sees_its_alert_and_who_wrote_the_note_on_resolving_it(
    client: TestClient, container: Container, auth: Any
) -> None:
    report = {"type": "suspected_off_rolling", "from_urn": SCHOOL_A,
              "pupil": {"upn": random_upn(), "date_of_birth": "2010-03-14"},
              "effective_date": "2026-01-12"}  # fmt: skip
    posted = client.post("/v1/movements", json=report, headers=auth("la", la=LA_A))
    pupil_key = posted.json()["pupil_key"]
    dsl = auth("dsl", urn=SCHOOL_A)

    def raised() -> Any:
        mine = client.get("/v1/alerts", headers=dsl, params={"limit": 500}).json()
        return next((a for a in mine["data"] if a["pupil_key"] == pupil_key), None)

    alert = eventually(raised)
    sign_in(client, container, "dsl", urn=SCHOOL_A)
    alert_path = f"/alerts/{alert['alert_id']}"
    token = csrf(client.get(alert_path).text)
    resolved = client.post(alert_path, data={
        "csrf_token": token, "action": "resolve", "outcome": "no_further_action",
        "note": "Spoke to the family today"})  # fmt: skip
    assert resolved.status_code in (200, 303), resolved.text
    settled_position(container)
    page = client.get(f"/children/{pupil_key}")
    assert page.status_code == 200
    assert f'href="{alert_path}"' in page.text
    assert "Spoke to the family today" in page.text
    assert "Note by Hillside Academy (designated safeguarding lead)" in page.text
    assert "For professionals only" in page.text
    alert_page = client.get(alert_path).text
    assert f'href="/children/{pupil_key}"' in alert_page
    assert "by Hillside Academy" in alert_page  # the decider by name, not a URN
    assert "Note by Hillside Academy, for professionals only" in alert_page


def test_the_name_is_held_only_in_the_vault_and_the_family_sees_it(
    client: TestClient, container: Container, auth: Any, caplog: Any
) -> None:
    name = a_name()
    caplog.set_level(logging.DEBUG)
    pupil_key = record_move(client, auth, name)["pupil_key"]
    settled_position(container)
    assert name not in caplog.text
    assert _tables_holding(container, name) == []
    assert _tables_holding(container, pupil_key) != []  # the search finds things
    export = client.get("/v1/me/export", headers=auth("subject", pupil_key=pupil_key))
    assert export.json()["identity"]["name"] == name
    container.vault.shred(pupil_key)  # erasure: the name goes with the key
    assert container.vault.name(pupil_key) is None


def _tables_holding(container: Container, text: str) -> list[str]:
    """Every table with a row whose text contains `text`."""
    db = container.db
    if db.dialect == "sqlite":
        tables = [r[0] for r in db.query(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]  # fmt: skip
        found = []
        for table in tables:
            rows = db.query(f'SELECT * FROM "{table}"')
            if any(text in str(value) for row in rows for value in row):
                found.append(table)
        return found
    listed = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
    tables = [r[0] for r in db.query(listed)]
    return [
        t for t in tables
        if db.query(f'SELECT 1 FROM "{t}" x WHERE x::text LIKE ? LIMIT 1',
                    (f"%{text}%",))
    ]  # fmt: skip
