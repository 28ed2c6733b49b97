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
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from events.characteristics import characteristics
from events.errors import DomainError
from events.movements import MovementRequest, MovementType, Recorder, RecorderKind
from events.registry import IdempotencyKey
from events.school_calendar import AcademicYear
from services.bootstrap import Container
from services.reference.schools import School


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
    with (source / "movements.jsonl").open() as lines:
        for number, line in enumerate(lines, start=1):
            if number <= done:
                continue
            outcomes[_record(container, json.loads(line))] += 1
            if number % every == 0:
                progress.write_text(str(number))
                print(f"\r  {number} movements", end="", file=sys.stderr)
    progress.write_text(str(done + sum(outcomes.values())))
    print(file=sys.stderr)
    container.follower.wake()
    return outcomes


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
