"""API ingest vs raw PostgreSQL single-row INSERT transactions, side by side.

Measures on the same server in one run:
  raw_c1, raw_c8   single-row INSERT+COMMIT transactions/s from 1 and 8 threads
                   (psycopg, an event-store-shaped table) — the physical baseline;
  api_group        POST /v1/movements/s with 32 concurrent clients, group commit on;
  api_naive        the same with one transaction per command (PMR_GROUP_COMMIT=false).
  batch            movements/s through POST /v1/movements:batch (4 clients x 500);
  healthz          GET /healthz/s with 32 clients: the HTTP floor.
  api_only, batch_only  single POSTs and batches again with the API recording only
                   (PMR_KAFKA_BOOTSTRAP set, as in production: projections, case
                   opener and alert raiser run elsewhere), so the server CPU per
                   movement is ingest's own, not the embedded pipeline's too.
Prints the ratios the issue asks for: api_group/raw_c1 (target >= 1.5) and
api_group/raw_c8 (target >= 0.6), and api_group/api_naive; and the API server's
CPU per operation (its process_cpu_seconds_total over the measured window).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def scratch_database(admin_dsn: str) -> Iterator[str]:
    name = f"pmr_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield admin_dsn.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


CPU_MS: dict[str, float] = {}  # server CPU ms per operation, by measurement


def run_threads(
    clients: int,
    seconds: float,
    work: Callable[[int], Callable[[], None]],
    cpu: Callable[[], float] | None = None,
    name: str = "",
) -> float:
    """Operations per second from `clients` threads each looping its work(); with
    `cpu`, the server's CPU seconds per operation go into CPU_MS[name]."""
    stop = threading.Event()
    counts = [0] * clients

    def loop(i: int) -> None:
        step = work(i)
        while not stop.is_set():
            step()
            counts[i] += 1

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    time.sleep(1.0)  # warm-up
    cpu_before = cpu() if cpu else 0.0
    start_counts, started = sum(counts), time.perf_counter()
    time.sleep(seconds)
    done, elapsed = sum(counts) - start_counts, time.perf_counter() - started
    if cpu and done:
        CPU_MS[name] = (cpu() - cpu_before) * 1000 / done
    stop.set()
    for t in threads:
        t.join()
    return done / elapsed


def raw_insert_rate(dsn: str, clients: int, seconds: float) -> float:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS bench_raw (originator_id uuid, "
            "originator_version bigint, topic text, state bytea, "
            "notification_id bigserial UNIQUE, "
            "PRIMARY KEY (originator_id, originator_version))"
        )
    payload = os.urandom(300)

    def work(_: int) -> Callable[[], None]:
        conn = psycopg.connect(dsn)

        def step() -> None:
            conn.execute(
                "INSERT INTO bench_raw "
                "(originator_id, originator_version, topic, state) "
                "VALUES (%s, 1, 'bench', %s)",
                (uuid.uuid4(), payload),
            )
            conn.commit()

        return step

    return run_threads(clients, seconds, work)


@contextlib.contextmanager
def api_server(dsn: str, group_commit: bool, kafka: str | None = None) -> Iterator[str]:
    """`pmr serve` on the database; with `kafka`, the API records only (no
    follower in its process), as it runs beside Kafka workers."""
    from tests.servicefixtures import pmr_server

    env = {
        **os.environ,
        "PMR_DATABASE_URL": dsn,
        "PMR_GROUP_COMMIT": "true" if group_commit else "false",
        "PMR_LOG_LEVEL": "WARNING",
        "PMR_POSTGRES_POOL_SIZE": "40",
    }
    if kafka:
        env["PMR_KAFKA_BOOTSTRAP"] = kafka
    with pmr_server(env) as base:
        yield base


def server_cpu(base: str) -> Callable[[], float]:
    """Reads the server's CPU seconds so far from its /metrics."""

    def read() -> float:
        for line in httpx.get(f"{base}/metrics").text.splitlines():
            if line.startswith("process_cpu_seconds_total "):
                return float(line.split()[1])
        raise RuntimeError("the server does not report process_cpu_seconds_total")

    return read


def healthz_rate(base: str, clients: int, seconds: float) -> float:
    def work(_: int) -> Callable[[], None]:
        client = httpx.Client(base_url=base)
        return lambda: client.get("/healthz").raise_for_status()

    return run_threads(clients, seconds, work, server_cpu(base), "healthz")


