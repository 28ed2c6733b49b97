"""POST /v1/movements:check answers what recording would give, and stores nothing."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from services.app.bootstrap import Container
from tests.builders import SCHOOL_A, random_upn
from tests.conftest import TokenFactory
from tests.e2e.helpers import movement_body, settled_position


def stored_counts(container: Container) -> tuple[Any, ...]:
    """Events in the store and rows in the identity vault and access log."""
    tables = ("vault_index", "vault_keys", "vault_records", "access_log")
    head = settled_position(container)
    counts = [container.db.query(f"SELECT COUNT(*) FROM {t}")[0][0] for t in tables]
    return (head, *counts)


def check(client: TestClient, auth: TokenFactory, body: dict[str, Any]) -> Any:
    response = client.post(
        "/v1/movements:check", json=body, headers=auth("school", urn=SCHOOL_A)
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_check_gives_the_findings_and_stores_nothing_for_a_new_child(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:
    before = stored_counts(container)

    answer = check(client, auth, movement_body("managed_move", to_urn="100002"))

    assert answer["valid"] is True
    assert "managed_move.no_parental_consent" in [f["rule"] for f in answer["findings"]]
    assert stored_counts(container) == before


def test_check_judges_against_the_childs_record(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:
    upn = random_upn()
    first = movement_body(
        "suspension", pupil={"upn": upn, "date_of_birth": "2010-03-14"}, days=44
    )
    assert (
        client.post(
            "/v1/movements", json=first, headers=auth("school", urn=SCHOOL_A)
        ).status_code
        == 201
    )
    before = stored_counts(container)

    more = movement_body(
        "suspension",
        pupil={"upn": upn, "date_of_birth": "2010-03-14"},
        days=2,
        effective_date="2026-02-02",
    )
    answer = check(client, auth, more)

    assert "suspension.year_limit_45_days" in [f["rule"] for f in answer["findings"]]
    # Nothing stored but the read: judging on the record is logged for the child.
    after = stored_counts(container)
    assert after[:-1] == before[:-1] and after[-1] == before[-1] + 1
    (action,) = container.db.query(
        "SELECT action FROM access_log ORDER BY seq DESC LIMIT 1"
    )[0]
    assert action == "movement_check"


def test_check_reports_a_refusal_as_an_error_naming_field_and_rule(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:
    before = stored_counts(container)

    answer = check(client, auth, movement_body("suspension", from_urn="999999"))

    assert answer["valid"] is False
    assert [(e["field"], e["rule"]) for e in answer["errors"]] == [
        ("from_urn", "school_unknown")
    ]
    assert stored_counts(container) == before
