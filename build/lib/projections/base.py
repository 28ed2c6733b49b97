"""The shape every projection has: a name, its tables, and a batch apply.

A projection folds a batch of envelopes into its rows inside the caller's
transaction; the runner writes the position in the same transaction. Handlers must
be idempotent (a batch may be applied again after a crash before commit is seen).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

from events.envelope import EventEnvelope
from projections.view import Cursor


class Projection(ABC):
    """One read model: rows built from the register's events, rebuildable at will."""

    name: str
    tables: tuple[str, ...] = ()

    def __init__(self, suffix: str = "") -> None:
        # A rebuild writes into suffixed tables, then swaps them in.
        self.suffix = suffix

    def table(self, name: str) -> str:
        """This instance's name for one of its tables."""
        return name + self.suffix

    @abstractmethod
    def create_tables(self, cur: Cursor, dialect: str) -> None:
        """Create this projection's tables if absent."""

    @abstractmethod
    def apply(self, cur: Cursor, batch: Sequence[EventEnvelope]) -> None:
        """Fold a batch of envelopes (in log order) into the rows."""

    def drop_tables(self, cur: Cursor) -> None:
        """Drop this projection's tables (rebuilds start from empty)."""
        for table in self.tables:
            cur.execute(f"DROP TABLE IF EXISTS {self.table(table)}")
