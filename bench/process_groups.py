"""The alert raiser and the case opener as Kafka consumer groups: one worker on a
two-partition topic against two worker processes, one partition each (join time
excluded: manual assignment), measured side by side in one run.

Each measurement gets its own copy of the same log (two scratch databases seeded
alike), so the second run does not find the first run's alerts already raised.
Targets (issue 26): two raisers >= 1.7x one; one raiser >= 2,000 events/s.

    python -m bench.process_groups        # PMR_BENCH_CHILDREN (default 1500)
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from typing import Any

from bench.ingest import scratch_database
from bench.pipeline import seed
from events.registry import Registry
from projections.view import create_tracking_table
from services.app.config import Settings
from services.app.storage import PostgresDatabase


def _work(kind: str, dsn: str, bootstrap: str, topic: str, parts: list[int],
          q: Any) -> None:  # fmt: skip
    from services.kafka.process_worker import ProcessWorker
    from services.processes.alert_raiser import AlertRaiser
    from services.processes.case_opener import CaseOpener

    registry = Registry(env=Settings(database_url=dsn).eventsourcing_env())
    db = PostgresDatabase(dsn)
    process = (AlertRaiser if kind == "raiser" else CaseOpener)(registry, db)
    worker = ProcessWorker(db, process, bootstrap, topic=topic, max_poll_records=500)
    worker.setup()
    worker.assign(parts)
    # From the start of the first poll that brings records to the end of the last
    # batch applied: no join, no idle tail.
    idle, first, last = 0, 0.0, 0.0
    while idle < 3:
        started = time.perf_counter()
        applied = worker.poll_once(timeout_ms=300)
        if applied == 0:
            idle += 1
            continue
        idle, last = 0, time.perf_counter()
        first = first or started
    q.put((worker.applied, last - first))
    worker.close()
    registry.close()
    db.close()


def _published(dsn: str, bootstrap: str, children: int) -> str:
    from services.kafka.consumer import OFFSETS_DDL
    from services.kafka.relay import Relay, make_producer
    from services.processes.alert_raiser import AlertRaiser
    from tests.integration.kafka_helpers import new_topic

    registry = Registry(env=Settings(database_url=dsn).eventsourcing_env())
    db = PostgresDatabase(dsn)
    create_tracking_table(db)
    AlertRaiser(registry, db).setup()  # once, before the workers start together
    with db.transaction() as cur:
        cur.execute(OFFSETS_DDL)
    seed(registry, children)
    topic = new_topic(bootstrap, partitions=2)
    relay = Relay(registry, db, lambda: make_producer(bootstrap), topic=topic)
    relay.start_from(0)
    while relay.publish_batch():
        pass
    relay.close()
    registry.close()
    db.close()
    return topic


def _rate(kind: str, dsn: str, bootstrap: str, topic: str,
          plan: list[list[int]]) -> float:  # fmt: skip
    q: Any = multiprocessing.Queue()
    procs = [
        multiprocessing.Process(
            target=_work, args=(kind, dsn, bootstrap, topic, parts, q)
        )
        for parts in plan
    ]
    for p in procs:
        p.start()
    results = [q.get(timeout=600) for _ in procs]
    for p in procs:
        p.join()
    return sum(n for n, _ in results) / max(t for _, t in results)


def main(argv: list[str]) -> None:
    from tests.servicefixtures import kafka_broker

    admin = os.environ.get(
        "PMR_BENCH_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/postgres"
    )
    children = int(os.environ.get("PMR_BENCH_CHILDREN", "1500"))
    with kafka_broker() as bootstrap:
        for kind in ("raiser", "opener"):
            rates = {}
            for label, plan in (("one", [[0, 1]]), ("two", [[0], [1]])):
                with scratch_database(admin) as dsn:
                    topic = _published(dsn, bootstrap, children)
                    rates[label] = _rate(kind, dsn, bootstrap, topic, plan)
            print(
                f"{kind}: one worker {rates['one']:.0f} events/s, two workers "
                f"{rates['two']:.0f} events/s; ratio "
                f"{rates['two'] / rates['one']:.2f} (target >= 1.7"
                + ("; one >= 2,000 events/s)" if kind == "raiser" else ")")
            )


if __name__ == "__main__":
    main(sys.argv[1:])
