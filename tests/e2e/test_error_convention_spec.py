"""The error convention checked by walking the OpenAPI document: every GET
operation, asked by a role that may use it for something that does not exist or
with a query value it does not know, answers 404 or 422 (never 200, 403 or 500),
and every status any of these requests gets is one the operation documents."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from tests.builders import LA_A, SCHOOL_A
from tests.conftest import TokenFactory

# Values that name nothing the register holds, per path parameter; any other
# parameter gets a well-formed unknown id.
UNKNOWN = {"urn": "199999", "la_code": "999", "academic_year": "2016-17"}
NONSENSE = "no-such-value"
ROLES = (("admin", {}), ("la", {"la": LA_A}), ("school", {"urn": SCHOOL_A}),
         ("statistician", {}), ("dsl", {"urn": SCHOOL_A}))  # fmt: skip


def operations(client: TestClient) -> list[tuple[str, dict[str, Any]]]:
    spec = client.app.openapi()  # type: ignore[attr-defined]
    return [
        (path, op)
        for path, item in sorted(spec["paths"].items())
        if path.startswith("/v1/") and (op := item.get("get"))
    ]


def documented(op: dict[str, Any]) -> set[int]:
    return {int(s) for s in op.get("responses", {}) if s.isdigit()}


def first_allowed(client, auth, url: str) -> tuple[str, Any] | None:
    """The first role the route does not turn away (403) or fail to find for."""
    for role, claims in ROLES:
        answer = client.get(url, headers=auth(role, **claims))
        if answer.status_code != 403:
            return role, answer
    return None


def test_every_get_route_follows_the_error_convention(
    client: TestClient, auth: TokenFactory
) -> None:
    checked, broken = 0, []
    for path, op in operations(client):
        params = op.get("parameters", [])
        names = re.findall(r"{(\w+)}", path)
        url = path
        for name in names:
            url = url.replace(f"{{{name}}}", UNKNOWN.get(name, "pk_" + "0" * 24))
        required = {
            p["name"]: UNKNOWN.get(p["name"], "x")
            for p in params
            if p["in"] == "query" and p.get("required")
        }
        query = "&".join(f"{k}={v}" for k, v in required.items())
        found = first_allowed(client, auth, url + (f"?{query}" if query else ""))
        if found is None:
            continue  # no role of ours may use it (the subject's own routes)
        role, answer = found
        status = answer.status_code
        if status not in documented(op):
            broken.append(f"{path}: {status} not documented")
        # An organisation's collection (a school's cases) is a list, empty when
        # it has none: only a route naming something else must not find it.
        organisation_list = bool(names) and set(names) <= {"urn", "la_code"}
        organisation_list = organisation_list and status == 200
        body = answer.json() if organisation_list else None
        listed = body.get("data", body) if isinstance(body, dict) else body
        if organisation_list and listed not in ([], {}):
            broken.append(f"{path}: an unknown organisation's list is not empty")
        elif names and not organisation_list and status not in (404, 422):
            broken.append(f"{path} as {role}: unknown resource gave {status}")
        for param in params:
            schema = param.get("schema", {})
            enum = schema.get("enum") or [
                e for any_of in schema.get("anyOf", []) for e in any_of.get("enum", [])
            ]
            boolean = schema.get("type") == "boolean" or any(
                a.get("type") == "boolean" for a in schema.get("anyOf", [])
            )
            if param["in"] != "query" or not (enum or boolean):
                continue
            odd = {**required, param["name"]: NONSENSE}
            asked = "&".join(f"{k}={v}" for k, v in odd.items())
            got = client.get(
                f"{url}?{asked}", headers=auth(role, **dict(ROLES)[role])
            ).status_code
            checked += 1
            if got != 422:
                broken.append(f"{path}?{param['name']}={NONSENSE}: {got}, not 422")
            if got not in documented(op):
                broken.append(f"{path}: {got} not documented")
    assert checked > 5  # the walk found the routes' closed vocabularies
    assert not broken, "\n".join(broken)


def test_every_write_to_something_that_does_not_exist_changes_nothing(
    client: TestClient, auth: TokenFactory, container
) -> None:
    """A write naming an unknown case, alert, child or webhook answers 404 or 422
    (the body's own faults may be found first), a documented status, and stores
    nothing."""
    spec = client.app.openapi()  # type: ignore[attr-defined]
    head = container.registry.max_position()
    broken, tried = [], 0
    for path, item in sorted(spec["paths"].items()):
        names = re.findall(r"{(\w+)}", path)
        if not path.startswith("/v1/") or not set(names) - {"urn", "la_code"}:
            continue
        url = path
        for name in names:
            url = url.replace(f"{{{name}}}", UNKNOWN.get(name, "pk_" + "0" * 24))
        for method in ("post", "put", "patch", "delete"):
            if method not in item:
                continue
            for role, claims in ROLES:
                answer = client.request(
                    method.upper(), url, json={}, headers=auth(role, **claims)
                )
                if answer.status_code != 403:
                    break
            tried += 1
            status = answer.status_code
            if status not in (404, 422) and status != 403:
                broken.append(f"{method.upper()} {path}: {status}")
            if status not in {int(s) for s in item[method]["responses"] if s.isdigit()}:
                broken.append(f"{method.upper()} {path}: {status} not documented")
    assert tried > 5
    assert not broken, "\n".join(broken)
    assert container.registry.max_position() == head  # nothing was recorded
