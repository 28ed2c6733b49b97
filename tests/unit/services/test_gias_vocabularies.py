"""GIAS rows in the 2018, 2023 and 2025 vocabularies map to the kind of school the
law on movements sees, pseudo-LA 702 included (tests/fixtures/gias_vocabularies.csv:
rows in GIAS's own column names and values; the URNs and names are made up)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from services.reference.schools import read_gias_csv, school_from_row

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "gias_vocabularies.csv"
ROWS = list(csv.DictReader(io.StringIO(FIXTURE.read_bytes().decode("cp1252"))))


@pytest.mark.parametrize(
    "row", ROWS, ids=[r["TypeOfEstablishment (name)"] for r in ROWS]
)
def test_every_vocabulary_maps_each_type_and_group(row: dict[str, str]) -> None:
    school = school_from_row(row)
    establishment = school.establishment()
    assert establishment is not None
    assert establishment.kind.value == row["ExpectedKind"], row["Vocabulary"]
    assert school.phase in {"primary", "secondary", "all-through", "nursery",
                            "16 plus", "not applicable"}  # fmt: skip


def test_every_row_imports_including_service_childrens_education() -> None:
    results = [result for _, result in read_gias_csv(FIXTURE)]
    refused = [r for r in results if isinstance(r, str)]
    assert refused == []
    assert "702" in {r.la_code for r in results if not isinstance(r, str)}


def test_all_through_is_one_phase_in_both_spellings() -> None:
    phases = {r["PhaseOfEducation (name)"]: school_from_row(r).phase for r in ROWS}
    assert phases["All through"] == phases["All-through"] == "all-through"
