"""A projection worker started while the broker is unreachable waits for it (with
backoff) instead of exiting, and stops cleanly when told to."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.servicefixtures import free_port, throwaway_database

pytestmark = pytest.mark.integration
PMR = str(Path(sys.executable).parent / "pmr")


def test_a_worker_waits_for_an_unreachable_broker(postgres_admin_dsn: str) -> None:
    with throwaway_database(postgres_admin_dsn) as dsn:
        env = {
            **os.environ,
            "PMR_DATABASE_URL": dsn,
            "PMR_KAFKA_BOOTSTRAP": f"127.0.0.1:{free_port()}",  # nobody listens
            "PMR_LOG_LEVEL": "WARNING",
        }
        worker = subprocess.Popen(
            [PMR, "project", "pupil_history"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            deadline = time.monotonic() + 60
            seen = b""
            assert worker.stderr is not None
            os.set_blocking(worker.stderr.fileno(), False)
            while b"broker unreachable" not in seen and time.monotonic() < deadline:
                assert worker.poll() is None, "the worker exited instead of waiting"
                seen += worker.stderr.read() or b""
                time.sleep(0.2)
            assert b"broker unreachable" in seen
            assert worker.poll() is None
        finally:
            worker.send_signal(signal.SIGTERM)
            code = worker.wait(timeout=30)
        assert code == 0
