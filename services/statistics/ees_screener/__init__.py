"""DfE's data screener for Explore Education Statistics, its checks re-expressed
in Python.

`eesyscreener` (dfe-analytical-services, the R package EES uses) screens a data
file with its metadata in stages and stops at the first stage with a failure; a
file passes when no check fails, and is suitable for the EES API when no check of
the API stage warns. This package runs the same checks in the same stages, read
from the package's source (R/screen_dfs.R and each R/check_*.R, version of July
2026) and written here afresh, so that `pmr export ees` can be screened before a
statistician uploads it (`pmr export ees` screens what it writes; the tests are
tests/unit/services/test_ees_screener.py and the export's in tests/e2e).

Left out, because the register publishes none of what they check: the lookups of
wards, LADs, constituencies, LSIPs, LEPs and devolved areas (their columns are
still checked for presence and completeness), and the ethnicity value checks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from services.statistics.ees_screener import general, geography, structure
from services.statistics.ees_screener import time_and_filters as time_filters
from services.statistics.ees_screener.result import FAIL, PASS, WARNING, Result
from services.statistics.ees_screener.tables import Table

Stage = tuple[str, Callable[[Table, Table], list[Result]]]
STAGES: tuple[Stage, ...] = (
    ("Precheck columns", structure.precheck_columns),
    ("Precheck cross-file", structure.precheck_cross_file),
    ("Check columns", structure.check_columns),
    ("Precheck meta", lambda _d, m: structure.precheck_meta(m)),
    ("Check meta", structure.check_meta),
    ("Precheck time", lambda d, _m: time_filters.precheck_time(d)),
    ("Precheck filters", time_filters.precheck_filters),
    ("Precheck geography", lambda d, _m: geography.precheck_geography(d)),
    ("Check time", lambda d, _m: time_filters.check_time(d)),
    ("Check filters", time_filters.check_filters),
    ("Check geography", lambda d, _m: geography.check_geography(d)),
    ("Check general", general.check_general),
    ("Check indicators", general.check_indicators),
    ("Check harmonised", lambda _d, m: general.check_harmonised(m)),
)
API_STAGE = "Check API"


@dataclass(frozen=True)
class Screening:
    data_file: str
    results: tuple[Result, ...]
    stage: str  # "Passed", or the stage that failed
    passed: bool
    api_suitable: bool

    def failures(self) -> list[Result]:
        return [r for r in self.results if r.result == FAIL]

    def warnings(self) -> list[Result]:
        return [r for r in self.results if r.result == WARNING]


def screen(data_path: Path, meta_path: Path) -> Screening:
    """Screen one data file with its metadata file, as DfE's screener would."""
    name = data_path.name
    results = [_in("Filenames", r) for r in structure.filenames(name, meta_path.name)]
    if any(r.result == FAIL for r in results):
        return Screening(name, tuple(results), "Filenames", False, False)
    data, meta = Table.read(data_path), Table.read(meta_path)
    for stage, run in STAGES:
        results += [_in(stage, r) for r in run(data, meta)]
        if any(r.result == FAIL for r in results):
            return Screening(name, tuple(results), stage, False, False)
    api = [_in(API_STAGE, r) for r in general.check_api(data, meta)]
    results += api
    suitable = all(r.result == PASS for r in api)
    return Screening(name, tuple(results), "Passed", True, suitable)


def screen_folder(folder: Path) -> list[Screening]:
    """Every data file in a folder with the metadata file its name calls for."""
    return [
        screen(path, path.with_name(path.name.replace(".csv", ".meta.csv", 1)))
        for path in sorted(folder.glob("*.csv"))
        if not path.name.endswith(".meta.csv")
    ]


def _in(stage: str, result: Result) -> Result:
    return Result(result.check, result.result, result.message, stage)
