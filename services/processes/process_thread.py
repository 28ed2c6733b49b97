"""A log process (the case opener, the alert raiser) on its own thread, in the
embedded mode: it follows the log itself, woken by every save and by a timer, so a
safeguarding alert waits neither behind the projections nor behind the other
process. Production runs each as its own consumer group instead (process_worker).
"""

from __future__ import annotations

import logging
import threading
import time

from services.processes.log_process import LogProcess

log = logging.getLogger(__name__)


class ProcessThread:
    """Catches the process up whenever woken, or every `poll_interval` seconds."""

    def __init__(
        self, process: LogProcess, poll_interval: float = 0.25, coalesce: float = 0.01
    ) -> None:
        self.process = process
        self.poll_interval = poll_interval
        # After a wake-up, let a few more saves arrive so a batch carries several.
        self.coalesce = coalesce
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, name=self.process.name, daemon=True
        )
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.process.catch_up()
            except Exception:  # a database blip: the position is unchanged, retry
                log.exception("log process step failed; retrying",
                              extra={"log_process": self.process.name})  # fmt: skip
                self._stop.wait(1)
            if self._wake.wait(self.poll_interval) and not self._stop.is_set():
                time.sleep(self.coalesce)
            self._wake.clear()
