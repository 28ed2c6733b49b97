"""The `pmr relay`, `pmr project` and `pmr rebuild` processes."""

from __future__ import annotations

import logging
import random
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from projections import PROJECTIONS
from projections.base import Projection
from projections.rebuild import rebuild
from services.app.bootstrap import Container, bootstrap
from services.app.config import Settings
from services.processes.log_process import LogProcess

Worker = TypeVar("Worker")


class Background(Protocol):
    def start(self) -> None: ...
    def stop(self) -> None: ...


BOOTSTRAP_TRY_MS = 5000
log = logging.getLogger("pmr.pipeline")


def stop_on_signals() -> threading.Event:
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    return stop


def run_relay(settings: Settings, from_position: int | None) -> int:
    """Publish the log to Kafka until stopped."""
    from services.kafka.relay import Relay, make_producer, single_relay

    if not settings.kafka_bootstrap:
        print("pmr relay: set PMR_KAFKA_BOOTSTRAP", file=sys.stderr)
        return 2
    bootstrap_address = settings.kafka_bootstrap
    container = bootstrap(settings, start_follower=False)
    stop = stop_on_signals()
    relay = Relay(
        container.registry, container.db, lambda: make_producer(bootstrap_address)
    )
    try:
        with single_relay(settings.database_url, settings.data_dir):
            if from_position is not None:
                relay.start_from(from_position)
            log.info("relay active", extra={"position": relay.position()})
            relay.run(stop)
    finally:
        relay.close()
        container.close()
    return 0


def chosen(names: Sequence[str]) -> list[type[Projection]]:
    if list(names) == ["all"]:
        return list(PROJECTIONS.values())
    unknown = [n for n in names if n not in PROJECTIONS]
    if unknown:
        raise SystemExit(
            f"unknown projection(s) {unknown}; known: {sorted(PROJECTIONS)}"
        )
    return [PROJECTIONS[n] for n in names]


def run_projectors(settings: Settings, names: Sequence[str]) -> int:
    """One Kafka consumer per projection, each in its own group, until stopped."""
    from services.kafka.consumer import ProjectionWorker

    if not settings.kafka_bootstrap:
        print("pmr project: set PMR_KAFKA_BOOTSTRAP", file=sys.stderr)
        return 2
    container = bootstrap(settings, start_follower=False)
    stop = stop_on_signals()
    bootstrap_address = settings.kafka_bootstrap
    workers = []
    for cls in chosen(names):
        worker = when_broker_answers(
            lambda cls=cls: ProjectionWorker(  # type: ignore[misc]
                container.db,
                cls(),
                bootstrap_address,
                session_timeout_ms=settings.kafka_session_timeout_ms,
                heartbeat_interval_ms=max(settings.kafka_session_timeout_ms // 6, 500),
                # Each try gives up in seconds, so a stop signal is seen promptly.
                bootstrap_timeout_ms=BOOTSTRAP_TRY_MS,
            ),
            stop,
        )
        if worker is None:  # stopped while waiting
            container.close()
            return 0
        workers.append(worker)
    threads = []
    for worker in workers:
        if settings.migrate_on_start:  # else `pmr migrate` made the tables
            worker.setup()
        worker.subscribe()
        threads.append(threading.Thread(target=worker.run, args=(stop,), daemon=True))
        threads[-1].start()
    stop.wait()
    for thread in threads:
        thread.join(timeout=10)
    for worker in workers:
        worker.close()
    container.close()
    return 0


def when_broker_answers(
    make: Callable[[], Worker], stop: threading.Event, cap: float = 30.0
) -> Worker | None:
    """`make()` once the broker answers: a worker started before the broker waits,
    with exponential backoff and jitter, instead of exiting. None if stopped."""
    from kafka.errors import KafkaError

    delay = 0.5
    while not stop.is_set():
        try:
            return make()
        except KafkaError as unreachable:
            log.warning(
                "broker unreachable; waiting",
                extra={
                    "error": type(unreachable).__name__,
                    "retry_in": round(delay, 1),
                },
            )
            stop.wait(delay * random.uniform(0.5, 1.0))
            delay = min(delay * 2, cap)
    return None


def run_rebuild(settings: Settings, names: Sequence[str]) -> int:
    """Replay projections from the store into fresh tables and swap them in."""
    container = bootstrap(settings, start_follower=False)

    def progress(position: int, head: int) -> None:
        print(
            f"\r  {position}/{head} ({100 * position // max(head, 1)}%)",
            end="",
            file=sys.stderr,
        )

    try:
        for cls in chosen(names):
            print(f"rebuilding {cls.name}", file=sys.stderr)
            count = rebuild(container.registry, container.db, cls, progress)
            print(f"\n{cls.name}: {count} events replayed", file=sys.stderr)
    finally:
        container.close()
    return 0


def run_process_group(
    settings: Settings,
    make_process: Callable[[Container], LogProcess],
    alongside: Callable[[Container], Callable[[], object]] | None = None,
    background: Callable[[Container, LogProcess], Background] | None = None,
) -> int:
    """A log process (the case opener, the alert raiser) as one member of its
    Kafka consumer group: run N of these and the group shares the partitions.
    `alongside(container)` gives what else this instance does between polls;
    `background(container, process)` a thread it runs for its life."""
    from services.kafka.process_worker import ProcessWorker

    assert settings.kafka_bootstrap, "set PMR_KAFKA_BOOTSTRAP"
    address = settings.kafka_bootstrap
    container = bootstrap(settings, start_follower=False)
    stop = stop_on_signals()
    process = make_process(container)
    worker = when_broker_answers(
        lambda: ProcessWorker(
            container.db, process, address,
            session_timeout_ms=settings.kafka_session_timeout_ms,
            heartbeat_interval_ms=max(settings.kafka_session_timeout_ms // 6, 500),
            bootstrap_timeout_ms=BOOTSTRAP_TRY_MS,
        ),
        stop,
    )  # fmt: skip
    if worker is None:  # stopped while waiting
        container.close()
        return 0
    between = alongside(container) if alongside else (lambda: None)
    beside = background(container, process) if background else None
    if beside is not None:
        beside.start()
    try:
        if settings.migrate_on_start:  # else `pmr migrate` made the table
            worker.setup()
        worker.subscribe()
        log.info("consumer group joined", extra={"group": worker.group_id})
        while not stop.is_set():
            worker.poll_once()
            between()
    finally:
        if beside is not None:
            beside.stop()
        worker.close()
        container.close()
    return 0
