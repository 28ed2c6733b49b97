"""Which movements put a child on the register of children not in school, under
which limb of s436B condition C, and which take them off.

Education Act 1996 s436B (inserted by CWSA 2026 s38; enacted text:
https://www.legislation.gov.uk/ukpga/2026/21/section/38/enacted). A child is on
the register who (A) lives in the LA's area, (B) is of compulsory school age, and
(C) either (a) is not a registered pupil at a relevant school, or (b) is registered
but the proprietor has arranged or agreed that the child is educated otherwise than
at school and absent for some or all of the time a full-time pupil attends. What
counts under (b) is for regulations (s436B(6)): the arrangements here are the
reading in law-review-2026-12.md section 3.1 (home education, flexi-schooling,
off-site education, part-time timetables, s19 provision), unverified until then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from events.movements import MOVEMENT_TYPES, MovementType, RollEffect

SOURCE = (
    "Education Act 1996 s436B, inserted by the Children's Wellbeing and Schools "
    "Act 2026 s38"
)
COMMENCEMENT = "cwsa_2026_s38_cnis_register"


@dataclass(frozen=True)
class Limb:
    """Why a movement puts a child on the register."""

    limb: str  # "C(a)" on no roll, "C(b)" registered, educated otherwise for a time
    reason: str
    meaning: str


ON_NO_ROLL = {
    MovementType.ELECTIVE_HOME_EDUCATION: Limb(
        "C(a)", "home_education", "taken off roll to be educated at home"
    ),
}
MISSING = Limb(
    "C(a)", "missing_education", "taken off roll with no school or address known"
)
ARRANGED = {
    MovementType.OFF_SITE_DIRECTION: Limb(
        "C(b)", "off_site_direction", "directed to education away from school (s29A)"
    ),
    MovementType.PART_TIME_TIMETABLE: Limb(
        "C(b)", "part_time_timetable", "on a part-time timetable"
    ),
    MovementType.FLEXI_SCHOOLING: Limb(
        "C(b)", "flexi_schooling", "educated at home for some sessions (flexi)"
    ),
    MovementType.SECTION19_PLACEMENT: Limb(
        "C(b)", "section19_placement", "in education the LA arranges (s19)"
    ),
    MovementType.SAFEGUARDING_SEPARATION: Limb(
        "C(b)", "safeguarding_separation", "educated apart from others for a time"
    ),
}
REASONS = {
    limb.reason: limb for limb in (*ON_NO_ROLL.values(), MISSING, *ARRANGED.values())
}
# Full-time registration at a relevant school ends every entry (s436B(3)(a) no
# longer met, and no arrangement at the old school survives the move).
REGISTERS_FULL_TIME = frozenset(
    {
        MovementType.ADMISSION,
        MovementType.FAIR_ACCESS_PLACEMENT,
        MovementType.MANAGED_MOVE,
    }
)


def limb_of(movement_type: str, details: dict[str, Any]) -> Limb | None:
    """The limb a movement puts the child on the register under, if any."""
    kind = MovementType(movement_type)
    if kind in ON_NO_ROLL:
        return ON_NO_ROLL[kind]
    if kind is MovementType.ROLL_DELETION and details.get("destination_unknown"):
        return MISSING
    return ARRANGED.get(kind)


def ends_entries(movement_type: str, to_urn: str | None) -> bool:
    """Whether the movement registers the child full time at a school."""
    return MovementType(movement_type) in REGISTERS_FULL_TIME and bool(to_urn)


def leaves_roll(movement_type: str) -> bool:
    """Whether the movement takes the child off the school's roll (an arrangement
    at that school ends with it)."""
    return MOVEMENT_TYPES[MovementType(movement_type)].roll_effect in (
        RollEffect.LEAVES_FROM,
        RollEffect.TRANSFERS,
    )


def compulsory_until(year_group: object, on: date) -> date | None:
    """The last day of compulsory school age for a child in this year group on
    this day: the last Friday in June of the school year in which they reach 16
    (Education Act 1996 s8(3)-(4); the Education (School Leaving Date) Order 1997,
    SI 1997/1970). Year 11 is that year. None when the
    year group does not tell (not recorded, or outside years 1 to 11)."""
    try:
        year = int(str(year_group))
    except ValueError:
        return None
    if not 1 <= year <= 11:
        return None
    school_year_ends = on.year + (1 if on.month >= 9 else 0) + (11 - year)
    june_end = date(school_year_ends, 6, 30)
    return june_end - timedelta(days=(june_end.weekday() - 4) % 7)


def of_compulsory_age(year_group: object) -> bool:
    """Condition B as the log can tell it: years 1 to 11, or not recorded (kept,
    marked unknown). Reception and nursery children may be under five, and sixth
    formers are past it."""
    if year_group in (None, ""):
        return True
    try:
        return 1 <= int(str(year_group)) <= 11
    except ValueError:
        return False
