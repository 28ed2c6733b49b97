"""The consistent identifier (NHS number) on the recording path: parsed like the
UPN (refused 422 naming `pupil.nhs_number`), written only to the vault with the
movement's events, and a second child claiming a number already held opens an
identity case for the LAs of the child that holds it, never for the caller: the
answer to the write is the same whether or not the number was known."""

from __future__ import annotations

from datetime import date

from events.cases.opening import Opening
from events.errors import PupilNotFound
from events.nhs_number import NHSNumber
from services.app.bootstrap import Container
from services.recording.movement_body import MovementCreate

CASE_TYPE = "identity_conflict"
REGISTER = {"kind": "register", "urn": None, "la_code": None}


def nhs_of(body: MovementCreate) -> str | None:
    """The NHS number sent, normalised, or None; a bad one is refused here, before
    anything is written."""
    raw = body.pupil.nhs_number
    return str(NHSNumber.parse(raw)) if raw else None


def flag_conflict(
    container: Container, nhs_number: str, pupil_key: str, day: date
) -> None:
    """If another child holds this NHS number, open (once) an identity case about
    that child for its LAs, noting the other record (professionals only)."""
    holder = container.vault.find_by_nhs_number(nhs_number)
    if holder is None or holder == pupil_key:
        return
    try:
        held = container.registry.get_pupil(holder)
    except PupilNotFound:
        return  # erased meanwhile
    las = tuple(sorted(held.las_touched()))
    if not las:
        return
    opening = Opening(CASE_TYPE, f"nhs-number/{holder}/{pupil_key}", holder, day,
                      None, las)  # fmt: skip
    note = (
        f"Another record ({pupil_key}) was given this child's NHS number on "
        f"{day.isoformat()}. Find whether it is the same child."
    )
    container.registry.open_case(
        opening,
        REGISTER,
        container.vault.note_attachment(
            holder, note, lambda _c, case_id: f"case/{case_id}/opened"
        ),
    )
