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
from datetime import date
from pathlib import Path
from typing import Any

from events.characteristics import characteristics
from events.errors import DomainError
from events.movements import (
    DETAIL_NAMES,
    MovementRequest,
    MovementType,
    Recorder,
    RecorderKind,
)
from events.movements.base import Establishment
from events.registry import IdempotencyKey
from events.school_calendar import AcademicYear
from services.bootstrap import Container
from services.reference.schools import School, SchoolsReference


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
    schools = container.schools
    pupil = body["pupil"]
    request = MovementRequest(
        movement_type=MovementType(body["type"]),
        effective_date=date.fromisoformat(body["effective_date"]),
        from_urn=body.get("from_urn"),
        to_urn=body.get("to_urn"),
        from_la=schools.la_of(body["from_urn"]) if body.get("from_urn") else None,
        to_la=schools.la_of(body["to_urn"]) if body.get("to_urn") else None,
        deletion_ground=body.get("deletion_ground"),
        reasons=tuple(body.get("reason") or ()),
        days=body.get("days"),
        characteristics=characteristics(
            pupil.get("year_group"), pupil.get("sen_provision"), pupil
        ),
        details={k: v for k, v in body.items() if k in DETAIL_NAMES},
        from_establishment=_establishment(schools, body.get("from_urn")),
    )
    recorder = Recorder(RecorderKind.SCHOOL, urn=body["recorder_urn"])
    fingerprint = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
    key = IdempotencyKey(
        f"import:{body['recorder_urn']}", body["idempotency_key"], fingerprint
    )
    try:
        pupil_key = container.vault.find(pupil["upn"])
        if pupil_key is None:
            container.registry.check_first_sighting(request, recorder)
            pupil_key = container.vault.enrol(pupil["upn"], None)
        receipt = container.registry.record_movement(pupil_key, request, recorder, key)
    except DomainError as refusal:
        return f"refused:{refusal.rule}"
    return "replayed" if receipt.replayed else "recorded"


def _establishment(schools: SchoolsReference, urn: str | None) -> Establishment | None:
    school = schools.get(urn) if urn else None
    return school.establishment() if school else None
