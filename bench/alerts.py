"""Time from a movement's 201 to its alert: readable in the API, and received by a
local webhook receiver, at an offered rate of movements per second (one PostgreSQL,
the embedded pipeline: the API process follows the log, raises and delivers).

Each movement is a suspected off-rolling report, which raises an alert at once; the
alert's id is known from the movement (rule, child, window), so the reader polls
`GET /v1/alerts/{id}` and the receiver notes the arrival of each `pupil_key`.
Prints p50/p99 of both latencies, and the rate achieved.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from bench.ingest import api_server, scratch_database

ARRIVED: dict[str, float] = {}


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        ARRIVED.setdefault(body["pupil_key"], time.perf_counter())
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        """Quiet."""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return (
        ordered[min(len(ordered) - 1, int(share * len(ordered)))]
        if ordered
        else float("nan")
    )


def run(base: str, rate: float, seconds: float) -> None:
    from services.access.tokens import Role, issue_token
    from services.app.config import DEV_JWT_SECRET

    school = issue_token(DEV_JWT_SECRET, Role.SCHOOL, urn="100001")
    la = issue_token(DEV_JWT_SECRET, Role.LA, la="801")
    admin = issue_token(DEV_JWT_SECRET, Role.ADMIN)
    httpx.put(
        f"{base}/v1/schools/100001",
        json={"la_code": "801", "name": "Bench"},
        headers={"Authorization": f"Bearer {admin}"},
    ).raise_for_status()
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{receiver.server_port}/hook"
    httpx.post(
        f"{base}/v1/webhooks",
        json={"url": url},
        headers={"Authorization": f"Bearer {la}"},
    ).raise_for_status()
    created: dict[str, tuple[float, str]] = {}
    todo: queue.Queue[tuple[float, str] | None] = queue.Queue()
    readable: list[float] = []
    readers = [
        threading.Thread(target=_reader, args=(base, la, todo, readable))
        for _ in range(2)
    ]
    for reader in readers:
        reader.start()
    lock = threading.Lock()
    started = time.perf_counter()
    senders = [
        threading.Thread(
            target=_send,
            args=(
                base,
                school,
                rate / SENDERS,
                seconds,
                i,
                started,
                created,
                todo,
                lock,
            ),
        )
        for i in range(SENDERS)
    ]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()
    n = len(created)
    achieved = n / (time.perf_counter() - started)
    for _ in readers:
        todo.put(None)
    for reader in readers:
        reader.join()
    time.sleep(3)
    received = [ARRIVED[k] - t for k, (t, _) in created.items() if k in ARRIVED]
    receiver.shutdown()
    print(f"offered {rate:.0f}/s, achieved {achieved:.0f}/s, {n} movements")
    print(
        f"201 -> alert readable: p50 {percentile(readable, 0.5) * 1000:.0f} ms, "
        f"p99 {percentile(readable, 0.99) * 1000:.0f} ms"
    )
    print(
        f"201 -> webhook received: p50 {percentile(received, 0.5) * 1000:.0f} ms, "
        f"p99 {percentile(received, 0.99) * 1000:.0f} ms ({len(received)}/{n})"
    )


SENDERS = 8


def _send(
    base: str,
    token: str,
    rate: float,
    seconds: float,
    sender: int,
    started: float,
    created: dict[str, tuple[float, str]],
    todo: queue.Queue[tuple[float, str] | None],
    lock: threading.Lock,
) -> None:
    """One client offering `rate` movements a second, evenly spaced."""
    from events.alerts.alert import Alert
    from events.identifiers import upn_check_letter

    client = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"})
    n = 0
    while time.perf_counter() - started < seconds:
        digits = f"801{sender:02d}{n:07d}"
        body = {
            "type": "suspected_off_rolling",
            "from_urn": "100001",
            "pupil": {
                "upn": upn_check_letter(digits) + digits,
                "date_of_birth": "2010-03-14",
            },
            "effective_date": "2026-11-27",
        }
        answer = client.post("/v1/movements", json=body).raise_for_status().json()
        alert_id = Alert.create_id(
            "off_rolling_report", answer["pupil_key"], answer["movement_id"]
        )
        item = (time.perf_counter(), str(alert_id))
        with lock:
            created[answer["pupil_key"]] = item
        todo.put(item)
        n += 1
        pause = started + n / rate - time.perf_counter()
        if pause > 0:
            time.sleep(pause)


def _reader(
    base: str,
    token: str,
    todo: queue.Queue[tuple[float, str] | None],
    delays: list[float],
) -> None:
    """Polls each alert as soon as its movement is recorded."""
    client = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"})
    while (item := todo.get()) is not None:
        sent, alert_id = item
        while client.get(f"/v1/alerts/{alert_id}").status_code != 200:
            time.sleep(0.05)  # polling harder would load the API it measures
        delays.append(time.perf_counter() - sent)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.alerts")
    parser.add_argument(
        "--dsn",
        default=os.environ.get(
            "PMR_BENCH_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args(argv)
    with scratch_database(args.dsn) as dsn, api_server(dsn, group_commit=True) as base:
        run(base, args.rate, args.seconds)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
