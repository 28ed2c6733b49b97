"""Pupil characteristics carried on movements, in school census codes.

They travel with each movement (as they were at the time) because statistics and
safeguarding alerts need them; none of them identifies a child on its own. Unknown
is kept as unknown (None), never as false.
"""

from __future__ import annotations

import json
import re
from importlib.resources import files
from typing import Any

from events.errors import MovementRuleViolation

# School census ethnicity codes and their major groups (events/ethnicity.json).
ETHNICITY = json.loads(files("events").joinpath("ethnicity.json").read_text())

YEAR_GROUPS = ("N1", "N2", "R", *(str(n) for n in range(1, 15)))
SEN_PROVISION = {
    "N": "no special educational need",
    "K": "SEN support",
    "E": "EHC plan",
}
FLAGS = (
    "fsm_eligible",
    "looked_after",
    "previously_looked_after",
    "child_in_need",
    "child_protection_plan",
)


def ethnicity_code(raw: str | None) -> str | None:
    """A census ethnicity code (main or extended: four capital letters whose first
    names its group), upper-cased; refused if no group can be told from it."""
    if raw is None:
        return None
    code = raw.strip().upper()
    if code in ETHNICITY["codes"] or (
        re.fullmatch(r"[A-Z]{4}", code)
        and code[0] in ETHNICITY["extended_by_first_letter"]
    ):
        return code
    raise MovementRuleViolation(
        f"'{raw}' is not a school census ethnicity code (e.g. WBRI, MWBA, NOBT)",
        field="pupil.ethnicity",
        rule="ethnicity_code_unknown",
    )


def ethnicity_major(code: str | None) -> str | None:
    """The major group of a held code (None: not held)."""
    if code is None:
        return None
    found: str | None = ETHNICITY["codes"].get(code)
    return found or ETHNICITY["extended_by_first_letter"].get(code[:1])


def year_group_code(raw: str | int | None) -> str | None:
    """Census year group code: N1, N2, R or 1-14 (integers accepted)."""
    if raw is None:
        return None
    code = str(raw).strip().upper()
    if code not in YEAR_GROUPS:
        raise MovementRuleViolation(
            f"'{raw}' is not a census year group (N1, N2, R, 1-14)",
            field="pupil.year_group",
            rule="year_group_unknown",
        )
    return code


def characteristics(
    year_group: str | int | None,
    sen_provision: str | None,
    flags: dict[str, bool | None],
    ethnicity: str | None = None,
) -> dict[str, Any]:
    """The non-identifying characteristics an event may carry."""
    if sen_provision is not None and sen_provision not in SEN_PROVISION:
        raise MovementRuleViolation(
            f"'{sen_provision}' is not a SEN provision code (N, K, E)",
            field="pupil.sen_provision",
            rule="sen_provision_unknown",
        )
    out: dict[str, Any] = {
        "year_group": year_group_code(year_group),
        "sen_provision": sen_provision,
    }
    out.update({name: flags.get(name) for name in FLAGS})
    # Only the major group is kept (data minimisation: a minor code can single a
    # child out in a small school); absent when the school did not say.
    if (major := ethnicity_major(ethnicity_code(ethnicity))) is not None:
        out["ethnicity_major"] = major
    return out
