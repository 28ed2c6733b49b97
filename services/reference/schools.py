"""The schools reference: each school's LA, phase and status, from GIAS.

Reference data, not events: it says which LA a school belongs to (LA scopes depend
on it) and is loaded from the public "Get Information about Schools" establishment
CSV (`edubasealldataYYYYMMDD.csv`, Windows-1252), or upserted one school at a time.
Closed schools are kept, because old events refer to them.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from events.errors import InvalidIdentifier
from events.identifiers import URN, LACode
from events.movements.base import Establishment, EstablishmentKind
from projections.census.exit_statistics import Place
from projections.view import Database, add_missing_columns
from services.reference import versions

BATCH = 1000
VERSION = "schools"  # the name of its version in reference_versions
# Schools read by URN are kept while the reference's version stands, which is read
# again at most this often (every recorded movement names a school: a query each
# was a round trip per movement). A URN not kept always reads the version afresh,
# so a school another process has just added is never refused as unknown.
VERSION_CHECK_SECONDS = 1.0
COLUMNS = (
    "urn",
    "la_code",
    "name",
    "phase",
    "laestab",
    "status",
    "region",
    "type_group",
    "establishment_type",
)

# PhaseOfEducation (name) in the 2018, 2023 and 2025 vocabularies.
PHASES = {
    "secondary": "secondary",
    "middle deemed secondary": "secondary",
    "primary": "primary",
    "middle deemed primary": "primary",
    "nursery": "nursery",
    "all-through": "all-through",
    "all through": "all-through",
    "16 plus": "16 plus",
    "not applicable": "not applicable",
}


@dataclass(frozen=True)
class School:
    """One establishment as the register needs it."""

    urn: str
    la_code: str
    name: str
    phase: str = "secondary"
    laestab: str | None = None
    status: str | None = "open"
    region: str | None = None
    type_group: str | None = None
    establishment_type: str | None = None

    def establishment(self) -> Establishment | None:
        """The school's kind as the law on movements sees it (from GIAS)."""
        return establishment_of(self.type_group, self.establishment_type)


@dataclass
class ImportReport:
    """How many schools were loaded, and which CSV lines were refused and why."""

    imported: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)

    def reasons(self) -> list[tuple[str, int, list[int]]]:
        """Each reason lines were refused for, how many, and the first few lines."""
        lines: dict[str, list[int]] = {}
        for line, reason in self.rejected:
            lines.setdefault(reason, []).append(line)
        ranked = sorted(lines.items(), key=lambda item: (-len(item[1]), item[0]))
        return [(reason, len(found), found[:5]) for reason, found in ranked]


class SchoolsReference:
    """The `schools` table."""

    def __init__(self, db: Database) -> None:
        self.db = db
        # Every report reads every school's LA; GIAS lists ~50,000 establishments
        # and they change rarely, so their places are kept until the version moves.
        self._kept: tuple[int, dict[str, Place], dict[str, str]] | None = None
        self._by_urn: dict[str, School] = {}
        self._by_urn_version = -1
        self._checked_at = float("-inf")

    def create_tables(self) -> None:
        with self.db.transaction() as cur:
            cur.execute(
                "CREATE TABLE IF NOT EXISTS schools (urn TEXT PRIMARY KEY, "
                "la_code TEXT NOT NULL, name TEXT NOT NULL, phase TEXT NOT NULL, "
                "laestab TEXT, status TEXT, region TEXT, type_group TEXT, "
                "establishment_type TEXT)"
            )
            add_missing_columns(
                cur, self.db.dialect, "schools", {"establishment_type": "TEXT"}
            )
            cur.execute("CREATE INDEX IF NOT EXISTS schools_la ON schools (la_code)")
            versions.create_table(cur)

    def upsert(self, school: School) -> None:
        self.upsert_many([school])

    def upsert_many(self, schools: Iterable[School]) -> int:
        # (not dataclasses.astuple, which deep-copies: 40% of an import's time)
        rows = [tuple(getattr(s, c) for c in COLUMNS) for s in schools]
        updates = ", ".join(f"{c} = excluded.{c}" for c in COLUMNS[1:])
        with self.db.transaction() as cur:
            cur.executemany(
                f"INSERT INTO schools ({', '.join(COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(COLUMNS))}) "
                f"ON CONFLICT (urn) DO UPDATE SET {updates}",
                rows,
            )
            versions.bump(cur, VERSION)
        self._by_urn.clear()
        return len(rows)

    def get(self, urn: str) -> School | None:
        now = time.monotonic()
        stale = now - self._checked_at > VERSION_CHECK_SECONDS
        if stale or urn not in self._by_urn:
            version = versions.read_version(self.db, VERSION)
            self._checked_at = now
            if version != self._by_urn_version:
                self._by_urn, self._by_urn_version = {}, version
        kept = self._by_urn.get(urn)
        if kept is not None:
            return kept
        rows = self.db.query(
            f"SELECT {', '.join(COLUMNS)} FROM schools WHERE urn = ?", (urn,)
        )
        if not rows:
            return None
        school = self._by_urn[urn] = School(*rows[0])
        return school

    def name_of(self, urn: str | None) -> str | None:
        """The school's name, "school URN" if the reference lacks it, None for none."""
        if not urn:
            return None
        school = self.get(urn)
        return school.name if school else f"school {urn}"

    def la_of(self, urn: str) -> str | None:
        rows = self.db.query("SELECT la_code FROM schools WHERE urn = ?", (urn,))
        return str(rows[0][0]) if rows else None

    def schools_in_la(self, la_code: str) -> list[School]:
        rows = self.db.query(
            f"SELECT {', '.join(COLUMNS)} FROM schools WHERE la_code = ? ORDER BY urn",
            (la_code,),
        )
        return [School(*row) for row in rows]

    def la_map(self) -> dict[str, str]:
        """urn -> LA code for every school (shared: do not modify)."""
        return self._geography()[2]

    def places(self) -> dict[str, Place]:
        """urn -> LA and region for every school (shared: do not modify)."""
        return self._geography()[1]

    def _geography(self) -> tuple[int, dict[str, Place], dict[str, str]]:
        version = versions.read_version(self.db, VERSION)
        if self._kept is None or self._kept[0] != version:
            rows = self.db.query("SELECT urn, la_code, region FROM schools")
            places = {str(u): Place(str(la), region) for u, la, region in rows}
            la_map = {urn: str(place.la_code) for urn, place in places.items()}
            self._kept = (version, places, la_map)
        return self._kept

    def schools_per_la(self) -> dict[str, int]:
        """LA code -> how many schools the reference holds there (open or closed)."""
        rows = self.db.query(
            "SELECT la_code, COUNT(*) FROM schools GROUP BY la_code ORDER BY la_code"
        )
        return {str(la): int(n) for la, n in rows}

    def count(self) -> int:
        return int(self.db.query("SELECT COUNT(*) FROM schools")[0][0])


