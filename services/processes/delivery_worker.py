"""Runs the webhook deliverer in a thread (embedded) or as `pmr deliver-webhooks`."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from services.delivery.webhooks import Deliverer

log = logging.getLogger(__name__)


class DeliveryWorker:
    """Delivers due webhook deliveries every `interval` seconds until stopped."""

    def __init__(
        self,
        deliverer: Deliverer,
        interval: float = 0.2,
        periodic: Callable[[], object] | None = None,
        period: float = 30.0,
    ) -> None:
        self.deliverer = deliverer
        self.interval = interval
        # Work that depends on time passing, not on new events (escalation).
        self.periodic = periodic
        self.period = period
        self._last_periodic = time.monotonic()  # first after one period
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run, name="webhooks", daemon=True)
        self._thread.start()

    def run(self) -> None:
        while not self._stop.is_set():
            try:
                self._maybe_periodic()
                sent = self.deliverer.deliver_due()
            except Exception:  # a broken row or database blip: try again shortly
                log.exception("webhook delivery round failed")
                sent = 0
            if not sent:
                self._stop.wait(self.interval)

    def _maybe_periodic(self) -> None:
        now = time.monotonic()
        if self.periodic is not None and now - self._last_periodic >= self.period:
            self._last_periodic = now
            self.periodic()

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=10)
