"""Rebuild a projection from the event store without taking it offline.

The projection is replayed from position 0 into fresh, suffixed tables (batched, as
the live follower does) while the live tables keep serving; then, in one
transaction, the old tables are dropped, the new ones renamed into place and the
live position set to where the replay ended. The live follower carries on from
there.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from events.registry import Registry
from projections.base import Projection
from projections.runner import LogFollower
from projections.view import Database, read_position, reset_position

Progress = Callable[[int, int], None]


def rebuild(
    registry: Registry,
    db: Database,
    projection_class: type[Projection],
    progress: Progress | None = None,
    batch_size: int = 2000,
) -> int:
    """Replay the whole log into new tables and swap them in; return events read."""
    suffix = f"__r{int(time.time())}"
    fresh = projection_class(suffix=suffix)
    fresh.name = projection_class.name + suffix  # its own tracking row while building
    with db.transaction() as cur:
        fresh.drop_tables(cur)
    follower = LogFollower(registry, db, [fresh], batch_size=batch_size)
    follower.setup()
    total, head = 0, registry.max_position()
    while (count := follower.step()) > 0:
        total += count
        if progress:
            progress(follower.position(), head)
    _swap(db, projection_class, suffix, read_position(db, fresh.name))
    return total


def _swap(
    db: Database, projection_class: type[Projection], suffix: str, position: int
) -> None:
    live = projection_class()
    with db.transaction() as cur:
        live.drop_tables(cur)
        for table in projection_class.tables:
            cur.execute(f"ALTER TABLE {table}{suffix} RENAME TO {table}")
        reset_position(cur, projection_class.name, position)
        cur.execute(
            "DELETE FROM projection_tracking WHERE projection = ?",
            (projection_class.name + suffix,),
        )
