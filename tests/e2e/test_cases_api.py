"""Casework over HTTP: movements open cases in the right LAs' queues, transitions
follow each case type's map, deadlines are school days, the queue rebuilds the same."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient

from projections.casework.la_queue import LaQueue
from projections.rebuild import rebuild
from projections.runner import envelope_of_notification
from services.app.bootstrap import Container
from services.processes.case_opener import CaseOpener
from tests.builders import LA_A, SCHOOL_A, SCHOOL_B, random_upn
from tests.conftest import RegisterClock, TokenFactory
from tests.e2e.helpers import assert_problem, movement_body, settled_position


def record(
    client: TestClient, auth: TokenFactory, body: dict[str, Any], urn: str = SCHOOL_A
) -> dict[str, Any]:
    answer = client.post("/v1/movements", json=body, headers=auth("school", urn=urn))
    assert answer.status_code == 201, answer.text
    result: dict[str, Any] = answer.json()
    return result


def cases_of(
    client: TestClient, auth: TokenFactory, la: str, pupil_key: str, **params: Any
) -> list[dict[str, Any]]:
    answer = client.get(
        f"/v1/la/{la}/queue", params={"limit": 500, **params}, headers=auth("la", la=la)
    )
    assert answer.status_code == 200, answer.text
    return [c for c in answer.json()["data"] if c["pupil_key"] == pupil_key]


def eventually(check: Any, seconds: float = 10.0) -> Any:
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.02)


def test_a_proposed_managed_move_is_in_its_las_queue_and_no_other(
    client: TestClient, auth: TokenFactory
) -> None:
    admitted = record(
        client, auth, movement_body("admission", to_urn=SCHOOL_A), urn=SCHOOL_A
    )
    pupil_key = admitted["pupil_key"]
    answer = client.post(
        "/v1/cases",
        json={
            "case_type": "managed_move",
            "pupil_key": pupil_key,
            "school_urn": SCHOOL_A,
            "opened_on": "2026-11-27",
        },
        headers=auth("school", urn=SCHOOL_A),
    )
    assert answer.status_code == 201, answer.text

    queued = eventually(lambda: cases_of(client, auth, LA_A, pupil_key))
    assert [(c["case_type"], c["state"]) for c in queued] == [
        ("managed_move", "proposed")
    ]
    assert queued[0]["next_deadline"]["due"] == "2026-12-11"  # 10 school days
    assert cases_of(client, auth, "202", pupil_key) == []


def test_the_same_case_sent_twice_is_one_case(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:
    admitted = record(
        client, auth, movement_body("admission", to_urn=SCHOOL_A), urn=SCHOOL_A
    )
    body = {"case_type": "managed_move", "pupil_key": admitted["pupil_key"],
            "school_urn": SCHOOL_A, "opened_on": "2026-11-27",
            "notes": "first"}  # fmt: skip
    school = auth("school", urn=SCHOOL_A)
    first = client.post("/v1/cases", json=body, headers=school)
    assert first.status_code == 201, first.text
    again = client.post("/v1/cases", json={**body, "notes": "again"}, headers=school)
    assert again.status_code == 200, again.text
    assert again.json()["case_id"] == first.json()["case_id"]
    assert again.json()["state"] == "proposed"
    by_la = client.post("/v1/cases", json=body, headers=auth("la", la=LA_A))
    case_id = first.json()["case_id"]
    assert (by_la.status_code, by_la.json()["case_id"]) == (200, case_id)
    later = client.post(
        "/v1/cases", json={**body, "opened_on": "2026-11-30"}, headers=school
    )
    assert later.status_code == 201 and later.json()["case_id"] != case_id
    settled_position(container)
    assert len(cases_of(client, auth, LA_A, admitted["pupil_key"])) == 2


def test_a_managed_move_walks_to_completion_and_refuses_a_wrong_step(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:
    upn = random_upn()
    admitted = record(
        client,
        auth,
        movement_body(
            "admission",
            pupil={"upn": upn, "date_of_birth": "2010-03-14"},
            to_urn=SCHOOL_A,
        ),
        urn=SCHOOL_A,
    )
    pupil_key = admitted["pupil_key"]
    opened = client.post(
        "/v1/cases",
        json={"case_type": "managed_move", "pupil_key": pupil_key,
              "school_urn": SCHOOL_A, "opened_on": "2026-11-23"},
        headers=auth("school", urn=SCHOOL_A),
    ).json()  # fmt: skip
    case = f"/v1/cases/{opened['case_id']}"
    school, la = auth("school", urn=SCHOOL_A), auth("la", la=LA_A)

    wrong = client.post(
        f"{case}/transitions", json={"transition": "approve"}, headers=la
    )
    assert_problem(wrong, 409, "transition", "transition_not_allowed")
    assert wrong.json()["state"] == "proposed"
    assert wrong.json()["allowed"] == ["parents_consent", "abandon"]

    for transition, headers in (
        ("parents_consent", school),
        ("receiving_school_agrees", school),
        ("approve", la),
    ):
        moved = client.post(
            f"{case}/transitions",
            json={"transition": transition, "decided_on": "2026-11-24",
                  "rationale": "agreed at the panel"},
            headers=headers,
        )  # fmt: skip
        assert moved.status_code == 201, moved.text
    move = movement_body(
        "managed_move",
        pupil={"upn": upn, "date_of_birth": "2010-03-14"},
        to_urn=SCHOOL_B,
        effective_date="2026-11-25",
        parental_consent=True,
        receiving_agreement=True,
    )
    record(client, auth, move)

    def completed() -> bool:
        return (
            container.registry.get_case(_uuid(opened["case_id"])).state
            == "outcome_review"
        )

    assert eventually(completed)

    def steps() -> list[str]:
        detail = client.get(case, headers=la).json()
        return [s["transition"] for s in detail["steps"][1:]]

    assert eventually(lambda: len(steps()) == 4)
    assert steps() == [
        "parents_consent", "receiving_school_agrees", "approve", "complete",
    ]  # fmt: skip


def test_correcting_an_exclusions_date_redates_the_cases_it_opened(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:
    excluded = record(
        client, auth,
        movement_body("permanent_exclusion", reason="PA", effective_date="2026-11-09"),
    )  # fmt: skip
    pupil_key, movement = excluded["pupil_key"], excluded["movement_id"]
    eventually(lambda: len(cases_of(client, auth, LA_A, pupil_key)) == 2)
    corrected = client.post(
        f"/v1/pupils/{pupil_key}/movements/{movement}/corrections",
        json={"reason_code": "data_entry_error", "effective_date": "2026-11-16"},
        headers=auth("school", urn=SCHOOL_A),
    )
    assert corrected.status_code == 201, corrected.text

    def redated() -> dict[str, Any]:
        cases = {c["case_type"]: c for c in cases_of(client, auth, LA_A, pupil_key)}
        opened = {c["opened_on"] for c in cases.values()}
        return cases if opened == {"2026-11-16"} else {}

    by_type = eventually(redated)
    assert by_type, "both cases open on the corrected date"
    # the same deadlines as an exclusion recorded on 16 November in the first place
    assert by_type["exclusion_review"]["next_deadline"]["due"] == "2026-12-07"
    assert by_type["sixth_day_provision"]["next_deadline"]["due"] == "2026-11-23"
    case = client.get(
        f"/v1/cases/{by_type['exclusion_review']['case_id']}",
        headers=auth("la", la=LA_A),
    ).json()
    assert [s["kind"] for s in case["steps"]] == ["opened", "redated"]
    # A replay of the correction (after a crash, say) re-dates nothing again.
    settled_position(container)
    notifications = container.registry.recorder.select_notifications(
        start=1, limit=10**6
    )
    envelopes = [envelope_of_notification(container.registry, n) for n in notifications]
    (correction,) = [
        e for e in envelopes
        if e and e.event_type == "movement_corrected" and e.pupil_key == pupil_key
    ]  # fmt: skip
    assert CaseOpener(container.registry, container.db).handle(correction) is False


def test_a_permanent_exclusion_opens_its_review_and_the_sixth_day_duty(
    client: TestClient, auth: TokenFactory
) -> None:
    excluded = record(
        client, auth,
        movement_body("permanent_exclusion", reason="PA", effective_date="2026-11-16"),
    )  # fmt: skip
    pupil_key = excluded["pupil_key"]

    queued = eventually(lambda: len(cases_of(client, auth, LA_A, pupil_key)) == 2 and
                        cases_of(client, auth, LA_A, pupil_key))  # fmt: skip
    by_type = {c["case_type"]: c for c in queued}
    assert by_type["exclusion_review"]["next_deadline"]["due"] == "2026-12-07"
    assert by_type["sixth_day_provision"]["next_deadline"]["due"] == "2026-11-23"
    assert by_type["sixth_day_provision"]["overdue"] is True  # today is 29 Nov

    step = {"step": "governors_decision", "movement_id": excluded["movement_id"],
            "decided_on": "2026-11-20", "outcome": "upheld"}  # fmt: skip
    answer = client.post(
        f"/v1/pupils/{pupil_key}/steps", json=step, headers=auth("school", urn=SCHOOL_A)
    )
    assert answer.status_code == 201, answer.text

    def in_review_window() -> bool:
        states = {
            c["case_type"]: c["state"] for c in cases_of(client, auth, LA_A, pupil_key)
        }
        return states.get("exclusion_review") == "review_window"

    assert eventually(in_review_window)


def test_home_education_and_an_unknown_destination_open_cases(
    client: TestClient, auth: TokenFactory
) -> None:
    ehe = record(client, auth, movement_body("elective_home_education"))
    assert eventually(lambda: cases_of(client, auth, LA_A, ehe["pupil_key"]))
    assert cases_of(client, auth, "202", ehe["pupil_key"]) == []  # and no other LA's
    lost = record(
        client, auth,
        movement_body(
            "roll_deletion", deletion_ground="continuous_absence_not_located"
        ),
    )  # fmt: skip

    assert (
        eventually(lambda: cases_of(client, auth, LA_A, ehe["pupil_key"]))[0][
            "case_type"
        ]
        == "home_education"
    )
    lost_cases = eventually(lambda: cases_of(client, auth, LA_A, lost["pupil_key"]))
    assert "missing_education" in {c["case_type"] for c in lost_cases}


def test_a_school_cannot_read_the_la_queue(client: TestClient, auth: TokenFactory):
    answer = client.get("/v1/la/801/queue", headers=auth("school", urn=SCHOOL_A))

    assert answer.status_code == 403


def test_the_queue_rebuilt_from_the_store_is_identical(
    client: TestClient, auth: TokenFactory, container: Container
) -> None:
    excluded = record(client, auth, movement_body("permanent_exclusion", reason="PA"))
    assert eventually(
        lambda: len(cases_of(client, auth, LA_A, excluded["pupil_key"])) == 2
    )
    assert container.follower.wait_for(container.registry.max_position())
    before = client.get(
        "/v1/la/801/queue?limit=500", headers=auth("la", la=LA_A)
    ).json()

    container.follower.stop()
    rebuild(container.registry, container.db, LaQueue)

    after = client.get("/v1/la/801/queue?limit=500", headers=auth("la", la=LA_A)).json()
    assert after == before


def _uuid(raw: str) -> Any:
    from uuid import UUID

    return UUID(raw)


def test_deadlines_count_on_the_las_own_term_dates(
    client: TestClient, auth: TokenFactory
) -> None:
    birmingham, school = "330", "100006"
    terms = [
        {"start": "2026-09-02", "end": "2026-10-23"},
        {"start": "2026-11-02", "end": "2026-12-18"},
    ]
    answer = client.put(
        f"/v1/la/{birmingham}/term-dates/2026-27",
        json={"terms": terms},
        headers=auth("la", la=birmingham),
    )
    assert answer.status_code == 200, answer.text
    excluded = record(
        client,
        auth,
        movement_body(
            "permanent_exclusion", from_urn=school, reason="PA",
            effective_date="2026-10-19",
        ),
        urn=school,
    )  # fmt: skip

    queued = eventually(
        lambda: (
            len(cases_of(client, auth, birmingham, excluded["pupil_key"])) == 2
            and cases_of(client, auth, birmingham, excluded["pupil_key"])
        )
    )

    due = {c["case_type"]: c["next_deadline"]["due"] for c in queued}
    # 15 and 5 school days, skipping the half term of 26-30 October
    assert due == {
        "exclusion_review": "2026-11-16",
        "sixth_day_provision": "2026-11-02",
    }


def test_term_dates_are_set_only_by_the_la_itself(
    client: TestClient, auth: TokenFactory
) -> None:
    body = {"terms": [{"start": "2026-09-02", "end": "2026-10-23"}]}

    answer = client.put(
        "/v1/la/330/term-dates/2026-27", json=body, headers=auth("la", la="801")
    )

    assert answer.status_code == 403


def test_returns_per_school_show_which_came_late(
    client: TestClient, auth: TokenFactory, container: Container, clock: RegisterClock
) -> None:
    clock.now = datetime(2026, 11, 30, 10, tzinfo=UTC)  # the Monday after the moves
    kent, school = "886", "100886"
    put = client.put(
        f"/v1/schools/{school}",
        json={"la_code": kent, "name": "Returns Test School"},
        headers=auth("admin"),
    )
    assert put.status_code == 200, put.text
    late = movement_body(
        "admission", from_urn=None, to_urn=school, effective_date="2026-09-03"
    )
    prompt = movement_body(
        "admission", from_urn=None, to_urn=school, effective_date="2026-11-27"
    )
    deleted = movement_body(
        "roll_deletion", from_urn=school, deletion_ground="moved_away",
        effective_date="2026-11-27",
    )  # fmt: skip
    for body in (late, prompt, deleted):
        record(client, auth, body, urn=school)
    settled_position(container)

    answer = client.get(
        f"/v1/la/{kent}/returns",
        params={"academic_year": "2026-27"},
        headers=auth("la", la=kent),
    ).json()

    (row,) = [r for r in answer["data"] if r["urn"] == school]
    assert row == {
        "urn": school, "name": "Returns Test School", "admissions": 2,
        "admissions_late": 1, "deletions": 1, "deletions_late": 0,
    }  # fmt: skip
