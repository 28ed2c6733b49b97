"""Restrictions and objections (UK GDPR arts 18, 21): recorded as events, shown to the
family, honoured by every onward use the law does not require and by none it does;
every route declares its purpose."""

from __future__ import annotations

import csv
import io
import sys

from fastapi.testclient import TestClient

from events.processing_limits import PURPOSES
from projections.statistics.research_extract import pseudonym
from services.api.main import create_app
from services.api.purposes import ROUTE_PURPOSES
from services.app.bootstrap import Container
from tests.builders import SCHOOL_A
from tests.conftest import TokenFactory
from tests.e2e.helpers import assert_problem, movement_body, settled_position
from tests.e2e.test_research_extract import approve
from tests.unit.services.test_route_scopes import api_routes

YEAR = "2025-26"


def record(client: TestClient, auth: TokenFactory) -> dict:
    body = movement_body("suspension", effective_date="2026-01-12")
    answer = client.post(
        "/v1/movements", json=body, headers=auth("school", urn=SCHOOL_A)
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


PROJECT = "movements-and-attainment"  # its own: the other test starts unapproved


def extract(client: TestClient, auth: TokenFactory) -> list[dict[str, str]]:
    approve(client, auth, until="2099-12-31", project=PROJECT)
    answer = client.get(
        "/v1/research/movements.csv",
        params={"academic_year": YEAR},
        headers=auth("researcher", project=PROJECT),
    )
    assert answer.status_code == 200, answer.text
    return list(csv.DictReader(io.StringIO(answer.text)))


def child_in_extract(container: Container, pupil_key: str) -> str:
    return pseudonym(container.settings.pseudonym_secret, YEAR, pupil_key)


def test_an_objection_takes_the_child_out_of_research_until_lifted(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:
    objecting, other = record(client, auth), record(client, auth)
    settled_position(container, max(objecting["position"], other["position"]))
    before = {r["child"] for r in extract(client, auth)}
    objector = child_in_extract(container, objecting["pupil_key"])
    others = child_in_extract(container, other["pupil_key"])
    assert {objector, others} <= before
    assert objecting["pupil_key"] not in before  # pseudonyms, not pupil keys

    admin = auth("admin")
    limited = client.post(
        f"/v1/pupils/{objecting['pupil_key']}/processing-limits",
        json={"kind": "objection", "grounds": "particular_situation"},
        headers=admin,
    )
    assert limited.status_code == 201, limited.text
    settled_position(container, limited.json()["position"])
    during = {r["child"] for r in extract(client, auth)}
    assert objector not in during and others in during

    # Casework the law requires goes on: the LA still reads the child's history.
    history = client.get(
        f"/v1/pupils/{objecting['pupil_key']}/history", headers=auth("la", la="801")
    )
    assert history.status_code == 200, history.text
    # The family sees the objection on their record.
    me = auth("subject", pupil_key=objecting["pupil_key"])
    pack = client.get("/v1/me/export", headers=me).json()
    assert [p["kind"] for p in pack["processing_limits"]] == ["objection"]
    assert pack["processing_limits"][0]["article"] == "UK GDPR art. 21"

    lifted = client.post(
        f"/v1/pupils/{objecting['pupil_key']}/processing-limits/objection/lifting",
        json={"reason": "request_withdrawn"},
        headers=admin,
    )
    assert lifted.status_code == 201, lifted.text
    settled_position(container, lifted.json()["position"])
    assert objector in {r["child"] for r in extract(client, auth)}


def test_limits_refuse_what_cannot_be_meant_and_need_the_controller(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:
    key = record(client, auth)["pupil_key"]
    path = f"/v1/pupils/{key}/processing-limits"
    admin = auth("admin")
    assert_problem(
        client.post(path, json={"kind": "veto", "grounds": "x"}, headers=admin),
        422, "kind", "processing_limit_kind",
    )  # fmt: skip
    assert_problem(
        client.post(path, json={"kind": "restriction", "grounds": "dislike"},
                    headers=admin),
        422, "grounds", "processing_limit_grounds",
    )  # fmt: skip
    assert_problem(
        client.post(f"{path}/restriction/lifting", json={"reason": "request_withdrawn"},
                    headers=admin),
        422, "kind", "processing_limit_not_in_force",
    )  # fmt: skip
    school = client.post(
        path,
        json={"kind": "restriction", "grounds": "accuracy_contested"},
        headers=auth("school", urn=SCHOOL_A),
    )
    assert school.status_code == 403
    assert len(container.registry.get_pupil(key).processing_limits) == 0


def test_the_extract_writes_each_child_it_includes_to_the_access_log(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:
    recorded = record(client, auth)
    settled_position(container, recorded["position"])
    extract(client, auth)
    actions = {
        (a["action"], a["purpose"])
        for a in container.access_log.for_pupil(recorded["pupil_key"])
    }
    assert ("research_extract", "research_extract") in actions


def test_every_route_declares_a_known_purpose_and_openapi_shows_it() -> None:
    app = create_app()
    operations = {r.operation_id for r in api_routes(app.routes) if r.include_in_schema}
    pages = [r for r in api_routes(app.routes) if not r.include_in_schema]
    assert pages, "the web pages are routes too"
    for page in pages:  # each page module declares the purpose its pages serve
        assert sys.modules[page.endpoint.__module__].PURPOSE in PURPOSES, page.path
    assert operations - set(ROUTE_PURPOSES) == set()  # a new route must declare one
    assert set(ROUTE_PURPOSES) - operations == set()  # and none stale
    assert set(ROUTE_PURPOSES.values()) <= set(PURPOSES)
    schema = app.openapi()
    marked = {
        op["operationId"]: op["x-purpose"]["code"]
        for ops in schema["paths"].values()
        for op in ops.values()
    }
    assert marked == {k: v for k, v in ROUTE_PURPOSES.items() if k in marked}


def test_the_routes_a_limit_stops_are_exactly_those_tested_here() -> None:
    """Each route whose purpose does not continue for a limited child must be
    shown to leave such children out; this list is what the tests above cover."""
    stopped = {
        operation
        for operation, purpose in ROUTE_PURPOSES.items()
        if not PURPOSES[purpose].continues_when_limited
    }
    assert stopped == {"research_extract"}
