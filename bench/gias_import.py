"""`pmr schools import` at the size of a full GIAS extract, SQLite and PostgreSQL.

Writes a synthetic `edubasealldata` extract: every row is a real row's 139 columns
(tests/fixtures/gias_real, Open Government Licence) with its URN, LA, number and
name changed, Windows-1252 as GIAS serves it, one row in `refuse_every` broken so
the refusal summary has work to do. Times `import_gias` over it on each database
and prints rows per second side by side.

    python -m bench.gias_import [--rows 50000]
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from pathlib import Path

from bench.ingest import scratch_database

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "tests" / "fixtures" / "gias_real" / "edubasealldata_2021_rows.csv"
# Real LA codes from all nine regions, and the pseudo-LA of service children's schools.
LA_CODES = ("201", "370", "865", "919", "801", "702", "330", "909", "926", "855")


def write_extract(path: Path, rows: int, refuse_every: int = 0) -> int:
    """Write `rows` data rows; returns how many were made unreadable on purpose
    (every `refuse_every`-th: a missing URN, then an LA code of two digits)."""
    with TEMPLATE.open(encoding="cp1252", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        template = next(reader)
    where = {name: header.index(name) for name in (
        "URN", "LA (code)", "EstablishmentNumber", "EstablishmentName")}  # fmt: skip
    broken = 0
    with path.open("w", encoding="cp1252", newline="") as out:
        writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(header)
        for n in range(rows):
            row = list(template)
            row[where["URN"]] = str(200000 + n)
            row[where["LA (code)"]] = LA_CODES[n % len(LA_CODES)]
            row[where["EstablishmentNumber"]] = str(1000 + n % 9000)
            row[where["EstablishmentName"]] = f"Synthetic École {n}"
            if refuse_every and n % refuse_every == refuse_every - 1:
                field = "URN" if broken % 2 == 0 else "LA (code)"
                row[where[field]] = "" if field == "URN" else "12"
                broken += 1
            writer.writerow(row)
    return broken


def import_rate(url: str, extract: Path) -> tuple[float, int, int]:
    """(rows per second, imported, refused) for one import into a new database."""
    from services.app.storage import open_database
    from services.reference.schools import SchoolsReference, import_gias

    db = open_database(url)
    try:
        reference = SchoolsReference(db)
        reference.create_tables()
        started = time.perf_counter()
        report = import_gias(reference, extract)
        elapsed = time.perf_counter() - started
    finally:
        close = getattr(db, "close", None)
        if close:
            close()
    rows = report.imported + len(report.rejected)
    return rows / elapsed, report.imported, len(report.rejected)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.gias_import")
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument(
        "--dsn",
        default=os.environ.get(
            "PMR_BENCH_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        extract = Path(scratch) / "edubasealldata20261201.csv"
        broken = write_extract(extract, args.rows, refuse_every=1000)
        size = extract.stat().st_size / 1e6
        print(f"extract: {args.rows:,} rows, {size:.0f} MB, {broken} broken")
        results = {"sqlite": import_rate(f"sqlite:///{scratch}/pmr.sqlite", extract)}
        with scratch_database(args.dsn) as dsn:
            results["postgresql"] = import_rate(dsn, extract)
    for name, (rate, imported, refused) in results.items():
        seconds = args.rows / rate
        print(
            f"{name:>10}: {rate:8,.0f} rows/s  ({seconds:.1f} s; "
            f"{imported:,} imported, {refused} refused)"
        )
    ratio = results["postgresql"][0] / results["sqlite"][0]
    print(f"postgresql / sqlite = {ratio:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