ACADEMY_GROUPS = frozenset({"academies", "free schools"})
# EstablishmentTypeGroup (name): "LA maintained schools" until 2023, then "Local
# authority maintained schools".
MAINTAINED_GROUPS = frozenset(
    {"local authority maintained schools", "la maintained schools", "special schools"}
)
# TypeOfEstablishment (name) of the state-funded schools that are academies in law.
ACADEMY_TYPES = ("academy", "free school", "university technical college",
                 "studio school", "city technology college")  # fmt: skip
MAINTAINED_TYPES = ("community", "voluntary aided", "voluntary controlled",
                    "foundation", "pupil referral unit", "la nursery school",
                    "local authority nursery school")  # fmt: skip


def establishment_of(
    type_group: str | None, establishment_type: str | None
) -> Establishment | None:
    """GIAS type group and type of establishment -> who runs it, and if special."""
    group = (type_group or "").lower()
    kind_name = (establishment_type or "").lower()
    if not group and not kind_name:
        return None
    special = "special" in kind_name or group == "special schools"
    if "non-maintained special" in kind_name:
        return Establishment(EstablishmentKind.NON_MAINTAINED_SPECIAL, True)
    if "independent" in group or "independent" in kind_name:
        return Establishment(EstablishmentKind.INDEPENDENT, special)
    if group in ACADEMY_GROUPS or kind_name.startswith(ACADEMY_TYPES):
        return Establishment(EstablishmentKind.ACADEMY, special)
    if group in MAINTAINED_GROUPS or kind_name.startswith(MAINTAINED_TYPES):
        return Establishment(EstablishmentKind.MAINTAINED, special)
    return Establishment(EstablishmentKind.OTHER, special)


def _encoding(path: Path) -> str:
    with path.open("rb") as handle:
        if handle.read(3) == b"\xef\xbb\xbf":
            return "utf-8-sig"
    return "cp1252"  # GIAS publishes Windows-1252, not UTF-8


def _data_lines(path: Path) -> int:
    """Lines after the header (a quoted line break would count twice)."""
    lines, last = 0, b"\n"
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return max(lines + (last != b"\n") - 1, 0)


def school_from_row(row: dict[str, str]) -> School:
    """One GIAS row, or InvalidIdentifier naming what is wrong."""
    urn = str(URN.parse(row.get("URN", ""), field="URN"))
    la_code = str(LACode.of_school(row.get("LA (code)", ""), field="LA (code)"))
    number = (row.get("EstablishmentNumber") or "").strip()
    phase = (row.get("PhaseOfEducation (name)") or "").strip().lower()
    return School(
        urn=urn,
        la_code=la_code,
        name=(row.get("EstablishmentName") or "").strip(),
        phase=PHASES.get(phase, phase or "not applicable"),
        laestab=la_code + number.zfill(4) if number.isdigit() else None,
        status=(row.get("EstablishmentStatus (name)") or "").strip().lower() or None,
        region=(row.get("GOR (name)") or "").strip() or None,
        type_group=(row.get("EstablishmentTypeGroup (name)") or "").strip() or None,
        establishment_type=(row.get("TypeOfEstablishment (name)") or "").strip()
        or None,
    )


def read_gias_csv(path: Path) -> Iterator[tuple[int, School | str]]:
    """(line number, School or the reason the line was refused) for each data row,
    read as a stream (a full extract is ~70 MB)."""
    with path.open(encoding=_encoding(path), newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            try:
                yield line, school_from_row(row)
            except InvalidIdentifier as error:
                yield line, f"{error.field}: {error.message}"


def import_gias(
    reference: SchoolsReference,
    path: Path,
    progress: Callable[[int, int], None] = lambda _read, _expected: None,
) -> ImportReport:
    """Load a GIAS establishment CSV in batches; bad lines are reported, not fatal.
    `progress` hears the rows read so far, and the rows the file is expected to
    hold, after each batch and at the end."""
    expected = _data_lines(path)
    report = ImportReport()
    batch: list[School] = []
    line = 1
    for line, result in read_gias_csv(path):
        if isinstance(result, str):
            report.rejected.append((line, result))
            continue
        batch.append(result)
        if len(batch) >= BATCH:
            report.imported += reference.upsert_many(batch)
            batch = []
            progress(line - 1, max(expected, line - 1))
    if batch:
        report.imported += reference.upsert_many(batch)
    progress(line - 1, line - 1)
    return report
