"""Schemathesis against the app's own OpenAPI document, with tokens of several roles:
no response is a server error, and every response matches the documented schema,
status and content type."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from services.api.main import create_app
from services.app.bootstrap import Container
from tests.conftest import TokenFactory

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    status_code_conformance,
]


@pytest.mark.parametrize(
    "claims",
    [
        {"role": "admin"},
        {"role": "school", "urn": "100001"},
        {"role": "la", "la": "801"},
        {"role": "subject", "pupil_key": "pk_fuzz"},
    ],
)
def test_no_server_error_and_no_schema_violation(
    container: Container, auth: TokenFactory, claims: dict[str, str]
) -> None:
    schema = schemathesis.openapi.from_asgi(
        "/openapi.json", create_app(container=container)
    )
    headers = auth(**claims)
    failures: list[tuple[str, str, str]] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(operation.as_strategy())
        @settings(
            max_examples=6,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case: Any) -> None:
            response = case.call(headers=headers)
            try:
                case.validate_response(response, checks=CHECKS)
            except Exception as failed:  # collected: every operation is tried
                failures.append((case.method, case.path, str(failed)[:300]))

        call()

    assert failures == []
