"""Erasure by crypto-shredding: afterwards no personal value of the child is anywhere
in the database, anonymous facts remain, and the same UPN is a new child."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from services.app.bootstrap import Container
from tests.builders import SCHOOL_A, random_upn
from tests.conftest import TokenFactory
from tests.e2e.helpers import movement_body, settled_position

DOB = "2009-07-21"
NOTE = "the family spoke of moving to Leeds"


def every_stored_value(container: Container) -> list[Any]:
    """Every value in every table, as text or bytes (the whole database)."""
    if container.db.dialect == "sqlite":
        tables = [
            r[0]
            for r in container.db.query(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
            )
        ]
    else:
        tables = [
            r[0]
            for r in container.db.query(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public'"
            )
        ]
    return [
        v
        for t in tables
        for row in container.db.query(f"SELECT * FROM {t}")
        for v in row
    ]


def contains(values: list[Any], needle: str) -> bool:
    for value in values:
        if isinstance(value, memoryview):
            value = bytes(value)
        if isinstance(value, bytes) and needle.encode() in value:
            return True
        if isinstance(value, str) and needle in value:
            return True
    return False


def test_after_erasure_nothing_personal_remains_and_the_upn_is_a_new_child(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:
    upn = random_upn()
    body = movement_body(
        "suspension", pupil={"upn": upn, "date_of_birth": DOB}, notes=NOTE
    )
    recorded = client.post(
        "/v1/movements", json=body, headers=auth("school", urn=SCHOOL_A)
    )
    pupil_key = recorded.json()["pupil_key"]
    assert container.vault.identity(pupil_key) is not None
    blind = container.vault.blind_index(upn)

    erased = client.post(
        f"/v1/pupils/{pupil_key}/erasure",
        json={"reason": "subject_request_upheld"},
        headers=auth("admin"),
    )

    assert erased.status_code == 201, erased.text
    settled_position(container)
    assert container.vault.identity(pupil_key) is None
    assert container.vault.note(pupil_key, recorded.json()["movement_id"]) is None
    stored = every_stored_value(container)
    for personal in (upn, DOB, NOTE, blind):
        assert not contains(stored, personal), personal
    assert container.registry.get_pupil(pupil_key).erased
    history = client.get(
        f"/v1/pupils/{pupil_key}/history", headers=auth("admin")
    ).json()
    assert [e["type"] for e in history["events"]] == ["suspension"]  # anonymous fact

    again = client.post(
        "/v1/movements",
        json=movement_body(
            "suspension",
            pupil={"upn": upn, "date_of_birth": "2010-03-14"},
            effective_date="2026-02-02",
        ),
        headers=auth("school", urn=SCHOOL_A),
    )
    assert again.status_code == 201, again.text
    assert again.json()["pupil_key"] != pupil_key


def test_only_an_admin_erases_and_only_for_a_known_reason(
    client: TestClient, auth: TokenFactory
) -> None:
    recorded = client.post(
        "/v1/movements",
        json=movement_body("suspension"),
        headers=auth("school", urn=SCHOOL_A),
    )
    path = f"/v1/pupils/{recorded.json()['pupil_key']}/erasure"

    by_school = client.post(
        path, json={"reason": "recorded_in_error"}, headers=auth("school", urn=SCHOOL_A)
    )
    unknown = client.post(path, json={"reason": "because"}, headers=auth("admin"))

    assert by_school.status_code == 403
    assert unknown.status_code == 422


def test_retention_erases_only_identities_past_their_period(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:
    from datetime import date

    from services.privacy.retention import apply_retention

    old = client.post(
        "/v1/movements",
        json=movement_body("suspension", effective_date="2019-03-04"),
        headers=auth("school", urn=SCHOOL_A),
    ).json()["pupil_key"]
    recent = client.post(
        "/v1/movements",
        json=movement_body("suspension"),
        headers=auth("school", urn=SCHOOL_A),
    ).json()["pupil_key"]
    settled_position(container)
    today = date(2026, 11, 29)

    report = apply_retention(container, today, dry_run=True)
    assert old in report.due and recent not in report.due
    assert container.vault.identity(old) is not None  # a dry run erases nothing

    apply_retention(container, today, dry_run=False)

    assert container.vault.identity(old) is None
    assert container.vault.identity(recent) is not None
    assert old not in apply_retention(container, today, dry_run=True).due
