"""The NHS number: refused 422 when its check fails, held only in the vault (never
in clear in the database, its files or the logs), found by lookup only within
scope, shown to the family, and a second child claiming one opens an identity
case for the holder's LA without telling the caller anything."""

from __future__ import annotations

import logging
import random
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from events.nhs_number import check_digit
from services.app.bootstrap import Container
from tests.builders import LA_A, LA_C, SCHOOL_A, random_upn
from tests.conftest import TokenFactory
from tests.e2e.helpers import assert_problem, eventually, settled_position
from tests.e2e.test_child_page import _tables_holding
from tests.e2e.test_pages import sign_in

SCHOOL_C = "100003"  # LA 202


def an_nhs_number() -> str:
    while True:
        first = "".join(random.choice("0123456789") for _ in range(9))
        if (check := check_digit(first)) is not None:
            return first + str(check)


def record(client: TestClient, auth: TokenFactory, urn: str, **pupil: Any) -> Any:
    child = {"upn": random_upn(), "date_of_birth": "2012-03-14", **pupil}
    body = {"type": "suspension", "from_urn": urn, "effective_date": "2026-01-08",
            "reason": ["DB"], "days": 1, "pupil": child}  # fmt: skip
    return client.post("/v1/movements", json=body, headers=auth("school", urn=urn))


def test_a_number_that_fails_its_check_is_refused_and_nothing_is_stored(
    client: TestClient, container: Container, auth: TokenFactory
) -> None:
    before = container.registry.max_position()
    bad = an_nhs_number()
    bad = bad[:9] + str((int(bad[9]) + 1) % 10)
    answer = record(client, auth, SCHOOL_A, nhs_number=bad)
    assert_problem(answer, 422, "pupil.nhs_number", "nhs_number_check_digit")
    assert bad not in answer.text
    assert container.registry.max_position() == before


def test_lookup_by_nhs_number_within_scope_only_and_logged(
    client: TestClient, container: Container, auth: TokenFactory
) -> None:
    number = an_nhs_number()
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    recorded = record(client, auth, SCHOOL_A, nhs_number=spaced)
    assert recorded.status_code == 201, recorded.text
    key = recorded.json()["pupil_key"]
    found = client.post("/v1/pupils/lookup", json={"nhs_number": number},
                        headers=auth("la", la=LA_A))  # fmt: skip
    assert found.status_code == 200 and found.json()["pupil_key"] == key
    actions = [e["action"] for e in container.access_log.for_pupil(key)]
    assert "lookup_nhs_number" in actions
    elsewhere = client.post("/v1/pupils/lookup", json={"nhs_number": number},
                            headers=auth("la", la=LA_C))  # fmt: skip
    unknown = client.post("/v1/pupils/lookup", json={"nhs_number": an_nhs_number()},
                          headers=auth("la", la=LA_C))  # fmt: skip
    assert elsewhere.status_code == unknown.status_code == 404
    assert elsewhere.json() == unknown.json()
    both = client.post("/v1/pupils/lookup", json={"upn": random_upn(),
                       "nhs_number": number}, headers=auth("la", la=LA_A))  # fmt: skip
    assert_problem(both, 422, "upn", "one_identifier")
    export = client.get("/v1/me/export", headers=auth("subject", pupil_key=key))
    assert export.json()["identity"]["nhs_number"] == number


def test_the_number_is_held_only_in_the_vault(
    client: TestClient, container: Container, auth: TokenFactory, caplog: Any
) -> None:
    caplog.set_level(logging.DEBUG)
    number = an_nhs_number()
    answer = record(client, auth, SCHOOL_A, nhs_number=number)
    settled_position(container)
    assert number not in caplog.text
    assert _tables_holding(container, number) == []
    if container.db.dialect == "sqlite":  # and not in the files on disk
        files = list(Path(container.settings.data_dir).rglob("*.sqlite*"))
        assert files, "the search looks at the database's files"
        for path in files:
            assert number.encode() not in path.read_bytes(), path.name
    key = answer.json()["pupil_key"]
    sign_in(client, container, "la", la=LA_A)
    page = client.get(f"/children/{key}").text
    assert f"{number[:3]} {number[3:6]} {number[6:]}" in page
    actions = [e["action"] for e in container.access_log.for_pupil(key)]
    assert "nhs_number" in actions


def test_a_second_child_claiming_a_number_opens_a_case_for_the_holders_la(
    client: TestClient, container: Container, auth: TokenFactory
) -> None:
    number = an_nhs_number()
    holder = record(client, auth, SCHOOL_A, nhs_number=number).json()["pupil_key"]
    first = record(client, auth, SCHOOL_C, nhs_number=an_nhs_number())
    second = record(client, auth, SCHOOL_C, nhs_number=number)
    assert first.status_code == second.status_code == 201  # alike: nothing told
    assert set(first.json()) == set(second.json())
    claimant = second.json()["pupil_key"]
    assert claimant != holder
    settled_position(container)

    def opened() -> Any:
        asked = {"type": "identity_conflict", "limit": 500}
        queue = client.get(f"/v1/la/{LA_A}/queue", params=asked,
                           headers=auth("la", la=LA_A)).json()  # fmt: skip
        return [c for c in queue["data"] if c["pupil_key"] == holder]

    (case,) = eventually(opened)
    detail = client.get(f"/v1/cases/{case['case_id']}", headers=auth("la", la=LA_A))
    assert detail.json()["state"] == "open"
    note = container.vault.note(holder, f"case/{case['case_id']}/opened")
    assert note is not None and claimant in note
    theirs = client.get(f"/v1/la/{LA_C}/queue", params={"type": "identity_conflict",
                        "limit": 500}, headers=auth("la", la=LA_C)).json()  # fmt: skip
    assert all(c["pupil_key"] not in (holder, claimant) for c in theirs["data"])


def test_a_reason_for_leaving_the_number_out_is_recorded(
    client: TestClient, container: Container, auth: TokenFactory
) -> None:
    reason = "not_known_finding_would_delay"
    answer = record(client, auth, SCHOOL_A, nhs_number_not_included=reason)
    key = answer.json()["pupil_key"]
    held = container.vault.nhs_number(key)
    assert held == {"nhs_number": None, "not_included": "not_known_finding_would_delay"}
    sign_in(client, container, "la", la=LA_A)
    assert (
        "Left out: not known, and finding it out" in client.get(f"/children/{key}").text
    )
