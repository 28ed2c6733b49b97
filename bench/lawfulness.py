"""What judging lawfulness adds to recording a movement, side by side in one run.

For the same mix of requests against the same child records (no database):
  validity   the validity checks alone (what recording cost before findings);
  judged     validity plus every lawfulness rule in force (what recording does now).
Prints microseconds per movement for each and the ratio judged/validity.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import Any

from events.lawfulness import LawInForce, Situation, judge
from events.movements import (
    MovementRequest,
    MovementType,
    PupilFacts,
    Recorder,
    RecorderKind,
    validate,
)
from events.movements.base import ExclusionReview

TODAY = date(2026, 3, 2)
SCHOOL = Recorder(RecorderKind.SCHOOL, urn="100001")
FACTS = PupilFacts(
    on_roll=frozenset({"100001"}),
    excluded_from={"100001": date(2026, 1, 12)},
    exclusion_reviews={"100001": ExclusionReview(date(2026, 1, 12))},
    suspension_days_by_year={"2025-26": 12.0},
    suspension_days_by_term={"2025-26 spring": 4.0},
)
BASE: dict[str, Any] = {
    "effective_date": date(2026, 2, 27),
    "from_urn": "100001",
    "from_la": "801",
}
REQUESTS = [
    MovementRequest(MovementType.SUSPENSION, reasons=("DB",), days=2.0, **BASE),
    MovementRequest(
        MovementType.ROLL_DELETION, deletion_ground="permanently_excluded", **BASE
    ),
    MovementRequest(MovementType.ROLL_DELETION, deletion_ground="moved_away", **BASE),
    MovementRequest(MovementType.ELECTIVE_HOME_EDUCATION, **BASE),
    MovementRequest(MovementType.OFF_SITE_DIRECTION, days=10, **BASE),
]


def per_movement(work: Callable[[MovementRequest], None], rounds: int) -> float:
    """Microseconds per request, best of three passes."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for _ in range(rounds):
            for request in REQUESTS:
                work(request)
        best = min(best, time.perf_counter() - started)
    return best / (rounds * len(REQUESTS)) * 1e6


def main(argv: list[str]) -> None:
    law = LawInForce()

    def validity(request: MovementRequest) -> None:
        validate(request, FACTS, SCHOOL, TODAY)

    def judged(request: MovementRequest) -> None:
        validate(request, FACTS, SCHOOL, TODAY)
        judge(Situation(request, FACTS, TODAY), law)

    rounds = 2000
    before, after = per_movement(validity, rounds), per_movement(judged, rounds)
    print(f"validity only     {before:8.1f} us/movement")
    print(f"validity + rules  {after:8.1f} us/movement")
    print(
        f"ratio judged/validity {after / before:.2f}x "
        f"(rules add {after - before:.1f} us)"
    )


if __name__ == "__main__":
    main([])
