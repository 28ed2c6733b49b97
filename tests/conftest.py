"""Shared fixtures: settings for each backend, a bootstrapped container, an HTTP client.

The same API tests run on the embedded SQLite store and on a real PostgreSQL server
(found or started by tests/servicefixtures.py; never mocked).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from events.clock import move_clock, utc_now
from services.access.tokens import Role, issue_token
from services.api.main import create_app
from services.app.bootstrap import Container, bootstrap
from services.app.config import Settings
from services.reference.schools import import_gias

FIXTURES = Path(__file__).parent / "fixtures"

# The wall-clock guard (`make test`'s second pass): the register's clock runs this
# many days ahead, so a test that hard-codes a date near today fails now, not later.
CLOCK_SHIFT_DAYS = int(os.environ.get("PMR_TEST_CLOCK_SHIFT_DAYS", "0"))
move_clock(timedelta(days=CLOCK_SHIFT_DAYS))


class RegisterClock:
    """The register's injectable clock in a test: the default clock until a test
    sets the moment (`clock.now = datetime(...)`); then time stands still there."""

    def __init__(self) -> None:
        self.now: datetime | None = None

    def __call__(self) -> datetime:
        return self.now or utc_now()


@pytest.fixture
def clock() -> RegisterClock:
    return RegisterClock()


@pytest.fixture(scope="session")
def postgres_admin_dsn() -> Iterator[str]:
    """A real PostgreSQL server that may create databases, for the whole run."""
    from tests.servicefixtures import postgres_server

    with postgres_server() as admin_dsn:
        yield admin_dsn


@pytest.fixture(scope="session")
def postgres_dsn(postgres_admin_dsn: str) -> Iterator[str]:
    """A throwaway database on a real PostgreSQL server, for the whole run."""
    from tests.servicefixtures import throwaway_database

    with throwaway_database(postgres_admin_dsn) as dsn:
        yield dsn


@pytest.fixture(params=["sqlite", "postgres"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings for each backend; PostgreSQL tests share one database per run."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'pmr.sqlite'}"
    else:
        url = request.getfixturevalue("postgres_dsn")
    return Settings(env="test", database_url=url, data_dir=tmp_path)


@pytest.fixture
def container(settings: Settings, clock: RegisterClock) -> Iterator[Container]:
    container = bootstrap(settings, clock=clock)
    import_gias(container.schools, FIXTURES / "gias_sample.csv")
    yield container
    container.close()


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container=container)) as client:
        yield client


TokenFactory = Callable[..., dict[str, str]]


@pytest.fixture
def auth(settings: Settings) -> TokenFactory:
    """auth("school", urn="100001") -> Authorization header for that role and scope."""

    def headers(role: str, **claims: str) -> dict[str, str]:
        token = issue_token(settings.jwt_secret, Role(role), **claims)
        return {"Authorization": f"Bearer {token}"}

    return headers


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Under `make test` (PMR_REQUIRE_INTEGRATION=1) a skipped test fails the run."""
    if os.environ.get("PMR_REQUIRE_INTEGRATION") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped:
        print(f"\n{skipped} test(s) skipped: make test requires every suite to run")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
