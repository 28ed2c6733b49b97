"""First contact: a school or LA that never had a child identifies it fully.

Posting or checking a movement must not be a way to find or read a child. For an
organisation with no standing relation to the child (no movement names its school
or LA) the register answers the same whether or not the UPN is on it:

- without a date of birth: `first_contact_needs_date_of_birth`, for every UPN;
- with one that does not match the vault: `identity_mismatch`, written to the
  child's access log and counted; after `ATTEMPTS_A_DAY` failures by one
  organisation in a day every attempt on that child (the right date too) answers 429
  until the next day; reaching the limit is logged and raises an alert to the
  child's LAs (events/alerts/rules/identification_attempts_exhausted.py);
- with the right one: the contact is written to the child's access log.

One function, called by every entry point that names a child.
"""

from __future__ import annotations

from datetime import date

from events.alerts.rules import identification_attempts_exhausted
from events.errors import FirstContactLimited, MovementRuleViolation, PupilNotFound
from events.pupil import Pupil
from services.access.audit import audit
from services.access.scopes import may_read_pupil
from services.access.tokens import Principal, Role
from services.app.bootstrap import Container
from services.processes.alert_raiser import raise_alert

ATTEMPTS_A_DAY = 5


def is_first_contact(
    container: Container,
    principal: Principal,
    pupil_key: str | None,
    date_of_birth: date | None,
) -> bool:
    """Whether this is the caller's first contact with the child (then verified);
    raises, the same way for a UPN on the register and one not, when the caller
    cannot show it knows the child."""
    if principal.role is Role.ADMIN:
        return False
    pupil = None
    if pupil_key is not None:
        try:
            pupil = container.registry.get_pupil(pupil_key)
        except PupilNotFound:
            pupil = None
    return first_contact_with(container, principal, pupil, date_of_birth)


def first_contact_with(
    container: Container,
    principal: Principal,
    pupil: Pupil | None,
    date_of_birth: date | None,
) -> bool:
    """The same check on a record already loaded (recording loads it once); None
    for a UPN the register does not hold."""
    if principal.role is Role.ADMIN:
        return False
    if pupil is not None and pupil.movements and may_read_pupil(principal, pupil):
        return False  # a standing relation
    if date_of_birth is None:
        raise MovementRuleViolation(
            "a child new to your school or LA is identified by UPN and date of birth",
            field="pupil.date_of_birth",
            rule="first_contact_needs_date_of_birth",
        )
    if pupil is None:
        return False  # a child new to the register: enrolled with this date
    pupil_key = pupil.pupil_key
    _check_not_limited(container, principal, pupil_key)
    on_record = container.vault.identity(pupil_key)
    if on_record is None or on_record.date_of_birth != date_of_birth:
        _count_failure(container, principal, pupil)
        raise MovementRuleViolation(
            "this UPN and date of birth do not identify a child on the register",
            field="pupil.date_of_birth",
            rule="identity_mismatch",
        )
    return bool(pupil.movements)


def log_first_contact(
    container: Container, principal: Principal, pupil_key: str
) -> None:
    audit(container, principal, [pupil_key], "first_contact")


def log_check(container: Container, principal: Principal, pupil_key: str) -> None:
    """A check judged on the child's record reads it: logged as a read."""
    audit(container, principal, [pupil_key], "movement_check")


def _attempt_key(container: Container, principal: Principal) -> tuple[str, str]:
    """Who is trying (organisation), and on which day of the register's clock."""
    organisation = principal.urn or principal.la or principal.sub
    return organisation, container.registry.clock().date().isoformat()


def _check_not_limited(
    container: Container, principal: Principal, pupil_key: str
) -> None:
    tried = container.contact_attempts.failures(
        pupil_key, *_attempt_key(container, principal)
    )
    if tried >= ATTEMPTS_A_DAY:
        audit(container, principal, [pupil_key], "first_contact_refused_at_limit")
        raise FirstContactLimited(
            "too many attempts to identify this child today; try again tomorrow",
            field="pupil.date_of_birth",
            rule=FirstContactLimited.rule,
        )


def _count_failure(container: Container, principal: Principal, pupil: Pupil) -> None:
    pupil_key = pupil.pupil_key
    organisation, day = _attempt_key(container, principal)
    tried = container.contact_attempts.count_failure(pupil_key, organisation, day)
    if tried < ATTEMPTS_A_DAY:
        audit(container, principal, [pupil_key], "first_contact_failed")
        return
    audit(container, principal, [pupil_key], "first_contact_limit_reached")
    if tried == ATTEMPTS_A_DAY:  # the child's LA is told, once
        now = container.registry.clock()
        las = [la for m in pupil.movements.values() for la in (m.from_la, m.to_la)]
        keys = identification_attempts_exhausted.recipients([*las, pupil.home_la])
        for signal in identification_attempts_exhausted.fire(now.date()):
            raise_alert(container.registry, pupil_key, signal, keys, now)
