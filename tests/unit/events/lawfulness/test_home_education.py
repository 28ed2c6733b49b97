"""LA consent before deletion for home education: special schools (in force), and
children on a child protection plan or subject to s47 enquiries (once commenced)."""

from __future__ import annotations

from datetime import date

from events.lawfulness import LawInForce
from events.movements import MovementRequest, MovementType, PupilFacts
from events.movements.base import Establishment, EstablishmentKind
from tests.builders import SCHOOL_A, a_movement
from tests.unit.events.lawfulness.helpers import details, rules_broken

ON = date(2026, 3, 4)
SPECIAL = Establishment(EstablishmentKind.MAINTAINED, special=True)
SPECIAL_RULE = "ehe.special_school_without_consent"
PROTECTED_RULE = "ehe.protected_child_without_consent"


def home_education(**overrides: object) -> MovementRequest:
    fields: dict[str, object] = {"effective_date": ON}
    fields.update(overrides)
    return a_movement(MovementType.ELECTIVE_HOME_EDUCATION, **fields)


def test_deletion_from_a_special_school_without_consent_is_a_breach() -> None:
    assert SPECIAL_RULE in rules_broken(home_education(from_establishment=SPECIAL))


def test_deletion_from_a_special_school_after_consent_is_lawful() -> None:
    facts = PupilFacts(ehe_consents={SCHOOL_A: date(2026, 3, 3)})

    broken = rules_broken(home_education(from_establishment=SPECIAL), facts)

    assert SPECIAL_RULE not in broken


def test_consent_given_after_the_deletion_does_not_cover_it() -> None:
    facts = PupilFacts(ehe_consents={SCHOOL_A: date(2026, 3, 5)})

    broken = rules_broken(home_education(from_establishment=SPECIAL), facts)

    assert SPECIAL_RULE in broken


def test_a_mainstream_school_needs_no_consent() -> None:
    mainstream = Establishment(EstablishmentKind.ACADEMY)

    assert rules_broken(home_education(from_establishment=mainstream)) == []


def test_an_ehe_ground_roll_deletion_is_judged_the_same() -> None:
    request = a_movement(
        MovementType.ROLL_DELETION,
        deletion_ground="elective_home_education",
        effective_date=ON,
        from_establishment=SPECIAL,
    )

    assert SPECIAL_RULE in rules_broken(request)


def test_child_protection_consent_judges_nothing_until_commenced() -> None:
    request = home_education(characteristics={"child_protection_plan": True})

    assert PROTECTED_RULE not in rules_broken(request)


def test_child_protection_consent_applies_from_its_commencement_date() -> None:
    law = LawInForce.with_overrides({"cwsa_2026_s37_ehe_consent": date(2026, 3, 4)})
    protected = {"characteristics": {"child_protection_plan": True}}
    s47 = {"details": details(s47_enquiries=True)}

    assert PROTECTED_RULE in rules_broken(home_education(**protected), law=law)
    assert PROTECTED_RULE in rules_broken(home_education(**s47), law=law)
    day_before = home_education(effective_date=date(2026, 3, 3), **protected)
    assert PROTECTED_RULE not in rules_broken(day_before, law=law)


def test_the_rules_version_names_the_latest_change_in_force() -> None:
    law = LawInForce.with_overrides({"cwsa_2026_s37_ehe_consent": date(2026, 9, 1)})

    assert law.rules_version(date(2026, 7, 25)).endswith("/2024-08-19")
    assert law.rules_version(date(2026, 8, 31)).endswith("/2026-07-26")
    assert law.rules_version(date(2026, 9, 1)).endswith("/2026-09-01")
    assert law.rules_version(date(2020, 1, 1)).endswith("/2006-09-01")
