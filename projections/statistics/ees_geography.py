"""Areas as Explore Education Statistics names them, from its own lookups.

Every geography column the register publishes (country, region, LA) takes its code
and name from `ees_lookups/` (DfE's `dfe-published-data-qa` lookups, MIT), so a
published name is exactly the one EES's screener accepts: "Yorkshire and The
Humber", "Herefordshire, County of", and terminated LAs under their plain names
with their old codes (Dorset 835, Cumbria 909). An LA's row also carries its region.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

LOOKUPS = Path(__file__).with_name("ees_lookups")
NOT_AVAILABLE_CODE = "x"
NOT_AVAILABLE_NAME = "Not available"  # the open data standards' name for code x


@dataclass(frozen=True)
class Region:
    code: str
    name: str


@dataclass(frozen=True)
class LocalAuthority:
    old_code: str
    new_code: str
    name: str
    region: Region


UNKNOWN_REGION = Region(NOT_AVAILABLE_CODE, NOT_AVAILABLE_NAME)
# EES's universal option for an area outside England's regions (LA 702, British
# Forces Post Office overseas establishments, whose GSS code is "z").
OUTSIDE_ENGLAND = Region("z", "Outside of England")
UNKNOWN_LA = LocalAuthority(
    NOT_AVAILABLE_CODE, NOT_AVAILABLE_CODE, NOT_AVAILABLE_NAME, UNKNOWN_REGION
)


def _rows(name: str) -> list[dict[str, str]]:
    with (LOOKUPS / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def country(code: str) -> str | None:
    return {r["country_code"]: r["country_name"] for r in _rows("country.csv")}.get(
        code
    )


@cache
def regions() -> dict[str, Region]:
    """England's nine regions by ONS code (Inner and Outer London left out: the
    register publishes London whole)."""
    return {
        r["region_code"]: Region(r["region_code"], r["region_name"])
        for r in _rows("regions.csv")
        if r["region_code"].startswith("E12")
    }


def region_named(name: str | None) -> Region:
    """The region for a name as GIAS spells it ("Yorkshire and the Humber"):
    matched without regard to case, published as EES spells it."""
    wanted = (name or "").strip().casefold()
    for region in regions().values():
        if region.name.casefold() == wanted:
            return region
    return UNKNOWN_REGION


def _operated_from(row: dict[str, str]) -> datetime:
    started = row["date_of_operation"]
    return datetime.strptime(started, "%d/%m/%Y") if started else datetime.min


@cache
def local_authorities() -> dict[str, LocalAuthority]:
    """Every LA by its old (3-digit) code. Where a code has had more than one GSS
    code (a boundary change), the live one, else the latest to start."""
    chosen: dict[str, dict[str, str]] = {}
    for row in _rows("las.csv"):
        old = row["old_la_code"]
        if not old.isdigit() or "/" in row["new_la_code"]:
            continue  # combined rows ("940 / 941") and codes never used ("x")
        held = chosen.get(old)
        rank = (row["status"] == "live", _operated_from(row))
        if held is None or rank > (held["status"] == "live", _operated_from(held)):
            chosen[old] = row
    return {
        old: LocalAuthority(
            old,
            row["new_la_code"],
            row["la_name"],
            regions().get(
                row["parent_geography_code"],
                OUTSIDE_ENGLAND if row["new_la_code"] == "z" else UNKNOWN_REGION,
            ),
        )
        for old, row in chosen.items()
    }


def local_authority(old_code: str | None) -> LocalAuthority:
    """The LA with this old code, or the "not available" LA (a pseudo-LA such as
    702, Service Children's Education, or no code at all)."""
    return local_authorities().get(old_code or "", UNKNOWN_LA)
