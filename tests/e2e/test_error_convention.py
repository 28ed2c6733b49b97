"""One error convention (docs/errors.md): not yours is 404 like never there, a state
conflict is 409, an unknown query value is 422."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.builders import LA_A
from tests.conftest import TokenFactory
from tests.e2e.helpers import assert_problem


def test_unknown_query_values_are_422(client: TestClient, auth: TokenFactory) -> None:
    la = auth("la", la=LA_A)
    assert_problem(
        client.get(f"/v1/la/{LA_A}/queue?type=nonsense", headers=la),
        422, "type", "case_type_unknown",
    )  # fmt: skip
    assert_problem(
        client.get(f"/v1/la/{LA_A}/queue?type=managed_move&state=flying", headers=la),
        422, "state", "state_unknown",
    )  # fmt: skip
    assert (
        client.get(f"/v1/la/{LA_A}/queue?overdue=maybe", headers=la).status_code == 422
    )
    assert (
        client.get(f"/v1/la/{LA_A}/queue?type=managed_move", headers=la).status_code
        == 200
    )


def test_another_recipients_webhook_is_404_like_one_never_registered(
    client: TestClient, auth: TokenFactory
) -> None:
    dsl = auth("dsl", urn="100001", la=LA_A)
    never = client.get("/v1/webhooks/00000000-0000-0000-0000-000000000000/deliveries",
                       headers=dsl)  # fmt: skip
    assert never.status_code == 404
    assert never.json()["type"] == "/problems/not-found"


def test_acting_on_a_resolved_alert_is_a_409_conflict(
    client: TestClient, auth: TokenFactory
) -> None:
    from tests.e2e.test_alerts_api import alerts_for, three_moves

    key = three_moves(client, auth)
    la = auth("la", la=LA_A)
    (alert, *_) = alerts_for(client, la, key)
    path = f"/v1/alerts/{alert['alert_id']}/resolve"
    body = {"outcome": "in_education"}
    assert client.post(path, json=body, headers=la).status_code == 201
    assert_problem(client.post(path, json=body, headers=la), 409, "alert_id",
                   "alert_resolved")  # fmt: skip
    acknowledged = client.post(f"/v1/alerts/{alert['alert_id']}/acknowledge",
                               json={}, headers=la)  # fmt: skip
    assert acknowledged.status_code == 409
