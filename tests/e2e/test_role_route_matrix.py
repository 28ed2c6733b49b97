"""The role x route matrix, write and check paths included (issue 20).

For every route that names a child (by UPN, pupil key, movement, case or alert),
every principal with no relation to the child sends the same request twice: once
about a real child, once about a child the register has never held. The answers
must be alike (status, problem type, the fields and rules named, the shape of the
body), and the answer about the real child must carry none of its identifiers the
caller did not send, nor the school it attends. Every other route is read by each of
those principals and must not mention the child. A route the matrix does not know
fails the build, so a new route is classified when it is added.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.api.main import create_app
from services.app.bootstrap import Container
from services.privacy.vault import new_pupil_key
from tests.builders import SCHOOL_A, random_upn
from tests.conftest import TokenFactory
from tests.e2e.helpers import movement_body, settled_position
from tests.e2e.test_alerts_api import alerts_for
from tests.unit.services.test_route_scopes import api_routes

STRANGER = "100006"  # Ladywood Academy, Birmingham (LA 330)
Request = tuple[str, str, Any]  # method, path, JSON body
Child = dict[str, str]

UNRELATED: list[tuple[str, dict[str, str]]] = [
    ("school", {"urn": STRANGER}),
    ("dsl", {"urn": STRANGER}),
    ("la", {"la": "330"}),
    ("dsl", {"la": "330"}),
    ("vsh", {"la": "330"}),
    ("statistician", {}),
    ("researcher", {"project": "an-unapproved-project"}),
    ("subject", {"pupil_key": "pk_someone_else"}),
]


def _admission(child: Child) -> dict[str, Any]:
    return movement_body(
        "admission", pupil={"upn": child["upn"]}, from_urn=None, to_urn=STRANGER,
        effective_date="2026-03-02",
    )  # fmt: skip


def _leaving_a(child: Child) -> dict[str, Any]:
    return movement_body(
        "managed_move", pupil={"upn": child["upn"]}, from_urn=SCHOOL_A,
        to_urn=STRANGER, effective_date="2026-03-02",
    )  # fmt: skip


def _movement(child: Child, tail: str) -> str:
    return f"/v1/pupils/{child['pupil_key']}/movements/{child['movement_id']}/{tail}"


# Each route that names a child: how to ask it about one.
# fmt: off
CHILD_ROUTES: dict[str, Callable[[Child], Request]] = {
    "record_movement": lambda c: ("POST", "/v1/movements", _admission(c)),
    "record_movements_batch": lambda c: (
        "POST", "/v1/movements:batch",
        {"movements": [{"ref": "r1", "movement": _admission(c)},
                       {"ref": "r2", "movement": _leaving_a(c)}]},
    ),
    "check_movement": lambda c: ("POST", "/v1/movements:check", _admission(c)),
    "check_movement/leaving": lambda c: ("POST", "/v1/movements:check", _leaving_a(c)),
    "record_movement/leaving": lambda c: ("POST", "/v1/movements", _leaving_a(c)),
    "correct_movement": lambda c: (
        "POST", _movement(c, "corrections"),
        {"reason_code": "wrong_date", "effective_date": "2026-02-03"},
    ),
    "withdraw_movement": lambda c: (
        "POST", _movement(c, "withdrawal"), {"reason_code": "duplicate"}
    ),
    "record_step": lambda c: (
        "POST", f"/v1/pupils/{c['pupil_key']}/steps",
        {"step": "governors_decision", "decided_on": "2026-02-10",
         "movement_id": c["movement_id"], "outcome": "upheld"},
    ),
    "lookup_pupil": lambda c: ("POST", "/v1/pupils/lookup", {"upn": c["upn"]}),
    "pupil_history": lambda c: ("GET", f"/v1/pupils/{c['pupil_key']}/history", None),
    "pupil_access_log": lambda c: (
        "GET", f"/v1/pupils/{c['pupil_key']}/access-log", None
    ),
    "erase_pupil": lambda c: (
        "POST", f"/v1/pupils/{c['pupil_key']}/erasure", {"reason": "subject_request"}
    ),
    "limit_processing": lambda c: (
        "POST", f"/v1/pupils/{c['pupil_key']}/processing-limits",
        {"kind": "restriction", "grounds": "accuracy_contested"},
    ),
    "lift_processing_limit": lambda c: (
        "POST", f"/v1/pupils/{c['pupil_key']}/processing-limits/restriction/lifting",
        {"reason": "accuracy_verified"},
    ),
    "open_case": lambda c: (
        "POST", "/v1/cases",
        {"case_type": "managed_move", "pupil_key": c["pupil_key"],
         "school_urn": STRANGER, "opened_on": "2026-02-03"},
    ),
    "get_case": lambda c: ("GET", f"/v1/cases/{c['case_id']}", None),
    "transition_case": lambda c: (
        "POST", f"/v1/cases/{c['case_id']}/transitions",
        {"transition": "review_outcome:successful"},
    ),
    "assign_case": lambda c: (
        "POST", f"/v1/cases/{c['case_id']}/assignment", {"assignee": "someone"}
    ),
    "get_alert": lambda c: ("GET", f"/v1/alerts/{c['alert_id']}", None),
    "cnis_information": lambda c: (
        "GET", f"/v1/la/801/children-not-in-school/{c['pupil_key']}/information",
        None,
    ),
    "put_cnis_information": lambda c: (
        "PUT", f"/v1/la/801/children-not-in-school/{c['pupil_key']}/information",
        {"supplied_on": "2026-02-03", "home_address": "1 Mill Lane"},
    ),
    "acknowledge_alert": lambda c: (
        "POST", f"/v1/alerts/{c['alert_id']}/acknowledge", None
    ),
    "snooze_alert": lambda c: (
        "POST", f"/v1/alerts/{c['alert_id']}/snooze",
        {"until": "2026-12-31T09:00:00Z", "reason": "waiting for a visit"},
    ),
    "resolve_alert": lambda c: (
        "POST", f"/v1/alerts/{c['alert_id']}/resolve", {"outcome": "in_education"}
    ),
}
# fmt: on

# Writes that name no child (reference data, releases, webhooks, approvals).
NO_CHILD_WRITES = {
    "upsert_school", "upsert_provider", "put_census", "put_term_dates",
    "put_school_term_dates",
    "create_statistics_release", "register_webhook", "approve_research_project",
    "rotate_webhook_secret", "redeliver_webhook", "delete_webhook",
    "make_rights_request",  # the caller's own child, from its subject token
}  # fmt: skip
PROBES = {"healthz", "readyz", "metrics"}
PATH_VALUES = {
    "urn": SCHOOL_A, "la_code": "801", "academic_year": "2025-26",
    "provider_id": "P0001", "release_id": str(uuid.uuid4()), "name": "data.csv",
    "webhook_id": str(uuid.uuid4()),
}  # fmt: skip
QUERY_VALUES = {"academic_year": "2025-26", "level": "la"}


@pytest.fixture
def child(client: TestClient, auth: TokenFactory, container: Container) -> Child:
    """A looked-after child suspended at school A for 6 days, then excluded: it
    has movements, a case and an alert."""
    upn = random_upn()
    pupil = {"upn": upn, "date_of_birth": "2010-03-14", "looked_after": True}
    school = auth("school", urn=SCHOOL_A)
    for body in (
        movement_body("suspension", pupil=pupil, effective_date="2026-01-08", days=6),
        movement_body("permanent_exclusion", pupil=pupil, reason="PA",
                      effective_date="2026-02-02"),
    ):  # fmt: skip
        answer = client.post("/v1/movements", json=body, headers=school)
        assert answer.status_code == 201, answer.text
    receipt = answer.json()
    settled_position(container)
    key = receipt["pupil_key"]
    cases = client.get(f"/v1/schools/{SCHOOL_A}/cases", headers=school)
    case_id = _first_case(client, school, key, cases.json())
    alerts = alerts_for(client, auth("la", la="801"), key)
    assert alerts, "a looked-after child's exclusion raises an alert"
    return {"upn": upn, "pupil_key": key, "movement_id": receipt["movement_id"],
            "case_id": case_id, "alert_id": alerts[0]["alert_id"]}  # fmt: skip


def _first_case(
    client: TestClient, headers: dict[str, str], key: str, page: dict[str, Any]
) -> str:
    while True:
        mine = [c for c in page["data"] if c["pupil_key"] == key]
        if mine:
            return str(mine[0]["case_id"])
        cursor = page.get("next_cursor")
        assert cursor, "an exclusion opens a case"
        page = client.get(
            f"/v1/schools/{SCHOOL_A}/cases", params={"cursor": cursor}, headers=headers
        ).json()


def ghost() -> Child:
    """A child the register has never held, with ids of the same shapes."""
    return {"upn": random_upn(), "pupil_key": new_pupil_key(),
            "movement_id": str(uuid.uuid4()), "case_id": str(uuid.uuid4()),
            "alert_id": str(uuid.uuid4())}  # fmt: skip


def send(client: TestClient, headers: dict[str, str], request: Request) -> Any:
    method, path, body = request
    return client.request(method, path, json=body, headers=headers)


def shape(response: Any) -> Any:
    """What an answer says, without the values that differ between any two
    children: status, problem type and its fields and rules, the body's keys."""
    try:
        body = response.json()
    except ValueError:
        return response.status_code, response.text[:0]
    if isinstance(body, dict) and "type" in body and "status" in body:
        errors = sorted((e.get("field"), e.get("rule")) for e in body.get("errors", []))
        return response.status_code, body["type"], errors
    if isinstance(body, dict) and "items" in body:  # a batch: each item's answer
        items = [(i.get("status"), sorted(e.get("rule") for e in i.get("errors", [])))
                 for i in body["items"]]  # fmt: skip
        return response.status_code, items
    return response.status_code, _keys(body)


