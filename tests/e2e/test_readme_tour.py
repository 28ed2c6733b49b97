"""The README's five-minute tour, pasted in order against a live `pmr serve`.

The shell blocks of the tour section run in one bash session (as a person pasting
them would), against a server on a fresh SQLite database; every step must succeed
and the story it tells must be the one the README says.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servicefixtures import free_port

ROOT = Path(__file__).resolve().parents[2]
PMR = Path(sys.executable).parent / "pmr"


def tour_blocks(readme: str) -> list[str]:
    """The ```sh blocks between the tour's heading and the next section."""
    section = readme.split("## A five-minute tour", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)```", section, re.S)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "PMR_ENV": "development",
        "PMR_DATA_DIR": str(tmp_path / "var"),
        "PMR_DATABASE_URL": f"sqlite:///{tmp_path / 'pmr.sqlite'}",
    }
    env.pop("PMR_KAFKA_BOOTSTRAP", None)
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [str(PMR), "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/readyz", timeout=1)
                break
            except OSError:
                assert process.poll() is None, (tmp_path / "serve.log").read_text()
                assert time.monotonic() < deadline, "pmr serve never became ready"
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def test_the_tour_has_its_steps() -> None:
    blocks = tour_blocks((ROOT / "README.md").read_text())
    assert len(blocks) >= 6
    assert "make run" in (ROOT / "README.md").read_text().split("## The tree")[0]


@pytest.mark.skipif(shutil.which("jq") is None, reason="the tour uses jq")
def test_the_readme_tour_runs_pasted_in_order(server: str) -> None:
    script = "\n".join(tour_blocks((ROOT / "README.md").read_text()))
    answer = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=ROOT,
        env={**os.environ, "PMR": server, "PATH": f"{PMR.parent}:{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    out = answer.stdout
    assert answer.returncode == 0, answer.stdout + answer.stderr
    assert '"name":"Hillside Academy"' in out
    assert "the child is pk_" in out
    assert '{"type":"permanent_exclusion","effective_date":"2026-11-23"' in out
    assert '"valid":true' in out
    assert '"case_type":"exclusion_review"' in out
    assert '"rule":"vulnerable_child_moved"' in out and "vsh:801" in out
    assert '{"status":"acknowledged"}' in out
    assert '"action":"history"' in out  # the family sees the LA's read
    assert '"movements":"c"' in out  # a handful of movements: suppressed
