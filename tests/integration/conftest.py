"""Integration fixtures: a Kafka-protocol broker and a private PostgreSQL cluster a
test may stop or crash (the shared server: tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def kafka_bootstrap() -> Iterator[str]:
    """A real broker speaking the Kafka protocol, found or started for this run."""
    from tests.servicefixtures import kafka_broker

    with kafka_broker() as bootstrap:
        yield bootstrap


@pytest.fixture
def server() -> Iterator[Any]:
    """A PostgreSQL cluster of this test's own, to stop, crash and start again."""
    from tests.servicefixtures import private_postgres

    with private_postgres() as server:
        yield server
