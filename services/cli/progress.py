"""The progress line of long CLI jobs (`pmr import`, `pmr schools import`): a bar,
the count, the rate and the time left, redrawn on a terminal and silent otherwise,
so logs and pipes stay clean."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    """`[#######.......................] 50/200 movements 25%, 40/s, 0 min left`"""

    WIDTH = 30

    def __init__(
        self,
        total: int = 0,
        start: int | None = None,
        unit: str = "movements",
        stream: TextIO | None = None,
    ) -> None:
        """`start` is where the rate counts from: a resumed job's done so far;
        left as None, the first count shown."""
        self.total, self.start, self.unit = total, start, unit
        self.stream = stream if stream is not None else sys.stderr
        self.started = time.monotonic()
        self.drawn = False

    def line(self, done: int) -> str:
        if self.start is None:
            self.start = done
        total = max(self.total, done)
        share = done / total if total else 1.0
        filled = int(share * self.WIDTH)
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = (done - self.start) / elapsed
        left = (total - done) / rate if rate else 0.0
        return (
            f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done:,}/{total:,}"
            f" {self.unit} {share:.0%}, {rate:,.0f}/s, {left / 60:.0f} min left"
        )

    def show(self, done: int, total: int | None = None) -> None:
        """Redraw with `done` (and a better-known total, if one is given)."""
        if total is not None:
            self.total = total
        if not self.stream.isatty():
            return
        self.stream.write(f"\r  {self.line(done)}")
        self.stream.flush()
        self.drawn = True

    def finish(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
