"""A real `pmr serve` and Debian's Chromium driven by Playwright (no browser
download). Chromium comes from the distribution's packages: `make browser` installs
it, and this fixture installs it too when it can (root, apt); otherwise it fails
with what to do, never skips, when integration tests are required."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "pages"


def _chromium() -> str:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=False)
    if Path(CHROMIUM).exists():
        return CHROMIUM
    message = "Debian's chromium is not installed: run `make browser`"
    if os.environ.get("PMR_REQUIRE_INTEGRATION"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=_chromium(), headless=True, args=["--no-sandbox"]
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from tests.servicefixtures import pmr_server

    data = tmp_path_factory.mktemp("pages")
    env = {
        **os.environ,
        "PMR_DATABASE_URL": f"sqlite:///{data / 'pmr.sqlite'}",
        "PMR_LOG_LEVEL": "WARNING",
    }
    env.pop("PMR_KAFKA_BOOTSTRAP", None)
    with pmr_server(env) as base:
        yield base
