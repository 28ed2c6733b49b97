"""Request bodies and assertions shared by the HTTP tests."""

from __future__ import annotations

import time
from typing import Any

from tests.builders import SCHOOL_A, random_upn


def movement_body(movement_type: str, **overrides: Any) -> dict[str, Any]:
    """A lawful request body for the type (school A leaving or B joining)."""
    body: dict[str, Any] = {
        "type": movement_type,
        "pupil": {"upn": random_upn(), "date_of_birth": "2010-03-14", "year_group": 11},
        "from_urn": SCHOOL_A,
        "effective_date": "2026-01-08",
    }
    body.update(_DEFAULTS.get(movement_type, {}))
    body.update(overrides)
    return body


_DEFAULTS: dict[str, dict[str, Any]] = {
    "permanent_exclusion": {"reason": "DB"},
    "suspension": {"reason": ["DB"], "days": 2},
    "roll_deletion": {"deletion_ground": "moved_away", "destination_known": True},
    "managed_move": {"to_urn": "100002"},
    "admission": {"from_urn": None, "to_urn": "100002"},
}


def assert_problem(response: Any, status: int, field: str, rule: str) -> None:
    """An RFC 9457 problem naming the field and the rule."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail"} <= set(body)
    pairs = {(e["field"], e["rule"]) for e in body.get("errors", [])}
    assert (field, rule) in pairs, body


def settled_position(container: Any, timeout: float = 10.0) -> int:
    """The log's head once every process following it (projections, and the case
    opener and alert raiser, which append events of their own) has caught up."""
    import time

    from projections.view import read_position

    deadline = time.monotonic() + timeout
    while True:
        head = int(container.registry.max_position())
        container.follower.wait_for(head)
        processes = ("case_opener", "alert_raiser")
        behind = [p for p in processes if read_position(container.db, p) < head]
        if not behind and container.registry.max_position() == head:
            return head
        assert time.monotonic() < deadline, "the log did not settle"
        time.sleep(0.02)


def queued_cases(
    client: Any, auth: Any, la: str, pupil_key: str, **params: Any
) -> list[dict[str, Any]]:
    """The child's open cases in the LA's queue, every page read (the shared
    PostgreSQL database holds many pages of LA 801's cases)."""
    if "case_type" in params:  # the queue's query parameter is `type`
        params["type"] = params.pop("case_type")
    mine: list[dict[str, Any]] = []
    cursor: str | None = "0"
    while cursor is not None:
        answer = client.get(
            f"/v1/la/{la}/queue",
            params={"limit": 500, "cursor": cursor, **params},
            headers=auth("la", la=la),
        )
        assert answer.status_code == 200, answer.text
        page = answer.json()
        mine += [c for c in page["data"] if c["pupil_key"] == pupil_key]
        cursor = page["next_cursor"]
    return mine


def eventually(check: Any, seconds: float = 15.0) -> Any:
    """The check's answer once truthy, or its last answer after the time allowed
    (the projections follow the log asynchronously; a busy shared database is slow)."""
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.05)
