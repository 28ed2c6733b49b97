"""Replay rate, freshness and projection-worker scaling, measured side by side.

replay    rebuild of pupil_history from the store (events/s) vs a raw SELECT of the
          same rows (rows/s) on the same PostgreSQL — target >= 20,000 events/s;
freshness save -> visible in history through the in-process follower, p50/p99 at a
          steady offered rate (default 500 events/s) — target p99 < 1 s;
scale     two projection worker processes on a two-partition topic vs one worker
          on both partitions (join time excluded: manual assignment) — target >= 1.7x.
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import sys
import threading
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psycopg

from bench.ingest import scratch_database
from events.movements import MovementRequest, MovementType, Recorder, RecorderKind
from events.pupil import Pupil
from events.registry import Registry
from projections.history.pupil_history import PupilHistory
from projections.rebuild import rebuild
from projections.runner import LogFollower
from projections.view import create_tracking_table
from services.app.config import Settings
from services.app.storage import PostgresDatabase, SQLiteDatabase

SCHOOL = Recorder(RecorderKind.SCHOOL, urn="100001")
REQUEST = MovementRequest(
    MovementType.SUSPENSION,
    date(2026, 1, 8),
    from_urn="100001",
    from_la="801",
    reasons=("DB",),
    days=0.5,
)


def seed(registry: Registry, children: int, per_child: int = 4) -> None:
    """Write events fast, 250 children per transaction."""
    today = date(2026, 3, 1)
    for start in range(0, children, 250):
        batch = []
        for n in range(start, min(start + 250, children)):
            pupil = Pupil(pupil_key=f"pk_bench_{n}")
            for m in range(per_child):  # a day apart: the same act twice is one
                request = replace(
                    REQUEST, effective_date=REQUEST.effective_date + timedelta(days=m)
                )
                pupil.record_movement(f"m-{n}-{m}", request, SCHOOL, today)
            batch.append(pupil)
        registry.save(*batch)


def replay(dsn: str) -> dict[str, float]:
    registry = Registry(env=Settings(database_url=dsn).eventsourcing_env())
    seed(registry, 4000)  # 4,000 children x 5 events = 20,000 events
    db = PostgresDatabase(dsn)
    create_tracking_table(db)
    started = time.perf_counter()
    events = rebuild(registry, db, PupilHistory)
    rebuild_rate = events / (time.perf_counter() - started)
    started = time.perf_counter()
    with psycopg.connect(dsn) as conn:
        rows = conn.execute("SELECT * FROM registry_events ORDER BY notification_id")
        count = len(rows.fetchall())
    select_rate = count / (time.perf_counter() - started)
    db.close()
    registry.close()
    return {"replay_events_per_s": rebuild_rate, "raw_select_rows_per_s": select_rate}


def freshness(dsn: str, rate: float, seconds: float) -> dict[str, float]:
    settings = Settings(database_url=dsn)
    registry = Registry(env=settings.eventsourcing_env(), group_commit=True)
    db = PostgresDatabase(dsn)
    follower = LogFollower(registry, db, [PupilHistory()])
    follower.start()
    delays: list[float] = []
    saved: dict[int, float] = {}
    lock = threading.Lock()

    def applied(position: int) -> None:  # called by the follower after each batch
        now = time.perf_counter()
        with lock:
            for done in [p for p in saved if p <= position]:
                delays.append(now - saved.pop(done))

    follower.listeners.append(applied)

    writers, started = 8, time.perf_counter()
    sent = [0] * writers

    def write(w: int) -> None:  # each writer offers rate/writers, evenly spaced
        interval = writers / rate
        while time.perf_counter() - started < seconds:
            receipt = registry.record_movement(
                f"pk_fresh_{w}_{sent[w]}", REQUEST, SCHOOL
            )
            with lock:
                saved[receipt.position or 0] = time.perf_counter()
            follower.wake()
            sent[w] += 1
            pause = started + sent[w] * interval - time.perf_counter()
            if pause > 0:
                time.sleep(pause)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    achieved = sum(sent) / (time.perf_counter() - started)
    time.sleep(2)
    follower.stop()
    registry.close()
    db.close()
    delays.sort()
    return {
        "offered_per_s": rate,
        "achieved_per_s": achieved,
        "p50_ms": 1000 * statistics.median(delays),
        "p99_ms": 1000 * delays[int(0.99 * (len(delays) - 1))],
    }


def _work(bootstrap: str, topic: str, partitions: list[int], path: str, q: Any) -> None:
    from services.kafka.consumer import ProjectionWorker

    worker = ProjectionWorker(
        SQLiteDatabase(path), PupilHistory(), bootstrap, topic=topic
    )
    worker.setup()
    worker.assign(partitions)
    # Throughput from the first applied batch to the last: no join, no idle tail.
    # The first batch only starts the clock (its events are not counted).
    idle, first, last, first_batch = 0, 0.0, 0.0, 0
    while idle < 3:
        applied = worker.poll_once(timeout_ms=300)
        if applied == 0:
            idle += 1
            continue
        idle, last = 0, time.perf_counter()
        if not first:
            first, first_batch = last, applied
    q.put((worker.applied - first_batch, last - first))
    worker.close()


def scale(dsn: str, tmp: Path) -> dict[str, float]:
    from services.kafka.relay import Relay, make_producer
    from tests.integration.kafka_helpers import new_topic
    from tests.servicefixtures import kafka_broker

    registry = Registry(env=Settings(database_url=dsn).eventsourcing_env())
    db = PostgresDatabase(dsn)
    create_tracking_table(db)
    with kafka_broker() as bootstrap:
        topic = new_topic(bootstrap, partitions=2)
        relay = Relay(registry, db, lambda: make_producer(bootstrap), topic=topic)
        relay.start_from(0)
        while relay.publish_batch():
            pass
        relay.close()
        rates = {}
        for label, plan in (("one", [[0, 1]]), ("two", [[0], [1]])):
            q: Any = multiprocessing.Queue()
            procs = [
                multiprocessing.Process(
                    target=_work,
                    args=(bootstrap, topic, parts, str(tmp / f"{label}{i}.db"), q),
                )
                for i, parts in enumerate(plan)
            ]
            for p in procs:
                p.start()
            results = [q.get(timeout=300) for _ in procs]
            for p in procs:
                p.join()
            rates[label] = sum(n for n, _ in results) / max(t for _, t in results)
    registry.close()
    db.close()
    return {"one_worker_per_s": rates["one"], "two_workers_per_s": rates["two"]}


def main(argv: list[str]) -> None:
    admin = os.environ.get(
        "PMR_BENCH_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/postgres"
    )
    tmp = Path(os.environ.get("TMPDIR", "/tmp")) / f"pmr-bench-{os.getpid()}"
    tmp.mkdir(parents=True, exist_ok=True)
    with scratch_database(admin) as dsn:
        r = replay(dsn)
        print(
            f"replay: {r['replay_events_per_s']:.0f} events/s; raw SELECT "
            f"{r['raw_select_rows_per_s']:.0f} rows/s; ratio "
            f"{r['replay_events_per_s'] / r['raw_select_rows_per_s']:.2f} "
            "(target >= 20,000 events/s)"
        )
        s = scale(dsn, tmp)
        print(
            f"scale: one worker {s['one_worker_per_s']:.0f}/s, two workers "
            f"{s['two_workers_per_s']:.0f}/s; ratio "
            f"{s['two_workers_per_s'] / s['one_worker_per_s']:.2f} (target >= 1.7)"
        )
    with scratch_database(admin) as dsn:
        f = freshness(
            dsn, rate=float(os.environ.get("PMR_BENCH_RATE", "500")), seconds=10
        )
        print(
            f"freshness: offered {f['offered_per_s']:.0f}/s achieved "
            f"{f['achieved_per_s']:.0f}/s; p50 {f['p50_ms']:.1f} ms, "
            f"p99 {f['p99_ms']:.1f} ms (target p99 < 1000 ms)"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
