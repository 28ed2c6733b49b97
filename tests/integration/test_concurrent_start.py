"""API, relay and projection workers start together on a fresh database."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from services.app.bootstrap import bootstrap
from services.app.config import Settings
from tests.servicefixtures import throwaway_database

pytestmark = pytest.mark.integration


def test_processes_starting_at_once_all_create_their_tables(
    postgres_admin_dsn: str, tmp_path: Path
) -> None:
    """docker compose starts them together: each creates the schema if absent, and
    PostgreSQL's catalogue races ("tuple concurrently updated") must not kill one."""
    for _ in range(3):  # the race is timing-dependent: several fresh databases
        with throwaway_database(postgres_admin_dsn) as dsn:
            settings = Settings(env="test", database_url=dsn, data_dir=tmp_path)
            assert start_together(settings, processes=4) == []


def start_together(settings: Settings, processes: int) -> list[BaseException]:
    failures: list[BaseException] = []
    ready = threading.Barrier(processes)

    def start() -> None:
        ready.wait()
        try:
            bootstrap(settings, start_follower=False).close()
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=start) for _ in range(processes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return failures
