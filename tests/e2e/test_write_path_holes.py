"""The write and check paths tell a caller nothing it could not read (issue 20).

Each test reproduces a finding of the hostile pass: a Birmingham school (100006),
with no relation to a Bristol child, probing the register through `:check` and
`POST /v1/movements`; a school that edits its way into a child's earlier life; a
school planting an exclusion of a child it never had.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from services.app.bootstrap import Container
from services.recording.first_contact import ATTEMPTS_A_DAY
from tests.builders import SCHOOL_A, SCHOOL_B, SCHOOL_C, random_upn
from tests.conftest import RegisterClock, TokenFactory
from tests.e2e.helpers import assert_problem, movement_body, settled_position
from tests.e2e.test_alerts_api import alerts_for
from tests.e2e.test_first_contact import DOB, a_child_at_school_a

STRANGER = "100006"  # Ladywood Academy, Birmingham: never had the child


def child_in_bristol(client: TestClient, auth: TokenFactory) -> tuple[str, str]:
    """A child suspended and then excluded at school A (born on DOB)."""
    return a_child_at_school_a(client, auth)


def admission(upn: str, urn: str, **pupil: Any) -> dict[str, Any]:
    return movement_body(
        "admission", pupil={"upn": upn, **pupil}, from_urn=None, to_urn=urn,
        effective_date="2026-03-02",
    )  # fmt: skip


def checked(client: TestClient, auth: TokenFactory, body: dict[str, Any]) -> Any:
    answer = client.post(
        "/v1/movements:check", json=body, headers=auth("school", urn=STRANGER)
    )
    return answer.status_code, answer.json()


def test_check_and_post_answer_alike_for_a_upn_on_the_register_and_one_not(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:
    known, _ = child_in_bristol(client, auth)
    unknown = random_upn()
    position = settled_position(container)

    on_register = checked(client, auth, admission(known, STRANGER))
    not_on_it = checked(client, auth, admission(unknown, STRANGER))
    posted = [
        client.post(
            "/v1/movements", json=admission(upn, STRANGER),
            headers=auth("school", urn=STRANGER),
        )
        for upn in (known, unknown)
    ]  # fmt: skip

    assert on_register == not_on_it
    assert on_register[1]["errors"][0]["rule"] == "first_contact_needs_date_of_birth"
    for answer in posted:
        assert_problem(
            answer, 422, "pupil.date_of_birth", "first_contact_needs_date_of_birth"
        )
    assert posted[0].json()["detail"] == posted[1].json()["detail"]
    assert settled_position(container) == position


def test_stepping_through_dates_of_birth_stops_at_the_limit_even_for_the_right_one(
    client: TestClient, auth: TokenFactory, container: Container, clock: RegisterClock
) -> None:
    upn, pupil_key = child_in_bristol(client, auth)
    wrong = [f"2011-05-{day:02d}" for day in range(10, 10 + ATTEMPTS_A_DAY)]

    answers = [
        checked(client, auth, admission(upn, STRANGER, date_of_birth=d)) for d in wrong
    ]
    right = client.post(
        "/v1/movements:check",
        json=admission(upn, STRANGER, date_of_birth=DOB),
        headers=auth("school", urn=STRANGER),
    )

    assert [a[1]["errors"][0]["rule"] for a in answers] == [
        "identity_mismatch"
    ] * ATTEMPTS_A_DAY
    assert_problem(
        right, 429, "pupil.date_of_birth", "first_contact_attempts_exhausted"
    )
    assert int(right.headers["Retry-After"]) > 0
    log = client.get(f"/v1/pupils/{pupil_key}/access-log", headers=auth("admin"))
    actions = [e["action"] for e in log.json()["data"] if e["organisation"] == STRANGER]
    assert actions.count("first_contact_failed") == ATTEMPTS_A_DAY - 1
    assert "first_contact_limit_reached" in actions
    assert "first_contact_refused_at_limit" in actions
    # The child's LA is told the same day; the school trying is not.
    raised = alerts_for(client, auth("la", la="801"), pupil_key)
    assert [a["rule"] for a in raised] == ["identification_attempts_exhausted"]
    stranger = client.get("/v1/alerts", headers=auth("dsl", urn=STRANGER)).json()
    assert pupil_key not in str(stranger)

    clock.now = clock() + timedelta(days=1)  # the next day the right date works
    status, answer = checked(client, auth, admission(upn, STRANGER, date_of_birth=DOB))
    assert status == 200 and answer["valid"] is True


def test_a_verified_first_contact_check_does_not_say_where_the_child_is(
    client: TestClient, auth: TokenFactory
) -> None:
    upn = random_upn()
    pupil = {"upn": upn, "date_of_birth": DOB}
    placed = client.post(
        "/v1/movements",
        json=admission(upn, SCHOOL_B, date_of_birth=DOB),
        headers=auth("school", urn=SCHOOL_B),
    )
    assert placed.status_code == 201, placed.text

    answers = {
        urn: checked(
            client,
            auth,
            movement_body(
                "managed_move",
                pupil=pupil,
                from_urn=STRANGER,
                to_urn=urn,
                parental_consent=True,
                receiving_agreement=True,
            ),
        )
        for urn in (SCHOOL_A, SCHOOL_B, SCHOOL_C)
    }

    assert len({str(a) for a in answers.values()}) == 1, answers
    assert answers[SCHOOL_B][1]["valid"] is True


def test_correcting_an_admission_back_to_2011_opens_no_earlier_life(
    client: TestClient, auth: TokenFactory
) -> None:
    upn, pupil_key = child_in_bristol(client, auth)
    school_c = auth("school", urn=SCHOOL_C)
    admitted = client.post(
        "/v1/movements", json=admission(upn, SCHOOL_C, date_of_birth=DOB),
        headers=school_c,
    )  # fmt: skip
    assert admitted.status_code == 201, admitted.text
    movement_id = admitted.json()["movement_id"]

    corrected = client.post(
        f"/v1/pupils/{pupil_key}/movements/{movement_id}/corrections",
        json={"reason_code": "wrong_date", "effective_date": "2011-03-15"},
        headers=school_c,
    )
    assert corrected.status_code == 201, corrected.text
    seen = client.get(
        f"/v1/pupils/{pupil_key}/history",
        params={"min_position": corrected.json()["position"]},
        headers=school_c,
    ).json()

    assert [e["type"] for e in seen["events"]] == ["admission"]


def test_a_school_that_never_had_the_child_cannot_plant_an_exclusion(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:
    upn = random_upn()
    on_roll = client.post(
        "/v1/movements", json=admission(upn, SCHOOL_A, date_of_birth=DOB),
        headers=auth("school", urn=SCHOOL_A),
    )  # fmt: skip
    assert on_roll.status_code == 201, on_roll.text
    pupil_key = on_roll.json()["pupil_key"]
    position = settled_position(container)

    planted = client.post(
        "/v1/movements",
        json=movement_body(
            "permanent_exclusion", pupil={"upn": upn, "date_of_birth": DOB},
            from_urn=STRANGER, reason="PA", effective_date="2026-03-09",
        ),
        headers=auth("school", urn=STRANGER),
    )  # fmt: skip

    assert_problem(planted, 422, "from_urn", "not_on_this_roll")
    assert SCHOOL_A not in planted.text and "Hillside" not in planted.text
    assert settled_position(container) == position
    read = client.get(
        f"/v1/pupils/{pupil_key}/history", headers=auth("school", urn=STRANGER)
    )
    assert read.status_code in (403, 404)


def test_a_safeguarding_note_never_reaches_the_family(
    client: TestClient, auth: TokenFactory, container: Container, clock: RegisterClock
) -> None:
    from services.privacy.subject_access import subject_pack
    from tests.e2e.test_alerts_api import alerts_for, three_moves

    secret = "mother's partner suspected of abuse, do not inform family"
    pupil_key = three_moves(client, auth)
    dsl = auth("dsl", urn=SCHOOL_B)
    (alert, *_) = alerts_for(client, dsl, pupil_key)
    resolved = client.post(
        f"/v1/alerts/{alert['alert_id']}/resolve",
        json={"outcome": "referred_to_social_care", "note": secret},
        headers=dsl,
    )
    assert resolved.status_code == 201, resolved.text

    me = auth("subject", pupil_key=pupil_key)
    for answer in (
        client.get("/v1/me/record", headers=me),
        client.get("/v1/me/export", headers=me),
        client.get("/v1/me/export", params={"format": "html"}, headers=me),
    ):
        assert answer.status_code == 200, answer.text
        assert "partner" not in answer.text
    controller = subject_pack(container, pupil_key, clock().date(), for_controller=True)
    (withheld,) = controller["withheld_notes"]
    assert withheld["text"] == secret and "Sch 3" in withheld["exemption"]


def test_a_looked_after_child_deleted_as_not_located_reaches_the_virtual_school_head(
    client: TestClient, auth: TokenFactory
) -> None:
    from tests.e2e.test_alerts_api import alerts_for

    upn = random_upn()
    school_a = auth("school", urn=SCHOOL_A)
    admitted = client.post(
        "/v1/movements",
        json=admission(upn, SCHOOL_A, date_of_birth=DOB, looked_after=True),
        headers=school_a,
    )
    assert admitted.status_code == 201, admitted.text
    deleted = client.post(  # the flag left off the deletion
        "/v1/movements",
        json=movement_body(
            "roll_deletion", pupil={"upn": upn, "date_of_birth": DOB},
            deletion_ground="continuous_absence_not_located",
            effective_date="2026-06-01",
        ),
        headers=school_a,
    )  # fmt: skip
    assert deleted.status_code == 201, deleted.text

    alerts = alerts_for(client, auth("vsh", la="801"), deleted.json()["pupil_key"],
                        rule="vulnerable_child_moved")  # fmt: skip

    assert "vulnerable_child_moved" in {a["rule"] for a in alerts}


def test_reading_the_queue_and_a_schools_cases_is_logged_for_each_child(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:
    _, pupil_key = child_in_bristol(client, auth)  # an exclusion opens a case
    settled_position(container)

    queued: set[str] = set()
    cursor: str | None = "0"
    while cursor is not None and pupil_key not in queued:  # the shared database
        page = client.get(
            "/v1/la/801/queue", params={"limit": 500, "cursor": cursor},
            headers=auth("la", la="801"),
        ).json()  # fmt: skip
        queued |= {r["pupil_key"] for r in page["data"]}
        cursor = page["next_cursor"]
    listed = client.get(f"/v1/schools/{SCHOOL_A}/cases",
                        headers=auth("school", urn=SCHOOL_A))  # fmt: skip

    assert pupil_key in queued
    assert pupil_key in {r["pupil_key"] for r in listed.json()["data"]}
    log = client.get(f"/v1/pupils/{pupil_key}/access-log", headers=auth("admin"))
    actions = {(e["action"], e["organisation"]) for e in log.json()["data"]}
    assert {("queue", "801"), ("school_cases", SCHOOL_A)} <= actions


def test_a_cross_site_sign_in_is_refused_and_sets_no_session(
    client: TestClient, auth: TokenFactory
) -> None:
    attacker = auth("school", urn=STRANGER)["Authorization"].removeprefix("Bearer ")

    for headers in ({"Origin": "https://evil.example"},
                    {"Sec-Fetch-Site": "cross-site"}):  # fmt: skip
        answer = client.post(
            "/sign-in", data={"token": attacker}, headers=headers,
            follow_redirects=False,
        )  # fmt: skip
        assert answer.status_code == 403
        assert "pmr_session" not in answer.headers.get("set-cookie", "")
    same_site = client.post(
        "/sign-in", data={"token": attacker}, follow_redirects=False,
        headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
    )  # fmt: skip
    assert same_site.status_code == 303


def test_the_familys_export_is_never_cached_or_framed(
    client: TestClient, auth: TokenFactory
) -> None:
    _, pupil_key = child_in_bristol(client, auth)
    me = auth("subject", pupil_key=pupil_key)

    for params in ({}, {"format": "html"}):
        answer = client.get("/v1/me/export", params=params, headers=me)
        assert answer.status_code == 200
        assert answer.headers["cache-control"] == "no-store"
        assert answer.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
