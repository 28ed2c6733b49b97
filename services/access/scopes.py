"""Who may see or act on what: one place for every scope rule."""

from __future__ import annotations

from collections.abc import Sequence

from events.errors import PupilNotFound
from events.movements import Recorder, RecorderKind
from events.pupil import Pupil
from events.registry import Registry
from services.access.denials import Forbidden
from services.access.tokens import Principal, Role


def recorder_for(principal: Principal) -> Recorder:
    """The organisation a caller records movements as."""
    if principal.role is Role.SCHOOL:
        return Recorder(RecorderKind.SCHOOL, urn=principal.urn)
    if principal.role is Role.LA:
        return Recorder(RecorderKind.LOCAL_AUTHORITY, la_code=principal.la)
    if principal.role is Role.ADMIN:
        return Recorder(RecorderKind.ADMIN)
    raise Forbidden(f"role {principal.role} does not record movements")


def may_read_pupil(principal: Principal, pupil: Pupil) -> bool:
    """Schools that had the child, LAs whose schools it touched, the child, admins."""
    if principal.role is Role.ADMIN:
        return True
    if principal.role is Role.SUBJECT:
        return principal.pupil_key == pupil.pupil_key
    if principal.role in (Role.SCHOOL, Role.DSL) and principal.urn:
        return principal.urn in pupil.schools_touched()
    if principal.role in (Role.LA, Role.DSL) and principal.la:
        return principal.la in pupil.las_touched()
    return False


def check_may_read_pupil(principal: Principal, pupil: Pupil) -> None:
    """To a caller outside its scope a child is not there: the same 404 as for a
    pupil_key the register never held, so a key cannot be tested."""
    if not may_read_pupil(principal, pupil):
        raise PupilNotFound("no record for this pupil_key")  # as the registry says


def may_see_case(
    principal: Principal, school_urn: str | None, la_codes: Sequence[str]
) -> bool:
    """An LA (or its DSL) the case touches, the school it is about (or its DSL),
    an admin."""
    return (
        principal.role is Role.ADMIN
        or (principal.role in (Role.LA, Role.DSL) and principal.la in la_codes)
        or (principal.role in (Role.SCHOOL, Role.DSL) and principal.urn == school_urn)
    )


# Whose work needs the child's name (casework, safeguarding, the child's own
# schools): an operator or a statistician never does, and is never shown it.
NAMING_ROLES = frozenset({Role.LA, Role.DSL, Role.SCHOOL})


def may_see_name(principal: Principal) -> bool:
    return principal.role in NAMING_ROLES


def pupil_in_scope(registry: Registry, principal: Principal, pupil_key: str) -> Pupil:
    """The child's record for a caller who may act on it (a correction, a
    withdrawal, a step); to anyone else, the 404 of a child never held."""
    pupil = registry.get_pupil(pupil_key)
    check_may_read_pupil(principal, pupil)
    return pupil


def check_school_scope(principal: Principal, urn: str, la_code: str | None) -> None:
    """A school sees itself, an LA its schools, an admin every school."""
    allowed = (
        principal.role is Role.ADMIN
        or (principal.role in (Role.SCHOOL, Role.DSL) and principal.urn == urn)
        or (
            principal.role in (Role.LA, Role.DSL)
            and la_code is not None
            and principal.la == la_code
        )
    )
    if not allowed:
        raise Forbidden("this school is outside your scope", field="urn")


def check_la_scope(principal: Principal, la_code: str) -> None:
    """An LA (or a DSL working for it) sees its own area; an admin every area."""
    if principal.role is not Role.ADMIN and principal.la != la_code:
        raise Forbidden("this LA is outside your scope", field="la_code")


def actor_for(principal: Principal) -> dict[str, str | None]:
    """The organisation acting on a case (never the person)."""
    recorder = recorder_for(principal)
    return recorder.as_dict()


def alert_keys(principal: Principal) -> tuple[str, ...] | None:
    """The recipient keys whose alerts the caller works (None: all, an admin)."""
    if principal.role is Role.ADMIN:
        return None
    if principal.role is Role.VSH and principal.la:
        return (f"vsh:{principal.la}",)
    if principal.role is Role.DSL and principal.urn:
        return (f"school:{principal.urn}",)
    if principal.role in (Role.DSL, Role.LA) and principal.la:
        return (f"la:{principal.la}",)
    raise Forbidden("this role receives no alerts")


def actor_for_alert(principal: Principal) -> dict[str, str | None]:
    """The organisation deciding on an alert (never the person)."""
    return {"kind": principal.role.value, "urn": principal.urn, "la_code": principal.la}