def api_rate(
    base: str, token: str, admin: str, clients: int, seconds: float, la: str = "801"
) -> float:
    from events.identifiers import upn_check_letter

    body = {"la_code": "801", "name": "Bench School", "phase": "secondary"}
    httpx.put(
        f"{base}/v1/schools/100001",
        json=body,
        headers={"Authorization": f"Bearer {admin}"},
    ).raise_for_status()

    def work(i: int) -> Callable[[], None]:
        client = httpx.Client(
            base_url=base, headers={"Authorization": f"Bearer {token}"}
        )
        serial = iter(range(10**9))

        def step() -> None:
            digits = f"{la}{i:03d}{next(serial):06d}"  # a fresh child each time
            upn = upn_check_letter(digits) + digits
            response = client.post(
                "/v1/movements",
                json={
                    "type": "suspension",
                    "pupil": {
                        "upn": upn,
                        "date_of_birth": "2010-03-14",
                        "year_group": 10,
                    },
                    "from_urn": "100001",
                    "effective_date": "2026-01-08",
                    "reason": ["DB"],
                    "days": 1,
                },
            )
            response.raise_for_status()

        return step

    name = {"801": "api_group", "803": "api_naive"}.get(la, "api_only")
    return run_threads(clients, seconds, work, server_cpu(base), name)


def batch_rate(
    base: str,
    token: str,
    clients: int,
    size: int,
    seconds: float,
    la: str = "802",
    name: str = "batch",
) -> float:
    """Movements per second through POST /v1/movements:batch, `size` per request."""
    from events.identifiers import upn_check_letter

    def work(i: int) -> Callable[[], None]:
        client = httpx.Client(
            base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=120
        )
        serial = iter(range(10**9))

        def step() -> None:
            items = []
            for n in range(size):
                digits = f"{la}{i:03d}{next(serial):06d}"
                movement = {
                    "type": "suspension",
                    "pupil": {
                        "upn": upn_check_letter(digits) + digits,
                        "date_of_birth": "2010-03-14",
                        "year_group": 10,
                    },
                    "from_urn": "100001",
                    "effective_date": "2026-01-08",
                    "reason": ["DB"],
                    "days": 1,
                }
                items.append({"ref": str(n), "movement": movement})
            answer = client.post("/v1/movements:batch", json={"movements": items})
            answer.raise_for_status()

        return step

    # run_threads counts requests: each carries `size` movements
    rate = run_threads(clients, seconds, work, server_cpu(base), name) * size
    CPU_MS[name] /= size
    return rate


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.ingest")
    parser.add_argument(
        "--dsn",
        default=os.environ.get(
            "PMR_BENCH_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--clients", type=int, default=32)
    args = parser.parse_args(argv)
    from services.access.tokens import Role, issue_token
    from services.app.config import DEV_JWT_SECRET

    token = issue_token(DEV_JWT_SECRET, Role.SCHOOL, urn="100001")
    admin = issue_token(DEV_JWT_SECRET, Role.ADMIN)
    results: dict[str, float] = {}
    with scratch_database(args.dsn) as dsn:
        results["raw_c1"] = raw_insert_rate(dsn, 1, args.seconds)
        results["raw_c8"] = raw_insert_rate(dsn, 8, args.seconds)
        for name, group in (("api_group", True), ("api_naive", False)):
            with api_server(dsn, group) as base:
                la = "801" if group else "803"  # runs share a database: new children
                results[name] = api_rate(
                    base, token, admin, args.clients, args.seconds, la
                )
                if group:
                    results["batch"] = batch_rate(base, token, 4, 500, args.seconds)
                    results["healthz"] = healthz_rate(base, args.clients, args.seconds)
        from tests.servicefixtures import kafka_broker

        with kafka_broker() as kafka, api_server(dsn, True, kafka) as base:
            results["api_only"] = api_rate(
                base, token, admin, args.clients, args.seconds, "806"
            )
            results["batch_only"] = batch_rate(
                base, token, 4, 500, args.seconds, "807", "batch_only"
            )
    for name, rate in results.items():
        cpu = f"   server CPU {CPU_MS[name]:.2f} ms/op" if name in CPU_MS else ""
        print(f"{name:>10}: {rate:8.0f} /s{cpu}")
    print(
        f"api_group / raw_c1    = {results['api_group'] / results['raw_c1']:.2f}"
        "  (target >= 1.5)"
    )
    print(
        f"api_group / raw_c8    = {results['api_group'] / results['raw_c8']:.2f}"
        "  (target >= 0.6)"
    )
    print(f"api_group / api_naive = {results['api_group'] / results['api_naive']:.2f}")
    print(
        f"batch / raw_c8        = {results['batch'] / results['raw_c8']:.2f}"
        "  (target >= 0.6)"
    )
    print(f"batch / api_group     = {results['batch'] / results['api_group']:.2f}")
    print(
        f"batch_only / raw_c8   = {results['batch_only'] / results['raw_c8']:.2f}"
        "  (target >= 0.3; server CPU target <= 0.7 ms per movement, single <= 2)"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
