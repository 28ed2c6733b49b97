"""The register's clock: what "now" is for every rule, deadline and record it keeps.

Nothing in the register reads the wall clock itself: the Registry, the container and
every process take a clock (`bootstrap(clock=...)`, `Registry(clock=...)`), and
`utc_now` is the default one. Token lifetimes are security, not the register's day,
and keep the real time.

The test suite's wall-clock guard runs the tests a second time with the register moved
ahead (`move_clock`), so a test that hard-codes a date near today, or mixes the wall
clock with the register's, fails on the day it was written rather than a month later.
A running service never moves its clock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

Clock = Callable[[], datetime]

_shift = timedelta(0)


def utc_now() -> datetime:
    """The register's now: the wall clock in UTC (moved only by the test guard)."""
    return datetime.now(UTC) + _shift


def move_clock(by: timedelta) -> None:
    """Move the default clock by `by` for this process (the test suite's guard)."""
    global _shift
    _shift = by
