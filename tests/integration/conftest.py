"""Integration fixtures: a Kafka-protocol broker (PostgreSQL: tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session")
def kafka_bootstrap() -> Iterator[str]:
    """A real broker speaking the Kafka protocol, found or started for this run."""
    from tests.servicefixtures import kafka_broker

    with kafka_broker() as bootstrap:
        yield bootstrap
