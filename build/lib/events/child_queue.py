"""Writers to one child's stream take turns within a process.

Optimistic concurrency stays the rule between processes; inside one, concurrent
commands for the same child wait their turn on a lock (striped by pupil_key) rather
than reloading and retrying blindly, so a hot child does not burn retries.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

STRIPES = 256


class ChildQueues:
    """One lock per stripe of pupil_keys."""

    def __init__(self, stripes: int = STRIPES) -> None:
        self._locks = [threading.Lock() for _ in range(stripes)]

    @contextmanager
    def turn(self, pupil_key: str) -> Iterator[None]:
        """Hold the child's turn for one command."""
        lock = self._locks[zlib.crc32(pupil_key.encode()) % len(self._locks)]
        with lock:
            yield
