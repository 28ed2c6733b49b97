"""`pmr export ees`: one academic year's open-data release for Explore Education
Statistics: per table and level a data file and its `<data file>.meta.csv`, and
the data guidance. Every figure is the statistician's disclosure-controlled one;
the files are sorted and written byte for byte the same from the same log.

The files are made to pass DfE's screener (services/statistics/ees_screener runs
its checks): geography names and codes from EES's own lookups, LA rows with their
region, and only filters that vary (the movements table's pupil-group filter is
always "Total" without a breakdown, so it is left out).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from events.school_calendar import AcademicYear
from projections.census.exit_statistics import (
    LEVELS,
    META_COLUMNS,
    Place,
    census_exit_statistics,
    metadata_rows,
    table_columns,
)
from projections.statistics.movement_indicators import HIDDEN
from projections.statistics.movement_statistics import (
    columns,
    metadata,
    movement_statistics,
)
from services.app.parts import ReadSide
from services.statistics.csv_files import csv_text

GUIDANCE = """# Pupil movements, {year}: data guidance

Counts of recorded movements of pupils in England from the pupil movement register,
by geography (England, region, local authority of the school the pupil left), term,
route and pupil group; and exits off roll around the spring census by year group.

Disclosure control: counts of 1 to 4, and counts more than 80% of which come from
one school, are shown as c, with other cells suppressed so that no total gives them
away (checked by an exact audit of every relation in each table); areas with fewer
than 3 schools are suppressed whole; counts are rounded to 5 (LA, region) or 10
(England). low: a count that rounds to 0; x: not available; z: not applicable.

Hidden moves per permanent exclusion: movements by {hidden} divided by permanent
exclusions, both as published.

Terms: autumn September to December, spring January to March, summer April to
August, by the date the movement took effect. Withdrawn records are left out;
admissions are not movements off roll and are not counted.
"""


def export(
    container: ReadSide,
    year: AcademicYear,
    out: Path,
    as_of: int | None = None,
    places: Mapping[str, Place] | None = None,
    tables: Sequence[str] = ("movements", "census_exits"),
    headcounts: Mapping[str, Mapping[str, int]] | None = None,
) -> list[Path]:
    """Write the files into `out`; the paths written, in order. `as_of` and
    `places` freeze the inputs (services/statistics/releases.py)."""
    out.mkdir(parents=True, exist_ok=True)
    places = places if places is not None else container.schools.places()
    if headcounts is None:
        headcounts = container.census.all_schools(year)
    written: list[Path] = []
    stem = str(year).replace("-", "")
    meta = metadata()
    for level in LEVELS:
        movements = movement_statistics(
            container.db, year, level, places, as_of=as_of, headcounts=headcounts
        )
        written += _write_pair(
            out, f"movements_{level}_{stem}", columns(level), movements["rows"], meta
        )
        if "census_exits" not in tables:
            continue
        exits = census_exit_statistics(
            container.db, year, level, container.census.all_schools(year), places
        )
        written += _write_pair(
            out,
            f"census_exits_{level}_{stem}",
            table_columns(level),
            exits["rows"],
            metadata_rows(),
        )
    guidance = out / "data-guidance.md"
    guidance.write_text(
        GUIDANCE.format(year=year, hidden=", ".join(sorted(HIDDEN)).lower())
    )
    written.append(guidance)
    return written


def _write_pair(
    out: Path,
    name: str,
    header: Sequence[str],
    rows: Sequence[Mapping[str, Any]],
    meta: Sequence[Mapping[str, Any]],
) -> list[Path]:
    """A data file and its metadata file, named as EES expects (`x.csv` and
    `x.meta.csv`); none for a table with no rows (no area at that level has a
    figure yet), which EES could not take."""
    if not rows:
        return []
    return [
        _write(out / f"{name}.csv", header, rows),
        _write(out / f"{name}.meta.csv", META_COLUMNS, meta),
    ]


def _write(
    path: Path, header: Sequence[str], rows: Sequence[Mapping[str, Any]]
) -> Path:
    path.write_text(csv_text(header, rows), encoding="utf-8")
    return path
