"""What a child's record says, as the commands and readers ask it (no events here).

Mixed into the Pupil aggregate: `facts()` folds the record into what the rules need;
the rest say which schools and LAs the child's record names (scope) and find a
movement that a correction or a step refers to.
"""

from __future__ import annotations

from dataclasses import replace

from events.errors import MovementAlreadyWithdrawn, MovementNotFound
from events.movement_entry import MovementEntry
from events.movements import MovementRequest, PupilFacts
from events.movements.steps import FollowedMovement, StepEntry
from events.pupil_facts import fold_facts


class PupilQueries:
    """Read-only questions of the Pupil aggregate's state."""

    movements: dict[str, MovementEntry]
    steps: list[StepEntry]
    home_la: str | None

    def facts(self, excluding: str | None = None) -> PupilFacts:
        """Roll state, suspension days and review steps, folded by date."""
        return fold_facts(self._active_in_date_order(excluding), self.steps)

    def schools_touched(self) -> frozenset[str]:
        """Every school any movement of this child names (scope: who had the child)."""
        urns = {u for e in self._standing() for u in (e.from_urn, e.to_urn)}
        return frozenset(u for u in urns if u)

    def las_touched(self) -> frozenset[str]:
        """Every LA whose schools any movement of this child names, and the LA
        where the child lives."""
        las = {la for e in self._standing() for la in (e.from_la, e.to_la)}
        return frozenset(la for la in (*las, self.home_la) if la)

    def _where_the_child_lives(self, request: MovementRequest) -> MovementRequest:
        """A request that does not say where the child lives: as last recorded."""
        if request.home_la or not self.home_la:
            return request
        return replace(request, home_la=self.home_la)

    def _standing(self) -> list[MovementEntry]:
        """Movements that give scope: all but those withdrawn as the wrong child's."""
        return [e for e in self.movements.values() if not e.wrong_pupil]

    def _active(self, movement_id: str) -> MovementEntry:
        entry = self.movements.get(movement_id)
        if entry is None:
            raise MovementNotFound(
                "no such movement on this child's record", field="movement_id"
            )
        if entry.withdrawn:
            raise MovementAlreadyWithdrawn(
                "this movement was withdrawn", field="movement_id"
            )
        return entry

    def _active_in_date_order(self, excluding: str | None) -> list[MovementEntry]:
        active = [
            e
            for e in self.movements.values()
            if not e.withdrawn and e.movement_id != excluding
        ]
        # dicts keep insertion (= recorded) order, so sort is stable on ties.
        return sorted(active, key=lambda e: e.effective_date)

    def _followed(self, movement_id: str | None) -> FollowedMovement | None:
        if movement_id is None:
            return None
        entry = self._active(movement_id)
        return FollowedMovement(
            entry.movement_type, entry.effective_date, entry.from_urn, entry.from_la
        )
