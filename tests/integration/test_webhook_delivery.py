"""The webhook deliverer killed mid-run (SIGKILL) and restarted: every alert is
delivered at least once, and the receiver, dropping duplicates by delivery id, sees
each exactly once. Real PostgreSQL, real `pmr alerts` processes."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from events.movements import MovementRequest, MovementType, Recorder, RecorderKind
from services.app.bootstrap import bootstrap
from services.app.config import Settings
from services.delivery.webhooks import Webhooks, verify
from services.processes.alert_raiser import AlertRaiser
from services.reference.schools import School

pytestmark = pytest.mark.integration
PMR = str(Path(sys.executable).parent / "pmr")
ALERTS = 60


class SlowReceiver(BaseHTTPRequestHandler):
    """Takes 30 ms per delivery and holds the eleventh until `opened` is set, so the
    kill always lands mid-run however loaded the machine; keeps every arrival."""

    arrivals: list[tuple[str, str, bytes]] = []
    opened = threading.Event()

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        time.sleep(0.03)
        if len(SlowReceiver.arrivals) >= 10:
            SlowReceiver.opened.wait(timeout=120)
        SlowReceiver.arrivals.append(
            (self.headers["PMR-Delivery-Id"], self.headers["PMR-Signature"], body)
        )
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def receiver() -> Iterator[str]:
    SlowReceiver.arrivals = []
    SlowReceiver.opened = threading.Event()
    server = ThreadingHTTPServer(("127.0.0.1", 0), SlowReceiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/hook"
    SlowReceiver.opened.set()
    server.shutdown()


def wait_until(check: Any, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def queue_alerts(container: Any, url: str, prefix: str) -> str:
    """ALERTS suspected off-rollings reported to LA 801, each raising an alert its
    webhook at `url` is owed: one outbox row per alert. Returns the secret."""
    container.schools.upsert(School("100001", "801", "Outbox Test School"))
    _, secret = Webhooks(container.db).register(
        "la:801", url, container.registry.clock()
    )
    school = Recorder(RecorderKind.SCHOOL, urn="100001")
    report = MovementRequest(
        MovementType.SUSPECTED_OFF_ROLLING, date(2026, 11, 27),
        from_urn="100001", from_la="801",
    )  # fmt: skip
    for n in range(ALERTS):
        container.registry.record_movement(f"{prefix}_{n}", report, school)
    AlertRaiser(container.registry, container.db).catch_up()
    container.follower.catch_up()  # the outbox: one row per alert
    return secret


def test_a_killed_deliverer_loses_nothing_and_receivers_see_each_once(
    postgres_admin_dsn: str, receiver: str
) -> None:
    from tests.servicefixtures import throwaway_database

    with throwaway_database(postgres_admin_dsn) as dsn:
        container = bootstrap(
            Settings(database_url=dsn, env="test"), start_follower=False
        )
        try:
            secret = queue_alerts(container, receiver, "pk_kill")
            queued = container.db.query("SELECT COUNT(*) FROM webhook_deliveries")
            assert queued[0][0] == ALERTS

            env = {**os.environ, "PMR_DATABASE_URL": dsn, "PMR_ENV": "test"}
            first = subprocess.Popen([PMR, "alerts"], env=env)
            # Generous bounds: a loaded 2-core CI machine starts a process slowly.
            assert wait_until(lambda: len(SlowReceiver.arrivals) >= 10, 90)
            first.kill()  # SIGKILL mid-run
            first.wait(timeout=10)
            assert len(SlowReceiver.arrivals) < ALERTS
            SlowReceiver.opened.set()

            second = subprocess.Popen([PMR, "alerts"], env=env)
            try:
                delivered = (
                    "SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'delivered'"
                )
                assert wait_until(
                    lambda: container.db.query(delivered)[0][0] == ALERTS, 180
                ), container.db.query(
                    "SELECT status, attempts, last_error, COUNT(*) "
                    "FROM webhook_deliveries GROUP BY status, attempts, last_error"
                )
            finally:
                second.terminate()
                second.wait(timeout=10)
        finally:
            container.close()

    ids = [delivery_id for delivery_id, _, _ in SlowReceiver.arrivals]
    assert len(set(ids)) == ALERTS  # each alert, once by its delivery id
    now = int(time.time())
    assert all(verify(secret, sig, body, now) for _, sig, body in SlowReceiver.arrivals)


def test_two_deliverers_share_the_outbox_and_send_each_delivery_once(
    postgres_admin_dsn: str,
) -> None:
    """Two deliverers on one outbox at once: each claims rows under a lease and
    skips rows the other holds, so every delivery is sent once, by one of them."""
    from services.delivery.webhooks import Deliverer
    from tests.servicefixtures import throwaway_database

    with throwaway_database(postgres_admin_dsn) as dsn:
        container = bootstrap(
            Settings(database_url=dsn, env="test"), start_follower=False
        )
        try:
            queue_alerts(container, "http://127.0.0.1:9/hook", "pk_share")
            sent: dict[str, list[str]] = {"one": [], "two": []}

            def post_as(name: str) -> Any:
                def post(url: str, body: bytes, headers: dict[str, str]) -> int:
                    time.sleep(0.005)  # a receiver takes a moment: both overlap
                    sent[name].append(headers["PMR-Delivery-Id"])
                    return 204

                return post

            deliverers = [
                Deliverer(container.db, post=post_as(name), destination=lambda u: None)
                for name in sent
            ]
            threads = [
                threading.Thread(target=d.deliver_due, kwargs={"limit": ALERTS})
                for d in deliverers
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
            everything = sent["one"] + sent["two"]
            assert len(everything) == len(set(everything)) == ALERTS
            assert sent["one"] and sent["two"], "both took a share"
            delivered = container.db.query(
                "SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'delivered'"
            )
            assert delivered[0][0] == ALERTS
        finally:
            container.close()
