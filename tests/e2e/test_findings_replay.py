"""Findings are facts of the time they were recorded: a later change of the law in
force, or a rebuild of every read model, leaves them as they were found."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from events.lawfulness import LawInForce
from projections.casework.findings import Findings, FindingsQuery, list_findings
from projections.rebuild import rebuild
from services.app.bootstrap import Container
from tests.builders import LA_A, SCHOOL_A, random_upn
from tests.conftest import TokenFactory
from tests.e2e.helpers import movement_body

RULE = "ehe.protected_child_without_consent"


def home_educate(client: TestClient, auth: TokenFactory) -> dict[str, object]:
    pupil = {
        "upn": random_upn(),
        "date_of_birth": "2010-03-14",
        "child_protection_plan": True,
    }
    body = movement_body("elective_home_education", pupil=pupil)
    response = client.post(
        "/v1/movements", json=body, headers=auth("school", urn=SCHOOL_A)
    )
    assert response.status_code == 201, response.text
    result: dict[str, object] = response.json()
    return result


def test_a_rebuild_after_the_law_changes_keeps_the_findings_as_recorded(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:
    commenced = {"cwsa_2026_s37_ehe_consent": date(2025, 9, 1)}
    container.registry.law = LawInForce.with_overrides(commenced)
    recorded = home_educate(client, auth)
    assert RULE in [f["rule"] for f in recorded["findings"]]  # type: ignore[union-attr]

    container.registry.law = LawInForce()  # the provision never commenced after all
    later = home_educate(client, auth)
    assert RULE not in [f["rule"] for f in later["findings"]]  # type: ignore[union-attr]
    container.follower.stop()
    rebuild(container.registry, container.db, Findings)

    rows, _, _ = list_findings(
        container.db, FindingsQuery(la_code=LA_A, rule=RULE, limit=500)
    )
    found = {row["movement_id"] for row in rows}
    assert recorded["movement_id"] in found
    assert later["movement_id"] not in found
