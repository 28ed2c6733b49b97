"""What the register of children not in school holds (s436C): the LA records what
the parents gave, kept only in the vault; the register says what is held and owed;
each reading is logged; the family sees it; erasure shreds it; a child not on the
LA's register, another LA and a school learn nothing."""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from services.app.bootstrap import Container
from tests.builders import LA_A, LA_C, SCHOOL_A, random_upn
from tests.conftest import TokenFactory
from tests.e2e.helpers import assert_problem, settled_position
from tests.e2e.test_child_page import _tables_holding
from tests.e2e.test_children_not_in_school_api import entries, record

PATH = "/v1/la/{la}/children-not-in-school/{key}/information"


def given(container: Container, **changes: Any) -> dict[str, Any]:
    today = container.registry.clock().date()
    body = {
        "supplied_on": (today - timedelta(days=2)).isoformat(),
        "child_name": f"Ada {secrets.token_hex(4)}",
        "home_address": f"{secrets.randbelow(900) + 10} Mill Lane, Bristol",
        "at_home_address_since": (today - timedelta(days=800)).isoformat(),
        "parents": [{"name": "Grace Hopper", "address": "12 Mill Lane, Bristol",
                     "provides_education": True}],
        "hours_by_parents": 15,
        "hours_by_others": 6.5,
        "providers": [{"name": "Harbourside Tutors", "provider_type": "tutor",
                       "address_or_website": "harbourside.example",
                       "estimated_hours": 6.5}],
        "special_educational_needs": False,
    }  # fmt: skip
    body.update(changes)
    return body


def on_register(client: TestClient, container: Container, auth: TokenFactory) -> str:
    today = container.registry.clock().date()
    key = str(record(client, auth, "elective_home_education", random_upn(),
                     today - timedelta(days=20))["pupil_key"])  # fmt: skip
    settled_position(container)
    return key


def test_the_la_records_what_the_parents_gave_and_the_register_says_what_is_owed(
    client: TestClient, container: Container, auth: TokenFactory, caplog: Any
) -> None:
    caplog.set_level(logging.DEBUG)
    key = on_register(client, container, auth)
    la = auth("la", la=LA_A)
    (before,) = entries(client, auth, LA_A, key)
    assert before["information"]["held"] == ["date_of_birth"]  # the register knew
    body = given(container, hours_by_others=None, providers=None)
    answer = client.put(PATH.format(la=LA_A, key=key), json=body, headers=la)
    assert answer.status_code == 200, answer.text
    summary = answer.json()
    assert body["child_name"] not in answer.text  # the answer names items only
    assert summary["owed"] == [
        "estimated_hours_by_others",
        "providers_above_prescribed_time",
    ]
    assert "previous_address_if_under_12_months" in summary["held"]  # 2 years there
    (after,) = entries(client, auth, LA_A, key)
    assert after["information"]["owed"] == summary["owed"]
    # A fuller account replaces it; no provider above the prescribed time is an answer.
    full = given(container, providers=[])
    client.put(PATH.format(la=LA_A, key=key), json=full, headers=la)
    read = client.get(PATH.format(la=LA_A, key=key), headers=la).json()
    assert (
        read["owed"] == [] and read["information"]["child_name"] == full["child_name"]
    )
    looked = [e["action"] for e in container.access_log.for_pupil(key)]
    assert "cnis_information" in looked
    # Only in the vault: no table in clear, no log line.
    for personal in (full["child_name"], full["home_address"]):
        assert _tables_holding(container, personal) == []
        assert personal not in caplog.text
    # The family sees what is held.
    export = client.get("/v1/me/export", headers=auth("subject", pupil_key=key))
    (held,) = export.json()["children_not_in_school"]
    assert held["la_code"] == LA_A and held["home_address"] == full["home_address"]


def test_a_recent_move_owes_the_previous_address(
    client: TestClient, container: Container, auth: TokenFactory
) -> None:
    key = on_register(client, container, auth)
    today = container.registry.clock().date()
    moved = given(container, at_home_address_since=(today - timedelta(days=90))
                  .isoformat())  # fmt: skip
    answer = client.put(PATH.format(la=LA_A, key=key), json=moved,
                        headers=auth("la", la=LA_A))  # fmt: skip
    assert answer.json()["owed"] == ["previous_address_if_under_12_months"]


def test_what_cannot_be_true_is_refused_and_nothing_is_kept(
    client: TestClient, container: Container, auth: TokenFactory
) -> None:
    key = on_register(client, container, auth)
    la = auth("la", la=LA_A)
    today = container.registry.clock().date()
    future = given(container, supplied_on=(today + timedelta(days=1)).isoformat())
    assert_problem(client.put(PATH.format(la=LA_A, key=key), json=future, headers=la),
                   422, "supplied_on", "date_in_future")  # fmt: skip
    too_many = given(container, hours_by_parents=70)
    answer = client.put(PATH.format(la=LA_A, key=key), json=too_many, headers=la)
    assert answer.status_code == 422 and "hours_by_parents" in answer.text
    assert container.vault.cnis_information(key, LA_A) is None


def test_only_the_childs_la_reads_or_writes_and_others_learn_nothing(
    client: TestClient, container: Container, auth: TokenFactory
) -> None:
    key = on_register(client, container, auth)
    body = given(container)
    other = client.put(PATH.format(la=LA_C, key=key), json=body,
                       headers=auth("la", la=LA_C))  # fmt: skip
    assert other.status_code == 404  # not on 202's register: as for no child
    nobody = client.put(PATH.format(la=LA_A, key="pk_nobody"), json=body,
                        headers=auth("la", la=LA_A))  # fmt: skip
    assert (nobody.status_code, nobody.json()["detail"]) == (
        other.status_code,
        other.json()["detail"],
    )
    cross = client.get(PATH.format(la=LA_A, key=key), headers=auth("la", la=LA_C))
    assert cross.status_code == 403
    operator = client.get(PATH.format(la=LA_A, key=key), headers=auth("admin"))
    assert operator.status_code == 403  # runs the register, reads no family's data
    school = client.get(PATH.format(la=LA_A, key=key),
                        headers=auth("school", urn=SCHOOL_A))  # fmt: skip
    assert school.status_code == 403
    suspended = record(
        client,
        auth,
        "suspension",
        random_upn(),
        container.registry.clock().date(),
        reason=["DB"],
        days=1,
    )
    settled_position(container)
    not_on = client.put(PATH.format(la=LA_A, key=suspended["pupil_key"]), json=body,
                        headers=auth("la", la=LA_A))  # fmt: skip
    assert not_on.status_code == 404


def test_erasure_shreds_it(
    client: TestClient, container: Container, auth: TokenFactory
) -> None:
    key = on_register(client, container, auth)
    body = given(container)
    client.put(PATH.format(la=LA_A, key=key), json=body, headers=auth("la", la=LA_A))
    erased = client.post(f"/v1/pupils/{key}/erasure",
                         json={"reason": "subject_request_upheld"},
                         headers=auth("admin"))  # fmt: skip
    assert erased.status_code == 201, erased.text
    settled_position(container)
    assert container.vault.cnis_records(key) == []
    assert _tables_holding(container, body["child_name"]) == []
