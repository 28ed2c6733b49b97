"""First contact: a school or LA that never had a child identifies it fully.

Posting a movement must not be a way to read a child's record: an organisation with
no standing relation to the child (no movement names its school or LA) must give
the UPN *and* the date of birth the vault holds, and the contact is written to the
child's access log. One function, called by every entry point that names a child.
"""

from __future__ import annotations

from datetime import date

from events.errors import MovementRuleViolation, PupilNotFound
from events.pupil import Pupil
from services.api.audit import audit
from services.api.auth import Principal, Role
from services.api.scopes import may_read_pupil
from services.bootstrap import Container


def is_first_contact(
    container: Container,
    principal: Principal,
    pupil_key: str,
    date_of_birth: date | None,
) -> bool:
    """Whether this is the caller's first contact with the child (then verified);
    raises when the caller cannot show it knows the child."""
    if principal.role is Role.ADMIN:
        return False
    try:
        pupil = container.registry.get_pupil(pupil_key)
    except PupilNotFound:
        return False  # enrolled, nothing recorded: no record to protect
    return first_contact_with(container, principal, pupil, date_of_birth)


def first_contact_with(
    container: Container,
    principal: Principal,
    pupil: Pupil,
    date_of_birth: date | None,
) -> bool:
    """The same check on a record already loaded (recording loads it once)."""
    if principal.role is Role.ADMIN or not pupil.movements:
        return False  # nothing recorded: no record to protect
    if may_read_pupil(principal, pupil):
        return False
    pupil_key = pupil.pupil_key
    if date_of_birth is None:
        raise MovementRuleViolation(
            "a child new to your school or LA is identified by UPN and date of birth",
            field="pupil.date_of_birth",
            rule="first_contact_needs_date_of_birth",
        )
    on_record = container.vault.identity(pupil_key)
    if on_record is None or on_record.date_of_birth != date_of_birth:
        raise MovementRuleViolation(
            "this UPN and date of birth do not identify a child on the register",
            field="pupil.date_of_birth",
            rule="identity_mismatch",
        )
    return True


def log_first_contact(
    container: Container, principal: Principal, pupil_key: str
) -> None:
    audit(container, principal, [pupil_key], "first_contact")
