"""Recovery after PostgreSQL outages: how fast the API says 503 while the database is
down, how fast /readyz answers, and how long after the database is back the first
write succeeds. One private cluster (never the shared one) is stopped for each
outage length in turn; a client posts a movement every 50 ms throughout.

    python -m bench.outage                 # outages of 2, 5 and 10 s
    python -m bench.outage --long          # 30 s, 1, 2 and 5 min (issue 12)

Prints one row per outage and the distribution of recovery times (seconds from the
database accepting connections again to the first 201).
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from fastapi.testclient import TestClient

from services.access.tokens import Role, issue_token
from services.api.main import create_app
from services.app.bootstrap import bootstrap
from services.app.config import Settings
from services.reference.schools import School
from tests.builders import random_upn
from tests.servicefixtures import private_postgres

BODY = {
    "type": "suspension",
    "from_urn": "100001",
    "effective_date": "2026-11-02",
    "reason": ["DB"],
    "days": 1,
}


def post(client: TestClient, headers: dict[str, str]) -> tuple[int, float]:
    started = time.perf_counter()
    answer = client.post(
        "/v1/movements",
        json={**BODY, "pupil": {"upn": random_upn(), "date_of_birth": "2010-03-14"}},
        headers=headers,
    )
    return answer.status_code, time.perf_counter() - started


def one_outage(client: TestClient, headers: dict[str, str], server: Any, length: float):
    server.stop(mode="immediate")
    refusals, ready = [], []
    until = time.monotonic() + length
    while time.monotonic() < until:
        status, took = post(client, headers)
        assert status == 503, status
        refusals.append(took)
        started = time.perf_counter()
        client.get("/readyz")
        ready.append(time.perf_counter() - started)
        time.sleep(0.05)
    server.start()  # returns once the cluster accepts connections
    back = time.perf_counter()
    while True:
        status, _took = post(client, headers)
        if status == 201:
            return statistics.median(refusals), max(ready), time.perf_counter() - back
        assert status == 503, status
        time.sleep(0.05)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--long", action="store_true", help="30 s to 5 min outages")
    args = parser.parse_args(argv)
    lengths = [30.0, 60.0, 120.0, 300.0] if args.long else [2.0, 5.0, 10.0]
    recoveries = []
    with private_postgres() as server:
        settings = Settings(database_url=server.dsn, postgres_connect_timeout=1)
        container = bootstrap(settings)
        container.schools.upsert(School("100001", "801", "Outage Academy"))
        token = issue_token(settings.jwt_secret, Role.SCHOOL, urn="100001")
        headers = {"Authorization": f"Bearer {token}"}
        try:
            app = create_app(container=container)
            with TestClient(app, raise_server_exceptions=False) as client:
                assert post(client, headers)[0] == 201
                print("outage s | 503 in (median) | /readyz worst | recovery s")
                for length in lengths:
                    refused, ready, recovery = one_outage(
                        client, headers, server, length
                    )
                    recoveries.append(recovery)
                    print(
                        f"{length:8.0f} | {refused * 1000:12.0f} ms | "
                        f"{ready * 1000:10.0f} ms | {recovery:10.2f}"
                    )
        finally:
            container.close()
    print(
        f"recovery after the database is back: min {min(recoveries):.2f} s, "
        f"median {statistics.median(recoveries):.2f} s, max {max(recoveries):.2f} s; "
        f"worst as a share of its outage "
        f"{max(r / n for r, n in zip(recoveries, lengths, strict=True)):.2f}"
    )


if __name__ == "__main__":
    main()
