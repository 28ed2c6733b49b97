"""A movement, its note and its child's enrolment commit together or not at all,
on both stores; two first sightings of one child at once enrol it once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.app.bootstrap import Container
from services.app.side_writes import PostgresRecorder, SQLiteRecorder
from tests.builders import SCHOOL_A
from tests.conftest import TokenFactory
from tests.e2e.helpers import movement_body


def vault_rows(container: Container) -> tuple[int, int]:
    index = container.db.query("SELECT COUNT(*) FROM vault_index")[0][0]
    records = container.db.query("SELECT COUNT(*) FROM vault_records")[0][0]
    return int(index), int(records)


def test_a_note_is_stored_with_its_movement_and_shown_to_the_family(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:
    body = movement_body("suspension", notes="pushed a member of staff")
    recorded = client.post(
        "/v1/movements", json=body, headers=auth("school", urn=SCHOOL_A)
    )
    assert recorded.status_code == 201, recorded.text
    key, movement_id = recorded.json()["pupil_key"], recorded.json()["movement_id"]
    assert container.vault.notes(key) == [(movement_id, "pushed a member of staff")]
    family = auth("subject", pupil_key=key)
    pack = client.get("/v1/me/export", headers=family)
    assert pack.status_code == 200, pack.text
    assert pack.json()["notes"] == [
        {"about": movement_id, "text": "pushed a member of staff"}
    ]


def test_when_the_events_fail_to_commit_no_enrolment_or_note_is_left(
    client: TestClient,
    auth: TokenFactory,
    container: Container,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The side writes run first in the transaction; the events insert then fails
    (as a crash or a lost connection would): the whole transaction rolls back."""
    before = vault_rows(container)

    def fail(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("the connection was lost")

    monkeypatch.setattr(PostgresRecorder, "_insert_stored_events", fail)
    monkeypatch.setattr(SQLiteRecorder.__mro__[1], "_insert_events", fail)
    body = movement_body("permanent_exclusion", notes="left with his mother")
    with pytest.raises(RuntimeError):
        client.post("/v1/movements", json=body, headers=auth("school", urn=SCHOOL_A))
    monkeypatch.undo()
    assert vault_rows(container) == before
    assert container.vault.find(body["pupil"]["upn"]) is None
    # The client retries: everything is stored once.
    again = client.post(
        "/v1/movements", json=body, headers=auth("school", urn=SCHOOL_A)
    )
    assert again.status_code == 201, again.text
    index, records = vault_rows(container)
    assert (index, records) == (before[0] + 1, before[1] + 2)  # identity + note


def test_two_first_sightings_of_one_child_at_once_enrol_it_once(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:
    first = movement_body("suspension", notes="first")
    upn = first["pupil"]["upn"]
    bodies = [
        movement_body(
            "suspension",
            pupil={**first["pupil"]},
            notes=f"note {i}",
            effective_date=f"2026-01-{8 + i:02d}",
        )
        for i in range(8)
    ]
    headers = auth("school", urn=SCHOOL_A)
    with ThreadPoolExecutor(8) as pool:
        answers = list(
            pool.map(
                lambda b: client.post("/v1/movements", json=b, headers=headers), bodies
            )
        )
    assert [a.status_code for a in answers] == [201] * 8, [a.text for a in answers]
    keys = {a.json()["pupil_key"] for a in answers}
    assert keys == {container.vault.find(upn)}
    (key,) = keys
    assert len(container.vault.notes(key)) == 8
    assert len(container.registry.get_pupil(key).movements) == 8
