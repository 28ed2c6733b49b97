"""`pmr import DIR`: load `pmr simulate` output through the register, resumably.

Each movement goes through the identity vault and the Registry exactly as an API
call would, recorded by its school with an idempotency key, so running the import
again (or resuming after a crash) writes nothing twice. A refused movement is
counted with its rule, never fatal. Progress is kept in DIR/import.progress.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from events.errors import DomainError
from events.movements import Recorder, RecorderKind
from events.registry import IdempotencyKey
from events.school_calendar import AcademicYear
from services.access.tokens import Principal, Role
from services.app.bootstrap import Container
from services.recording.movement_body import MovementCreate
from services.recording.service import record
from services.reference.schools import School

OPERATOR = Principal(sub="pmr-import", role=Role.ADMIN)


def import_simulation(
    container: Container,
    source: Path,
    every: int = 1000,
    progress: Callable[[int, int], None] = lambda _done, _total: None,
) -> Counter[str]:
    """Load schools, census headcounts and movements; return outcome counts.
    `progress` hears the movements done (resumed ones included) and the total,
    at the start, every `every` movements and at the end."""
    reference = json.loads((source / "schools.json").read_text())
    container.schools.upsert_many(
        School(urn, la, f"Synthetic school {urn}")
        for urn, la in reference["schools"].items()
    )
    for year, schools in reference["headcounts"].items():
        for urn, headcounts in schools.items():
            container.census.put(urn, AcademicYear.parse(year), headcounts)
    progress_file = source / "import.progress"
    done = int(progress_file.read_text()) if progress_file.exists() else 0
    outcomes: Counter[str] = Counter()
    movements = source / "movements.jsonl"
    with movements.open() as lines:
        total = sum(1 for _ in lines)
    progress(done, total)
    with movements.open() as lines:
        for number, line in enumerate(lines, start=1):
            if number <= done:
                continue
            outcomes[_record(container, json.loads(line))] += 1
            if number % every == 0:
                progress_file.write_text(str(number))
                progress(number, total)
    progress_file.write_text(str(done + sum(outcomes.values())))
    progress(done + sum(outcomes.values()), total)
    container.follower.wake()
    return outcomes


def _record(container: Container, body: dict[str, Any]) -> str:
    """Through the one recording path: as an operator (admin) loading the school's
    records, each with the school as recorder and an idempotency key."""
    urn, key = body["recorder_urn"], body["idempotency_key"]
    fingerprint = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
    movement = {
        k: v for k, v in body.items() if k not in ("recorder_urn", "idempotency_key")
    }
    try:
        receipt = record(
            container,
            OPERATOR,
            MovementCreate.model_validate(movement),
            IdempotencyKey(f"import:{urn}", key, fingerprint),
            Recorder(RecorderKind.SCHOOL, urn=urn),
        )
    except DomainError as refusal:
        return f"refused:{refusal.rule}"
    except ValidationError:
        return "refused:validation"
    return "replayed" if receipt.replayed else "recorded"
