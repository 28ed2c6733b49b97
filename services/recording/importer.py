"""`pmr import DIR`: load `pmr simulate` output through the register, resumably.

Each movement goes through the identity vault and the Registry exactly as an API
call would, recorded by its school with an idempotency key, so running the import
again (or resuming after a crash) writes nothing twice. A refused movement is
counted with its rule, never fatal. Progress is kept in DIR/import.progress.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections import Counter
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
    container: Container, source: Path, every: int = 1000
) -> Counter[str]:
    """Load schools, census headcounts and movements; return outcome counts."""
    reference = json.loads((source / "schools.json").read_text())
    container.schools.upsert_many(
        School(urn, la, f"Synthetic school {urn}")
        for urn, la in reference["schools"].items()
    )
    for year, schools in reference["headcounts"].items():
        for urn, headcounts in schools.items():
            container.census.put(urn, AcademicYear.parse(year), headcounts)
    progress = source / "import.progress"
    done = int(progress.read_text()) if progress.exists() else 0
    outcomes: Counter[str] = Counter()
    movements = source / "movements.jsonl"
    with movements.open() as lines:
        total = sum(1 for _ in lines)
    bar = ProgressBar(total, done)
    with movements.open() as lines:
        for number, line in enumerate(lines, start=1):
            if number <= done:
                continue
            outcomes[_record(container, json.loads(line))] += 1
            if number % every == 0:
                progress.write_text(str(number))
                bar.show(number)
    progress.write_text(str(done + sum(outcomes.values())))
    bar.show(done + sum(outcomes.values()))
    print(file=sys.stderr)
    container.follower.wake()
    return outcomes


class ProgressBar:
    """One line on stderr: a bar, the count, the rate and the time left."""

    WIDTH = 30

    def __init__(self, total: int, start: int) -> None:
        self.total, self.start = total, start
        self.started = time.monotonic()

    def line(self, done: int) -> str:
        share = done / self.total if self.total else 1.0
        filled = int(share * self.WIDTH)
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = (done - self.start) / elapsed
        left = (self.total - done) / rate if rate else 0.0
        return (
            f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done:,}/{self.total:,}"
            f" movements {share:.0%}, {rate:,.0f}/s, {left / 60:.0f} min left"
        )

    def show(self, done: int) -> None:
        print(f"\r  {self.line(done)}", end="", file=sys.stderr, flush=True)


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