def _keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _keys(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return [_keys(v) for v in value[:1]]
    return type(value).__name__


def test_the_matrix_knows_every_route() -> None:
    app = create_app()
    operations = {r.operation_id for r in api_routes(app.routes) if r.include_in_schema}
    named = {name.split("/")[0] for name in CHILD_ROUTES}
    reads = {
        r.operation_id
        for r in api_routes(app.routes)
        if r.include_in_schema and "GET" in r.methods
    }
    unclassified = operations - named - NO_CHILD_WRITES - PROBES - reads
    assert unclassified == set(), "classify each new route in this matrix"


@pytest.mark.parametrize("role,claims", UNRELATED, ids=lambda v: str(v))
def test_no_route_answers_differently_for_a_child_the_caller_has_no_relation_to(
    client: TestClient, auth: TokenFactory, child: Child, role: str, claims: dict
) -> None:
    headers = auth(role, **claims)
    for name, build in CHILD_ROUTES.items():
        real, never = build(child), build(ghost())
        about_real = send(client, headers, real)
        about_ghost = send(client, headers, never)
        assert shape(about_real) == shape(about_ghost), (name, about_real.text)
        sent = json.dumps(real[1:])
        hidden = [v for k, v in child.items() if v not in sent] + [SCHOOL_A] * (
            SCHOOL_A not in sent
        )
        leaked = [v for v in hidden if v in about_real.text]
        assert leaked == [], (name, about_real.text)


@pytest.mark.parametrize("role,claims", UNRELATED, ids=lambda v: str(v))
def test_no_read_route_mentions_a_child_the_caller_has_no_relation_to(
    client: TestClient, auth: TokenFactory, child: Child, role: str, claims: dict
) -> None:
    headers = auth(role, **claims)
    app = create_app()
    for route in api_routes(app.routes):
        if not route.include_in_schema or "GET" not in route.methods:
            continue
        if route.operation_id in CHILD_ROUTES or route.operation_id in PROBES:
            continue
        path = route.path.format(**PATH_VALUES)
        query = {
            p.name: QUERY_VALUES[p.name]
            for p in route.dependant.query_params
            if p.name in QUERY_VALUES
        }
        answer = client.get(path, params=query, headers=headers)
        for value in (child["pupil_key"], child["upn"], child["movement_id"]):
            assert value not in answer.text, (route.path, answer.status_code)


def test_the_requests_are_well_formed_for_those_who_may_make_them(
    client: TestClient, auth: TokenFactory, child: Child
) -> None:
    """The matrix would prove nothing if its requests were refused as malformed:
    the child's own school and LA get real answers to the reads and checks."""
    school, la = auth("school", urn=SCHOOL_A), auth("la", la="801")
    for name, headers in (
        ("pupil_history", school), ("lookup_pupil", school),
        ("check_movement/leaving", school), ("get_case", school),
        ("get_alert", la), ("pupil_history", la), ("correct_movement", school),
    ):  # fmt: skip
        answer = send(client, headers, CHILD_ROUTES[name](child))
        assert answer.status_code < 400, (name, answer.text)
