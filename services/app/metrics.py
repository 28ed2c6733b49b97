"""Prometheus metrics: request latency, events appended, relay and projection lag.

Lags are read from the database at scrape time (log head minus each consumer's
position), so they are right whichever process publishes or projects.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Histogram, ProcessCollector
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from projections.view import read_position
from services.processes.event_chain import last_check

if TYPE_CHECKING:
    from services.app.parts import ReadSide


class LagCollector(Collector):
    """Relay lag and per-projection lag, in events behind the log head."""

    def __init__(self, container: ReadSide) -> None:
        self.container = container

    def collect(self) -> Iterator[GaugeMetricFamily]:
        db, head = self.container.db, self.container.registry.max_position()
        head_gauge = GaugeMetricFamily("pmr_log_position", "newest position in the log")
        head_gauge.add_metric([], head)
        yield head_gauge
        relay = GaugeMetricFamily("pmr_relay_lag_events", "events not yet on Kafka")
        relay.add_metric([], max(head - read_position(db, "relay"), 0))
        yield relay
        lag = GaugeMetricFamily(
            "pmr_projection_lag_events", "events not yet applied", labels=["projection"]
        )
        for name, position in projection_positions(self.container).items():
            lag.add_metric([name], max(head - position, 0))
        yield lag
        yield from chain_gauges(last_check(db))


def chain_gauges(check: dict[str, object]) -> Iterator[GaugeMetricFamily]:
    """The last verification of the event log's hash chain (alert on broken > 0)."""
    broken = GaugeMetricFamily(
        "pmr_event_chain_broken",
        "1 when the last verification found an event rewritten, deleted or moved",
    )
    broken.add_metric([], 1 if check["status"] == "broken" else 0)
    yield broken
    at = GaugeMetricFamily(
        "pmr_event_chain_broken_at", "first position that failed (0: none)"
    )
    at.add_metric([], float(str(check["broken_at"] or 0)))
    yield at
    verified = GaugeMetricFamily(
        "pmr_event_chain_verified_events", "events verified by the last check"
    )
    verified.add_metric([], float(str(check["verified_events"])))
    yield verified


def projection_positions(container: ReadSide) -> dict[str, int]:
    """Where each projection has got to: its tracking row, or with Kafka the least
    advanced partition of its consumer group (an upper bound on its lag)."""
    names = [p.name for p in container.follower.projections]
    if not container.settings.kafka_bootstrap:
        return {name: read_position(container.db, name) for name in names}
    rows = container.db.query(
        "SELECT group_id, MIN(max_position) FROM kafka_offsets GROUP BY group_id"
    )
    applied = {str(group).removeprefix("pmr."): int(p) for group, p in rows}
    return {name: applied.get(name, 0) for name in names}


class Metrics:
    """The process's metrics, in their own registry."""

    def __init__(self, container: ReadSide) -> None:
        self.registry = CollectorRegistry()
        self.request_seconds = Histogram(
            "pmr_request_seconds",
            "HTTP request latency",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.server_errors = Counter(
            "pmr_server_errors",
            "requests answered 500 (each logged with a correlation id)",
            ["route"],
            registry=self.registry,
        )
        self.events_appended = Counter(
            "pmr_events_appended",
            "movement events appended",
            ["type"],
            registry=self.registry,
        )
        self.registry.register(LagCollector(container))
        # CPU seconds, memory and open files of this process (bench/ reads the CPU).
        ProcessCollector(registry=self.registry)
