"""What the register of children not in school holds about each child (Education
Act 1996 s436C, inserted by CWSA 2026 s38), and which of it is still owed.

The mandatory items (s436C(1)) and the optional ones (s436C(2)) are as the Bill
stood after the Lords amendments of January 2026 (amendments 49-58; law review
section 3.2): the enacted wording is unverified, and regulations may add items.
The values are personal data and live only in the vault, encrypted under the
child's key; this module sees only which items were given. Hours are estimates,
as the Act asks, and are kept as estimates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from events.cases.definition import months_after


@dataclass(frozen=True)
class Item:
    code: str
    meaning: str
    source: str


MANDATORY = (
    Item("child_name", "the child's name", "s436C(1)"),
    Item("date_of_birth", "the child's date of birth", "s436C(1)"),
    Item("home_address", "the child's home address", "s436C(1)"),
    Item("previous_address_if_under_12_months",
         "the previous address, if at the current one under 12 months",
         "s436C(1) (Lords amendments 49-50)"),
    Item("parents_names_and_addresses", "each parent's name and home address",
         "s436C(1)"),
    Item("parents_providing_education", "which parents provide the education",
         "s436C(1)"),
    Item("estimated_hours_by_parents",
         "an estimate of the time the parents teach the child",
         "s436C(1) (Lords amendments 51-52)"),
    Item("estimated_hours_by_others",
         "an estimate of the time others teach the child",
         "s436C(1) (Lords amendments 51-52)"),
    Item("providers_above_prescribed_time",
         "each provider above the prescribed time: name, type, where (or website) "
         "and estimated hours", "s436C(1) (Lords amendments 53-55)"),
)  # fmt: skip
OPTIONAL = (
    Item("special_educational_needs", "whether the child has special educational "
         "needs", "s436C(2)"),
    Item("s47_or_child_protection_plan", "whether the child is subject to s47 "
         "enquiries or a child protection plan", "s436C(2)"),
    Item("looked_after", "whether the child is looked after", "s436C(2)"),
    Item("child_in_need", "whether the child is a child in need", "s436C(2)"),
)  # fmt: skip
CODES = tuple(i.code for i in MANDATORY)


def held(information: Mapping[str, Any], born: date | None, today: date) -> list[str]:
    """The mandatory items the register holds: from what the parents gave (as the
    vault keeps it) and the date of birth the register already holds."""
    given = {
        "child_name": bool(information.get("child_name")),
        "date_of_birth": born is not None,
        "home_address": bool(information.get("home_address")),
        "previous_address_if_under_12_months": _previous_given(information, today),
        "parents_names_and_addresses": bool(information.get("parents"))
        and all(p.get("name") and p.get("address") for p in information["parents"]),
        "parents_providing_education": any(
            "provides_education" in p for p in information.get("parents") or []
        ),
        "estimated_hours_by_parents": _number(information, "hours_by_parents"),
        "estimated_hours_by_others": _number(information, "hours_by_others"),
        # An empty list is an answer: no provider above the prescribed time.
        "providers_above_prescribed_time": information.get("providers") is not None,
    }
    return [code for code in CODES if given[code]]


def owed(information: Mapping[str, Any], born: date | None, today: date) -> list[str]:
    have = set(held(information, born, today))
    return [code for code in CODES if code not in have]


def _previous_given(information: Mapping[str, Any], today: date) -> bool:
    """Given, or not needed: the child has lived at the home address 12 months."""
    if information.get("previous_address"):
        return True
    since = information.get("at_home_address_since")
    return bool(since) and months_after(date.fromisoformat(str(since)), 12) <= today


def _number(information: Mapping[str, Any], name: str) -> bool:
    return isinstance(information.get(name), int | float)
