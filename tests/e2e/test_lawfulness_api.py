"""Unlawful acts are recorded, not refused: each breach is stored with its finding,
shown in the child's history, listed for the LA and carried on the stream envelope."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from events.envelope import envelope_from_stored, envelope_of
from events.lawfulness import EDITION
from services.app.bootstrap import Container
from tests.builders import LA_A, LA_C, SCHOOL_A, SCHOOL_B, SCHOOL_C, random_upn
from tests.conftest import TokenFactory
from tests.e2e.helpers import assert_problem, movement_body, settled_position

SPECIAL = "100010"  # Brook Special School, LA 801 (tests/fixtures/gias_sample.csv)
COMMUNITY = "100005"  # a community school, LA 801: under the 2010 Regulations always

# name -> (set-up movements as (recording school, body), the act, its school, LA,
# the rule it breaks)
Step = tuple[str, dict[str, Any]]
BREACHES: dict[str, tuple[list[Step], dict[str, Any], str, str, str]] = {
    "46th suspension day": (
        [(SCHOOL_A, {"type": "suspension", "reason": ["DB"], "days": 40})],
        {"type": "suspension", "reason": ["DB"], "days": 6, "from_urn": SCHOOL_C,
         "effective_date": "2026-01-15"},
        SCHOOL_C, LA_C, "suspension.year_limit_45_days",
    ),
    "deletion on the day of the exclusion": (
        [(SCHOOL_A, {"type": "permanent_exclusion", "reason": "PA"})],
        {"type": "roll_deletion", "deletion_ground": "permanently_excluded"},
        SCHOOL_A, LA_A, "exclusion.deleted_before_review_concluded",
    ),
    "9(1)(o) with no exclusion": (
        [],
        {"type": "roll_deletion", "deletion_ground": "permanently_excluded"},
        SCHOOL_A, LA_A, "exclusion.deleted_without_exclusion",
    ),
    "special school pupil home educated without consent": (
        [(SPECIAL, {"type": "admission", "from_urn": None, "to_urn": SPECIAL,
                    "effective_date": "2025-09-03"})],
        {"type": "elective_home_education", "from_urn": SPECIAL},
        SPECIAL, LA_A, "ehe.special_school_without_consent",
    ),
    "managed move without parental consent": (
        [],
        {"type": "managed_move", "to_urn": SCHOOL_B, "receiving_agreement": True},
        SCHOOL_A, LA_A, "managed_move.no_parental_consent",
    ),
    "off-site direction with a day's notice": (
        [],
        {"type": "off_site_direction", "days": 10, "notice_date": "2026-01-07",
         "from_urn": COMMUNITY},
        COMMUNITY, LA_A, "off_site.notice_late",
    ),
    "9(1)(n) at an academy": (
        [],
        {"type": "roll_deletion", "deletion_ground": "independent_school_left"},
        SCHOOL_A, LA_A, "deletion.independent_ground_at_state_school",
    ),
    "9(1)(l) in Year 11's January": (
        [],
        {"type": "roll_deletion", "deletion_ground": "ceased_compulsory_school_age"},
        SCHOOL_A, LA_A, "deletion.before_end_of_compulsory_school_age",
    ),
}  # fmt: skip


def post(
    client: TestClient, auth: TokenFactory, urn: str, body: dict[str, Any]
) -> dict[str, Any]:
    response = client.post("/v1/movements", json=body, headers=auth("school", urn=urn))
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


@pytest.mark.parametrize("name", sorted(BREACHES))
def test_an_unlawful_act_is_stored_shown_listed_and_published(
    client: TestClient, auth: TokenFactory, container: Container, name: str
) -> None:
    setup, act, urn, la_code, rule = BREACHES[name]
    upn = random_upn()
    pupil = {"upn": upn, "date_of_birth": "2010-03-14", "year_group": 11}
    for school, body in setup:
        post(
            client,
            auth,
            school,
            movement_body(body["type"], pupil=pupil, **body),
        )

    recorded = post(client, auth, urn, movement_body(act["type"], pupil=pupil, **act))

    breach = next(f for f in recorded["findings"] if f["rule"] == rule)
    assert breach["severity"] == "breach"
    assert breach["citation"]["instrument"] and breach["citation"]["url"]
    assert breach["rules_version"].startswith(f"{EDITION}/")
    position, movement_id = recorded["position"], recorded["movement_id"]
    assert container.follower.wait_for(position)
    # in the child's history
    history = client.get(
        f"/v1/pupils/{recorded['pupil_key']}/history", headers=auth("admin")
    ).json()
    shown = next(e for e in history["events"] if e["movement_id"] == movement_id)
    assert rule in [f["rule"] for f in shown["findings"]]
    # in the LA's findings
    listed = client.get(
        f"/v1/la/{la_code}/findings",
        params={"rule": rule, "school": urn},
        headers=auth("la", la=la_code),
    ).json()
    assert movement_id in [f["movement_id"] for f in listed["data"]]
    # on the stream envelope, by both decoding paths
    (stored,) = container.registry.recorder.select_notifications(position, 1)
    slow = envelope_of(container.registry.mapper.to_domain_event(stored), position)
    fast = envelope_from_stored(
        stored.topic, stored.originator_id, stored.originator_version, stored.state,
        position,
    )  # fmt: skip
    for envelope in (slow, fast):
        assert envelope is not None
        assert rule in [f["rule"] for f in envelope.payload["findings"]]


def test_a_lawful_act_carries_no_findings(client: TestClient, auth: TokenFactory):
    body = movement_body(
        "managed_move", to_urn=SCHOOL_B, parental_consent=True, receiving_agreement=True
    )

    assert post(client, auth, SCHOOL_A, body)["findings"] == []


def test_an_exclusion_deleted_after_the_review_window_has_no_breach(
    client: TestClient, auth: TokenFactory
) -> None:
    upn = random_upn()
    excluded = post(
        client, auth, SCHOOL_A,
        movement_body("permanent_exclusion", pupil={"upn": upn,
                      "date_of_birth": "2010-03-14"}, reason="PA"),
    )  # fmt: skip
    steps = f"/v1/pupils/{excluded['pupil_key']}/steps"
    decision = {
        "step": "governors_decision",
        "movement_id": excluded["movement_id"],
        "decided_on": "2026-01-20",
        "outcome": "upheld",
    }
    answer = client.post(steps, json=decision, headers=auth("school", urn=SCHOOL_A))
    assert answer.status_code == 201, answer.text
    deletion = movement_body(
        "roll_deletion",
        pupil={"upn": upn, "date_of_birth": "2010-03-14"},
        deletion_ground="permanently_excluded",
        effective_date="2026-02-11",  # 16 school days after the board's decision
    )

    rules = [f["rule"] for f in post(client, auth, SCHOOL_A, deletion)["findings"]]

    assert "exclusion.deleted_before_review_concluded" not in rules


def test_a_step_outcome_must_be_one_the_step_allows(
    client: TestClient, auth: TokenFactory
) -> None:
    excluded = post(
        client, auth, SCHOOL_A, movement_body("permanent_exclusion", reason="PA")
    )
    bad = {
        "step": "governors_decision",
        "movement_id": excluded["movement_id"],
        "decided_on": "2026-01-20",
        "outcome": "maybe",
    }

    answer = client.post(
        f"/v1/pupils/{excluded['pupil_key']}/steps",
        json=bad,
        headers=auth("school", urn=SCHOOL_A),
    )

    assert_problem(answer, 422, "outcome", "outcome_unknown")


def test_the_same_movement_sent_twice_is_409_naming_the_first(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:
    body = movement_body(
        "suspension", pupil={"upn": random_upn(), "date_of_birth": "2010-03-14"}
    )
    first = post(client, auth, SCHOOL_A, body)
    position = settled_position(container)

    again = client.post(
        "/v1/movements", json=body, headers=auth("school", urn=SCHOOL_A)
    )

    assert_problem(again, 409, "body", "movement_duplicate")
    assert again.json()["movement_id"] == first["movement_id"]
    assert settled_position(container) == position


def test_findings_are_only_for_the_las_own_area(
    client: TestClient, auth: TokenFactory
) -> None:
    answer = client.get("/v1/la/801/findings", headers=auth("la", la="202"))

    assert answer.status_code == 403


def test_an_unknown_rule_filter_is_refused(client: TestClient, auth: TokenFactory):
    answer = client.get(
        "/v1/la/801/findings", params={"rule": "nope"}, headers=auth("la", la="801")
    )

    assert_problem(answer, 422, "rule", "rule_unknown")
