"""THE path that records movements: identity, first contact, rules, events, notes,
idempotency. The API's single and batch endpoints and `pmr import` all call it;
nothing else orchestrates the vault and the Registry.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from events.characteristics import characteristics
from events.errors import DomainError, FirstSightingRaced, MovementRuleViolation
from events.identifiers import UPN, URN, LACode
from events.lawfulness import Finding
from events.movements import MovementRequest, Recorder
from events.pupil import Pupil
from events.registry import IdempotencyKey, MovementReceipt
from services.access.scopes import recorder_for
from services.access.tokens import Principal
from services.app.bootstrap import Container
from services.app.side_writes import SideWrite
from services.recording.first_contact import (
    first_contact_with,
    is_first_contact,
    log_check,
    log_first_contact,
)
from services.recording.identity import flag_conflict, nhs_of
from services.recording.movement_body import MovementCreate
from services.reference.providers import parse_provider_id
from services.reference.schools import School

FLAG_FIELDS = {
    "fsm_eligible",
    "looked_after",
    "previously_looked_after",
    "child_in_need",
    "child_protection_plan",
}
BATCH_WORKERS = 8  # children recorded at once; the group commit joins their saves


def record(
    container: Container,
    principal: Principal,
    body: MovementCreate,
    idempotency: IdempotencyKey | None = None,
    recorder: Recorder | None = None,
    known: dict[str, str] | None = None,
) -> MovementReceipt:
    """Record one movement as `principal` (the recorder: its organisation).

    `known`: pupil_keys already looked up for a batch (UPN -> key); a UPN absent
    from it is a child the vault did not hold then.

    A new child's enrolment and the note are written in the events' transaction:
    all of it is stored, or none. Two requests first sighting the same child at
    once: one enrols it, the other records against that enrolment.
    """
    upn = UPN.parse(body.pupil.upn, field="pupil.upn")
    nhs_number = nhs_of(body)
    request = request_from(container, body)
    recorder = recorder or recorder_for(principal)
    for attempt in range(3):
        if known is not None and attempt == 0:
            pupil_key = known.get(str(upn))
        else:
            pupil_key = find_child(container, upn)
        alias: tuple[SideWrite, ...] = ()
        if pupil_key is None:
            pupil_key, alias = by_former_upn(container, body, upn)
        try:
            receipt = _record_once(
                container,
                principal,
                body,
                pupil_key,
                request,
                recorder,
                idempotency,
                alias,
                nhs_number,
            )
        except FirstSightingRaced:
            continue
        if nhs_number and not receipt.replayed:
            today = container.registry.clock().date()
            flag_conflict(container, nhs_number, receipt.pupil_key, today)
        return receipt
    raise FirstSightingRaced("this child is being enrolled by another request")


def _record_once(
    container: Container,
    principal: Principal,
    body: MovementCreate,
    pupil_key: str | None,
    request: MovementRequest,
    recorder: Recorder,
    idempotency: IdempotencyKey | None,
    alias: tuple[SideWrite, ...] = (),
    nhs_number: str | None = None,
) -> MovementReceipt:
    registry, vault = container.registry, container.vault
    withheld = body.pupil.nhs_number_not_included
    if pupil_key is None:  # enrolled with its first events, or not at all
        # Answered as for a child on the register: no date of birth, no contact.
        first_contact_with(container, principal, None, body.pupil.date_of_birth)
        upn = str(UPN.parse(body.pupil.upn, field="pupil.upn"))
        enrolment = vault.enrolment(upn, body.pupil.date_of_birth)
        receipt = registry.record_movement(
            enrolment.pupil_key,
            request,
            recorder,
            idempotency,
            attach=lambda _pupil, movement_id: (
                enrolment.writes
                + vault.note_writes(
                    enrolment.pupil_key, movement_id, body.notes, enrolment.data_key
                )
                + vault.name_writes(
                    enrolment.pupil_key, body.pupil.name, enrolment.data_key
                )
                + vault.nhs_writes(
                    enrolment.pupil_key, nhs_number, withheld, enrolment.data_key
                )
            ),
            first_sighting=True,
        )
    else:
        first_contact = False

        def admit(pupil: Pupil) -> None:
            nonlocal first_contact
            first_contact = first_contact_with(
                container, principal, pupil, body.pupil.date_of_birth
            )

        sealed = body.notes or body.pupil.name or nhs_number or withheld
        data_key = vault.data_key(pupil_key) if sealed else None
        receipt = registry.record_movement(
            pupil_key,
            request,
            recorder,
            idempotency,
            attach=lambda _pupil, movement_id: (
                alias
                + vault.note_writes(pupil_key, movement_id, body.notes, data_key)
                + vault.name_writes(pupil_key, body.pupil.name, data_key)
                + vault.nhs_writes(pupil_key, nhs_number, withheld, data_key)
            ),
            admit=admit,
        )
        if first_contact and not receipt.replayed:
            log_first_contact(container, principal, pupil_key)
    if not receipt.replayed:
        container.metrics.events_appended.labels(body.type.value).inc()
    return receipt


def find_child(container: Container, upn: UPN) -> str | None:
    """The pupil_key the vault holds for a UPN (the one place identity is looked up
    outside the vault itself)."""
    return container.vault.find(str(upn))


def by_former_upn(
    container: Container, body: MovementCreate, upn: UPN
) -> tuple[str | None, tuple[SideWrite, ...]]:
    """A child the register holds under the former UPN sent, and the write that
    indexes its new UPN too (none when no former UPN finds a child)."""
    if not body.pupil.former_upn:
        return None, ()
    former = UPN.parse(body.pupil.former_upn, field="pupil.former_upn")
    pupil_key = find_child(container, former)
    if pupil_key is None:
        return None, ()
    return pupil_key, (container.vault.alias_write(str(upn), pupil_key),)


def check(
    container: Container, principal: Principal, body: MovementCreate
) -> list[Finding]:
    """What recording would give, through the same checks, storing nothing: the
    refusal (raised) or the findings."""
    upn = UPN.parse(body.pupil.upn, field="pupil.upn")
    nhs_of(body)  # refused as recording would refuse it
    request = request_from(container, body)
    pupil_key = find_child(container, upn) or by_former_upn(container, body, upn)[0]
    first = is_first_contact(container, principal, pupil_key, body.pupil.date_of_birth)
    if pupil_key is not None and not first:
        log_check(container, principal, pupil_key)
    # A first contact is judged as a child new to the register: a check must not
    # tell an organisation what other schools recorded (their rolls, suspensions).
    return container.registry.check_movement(
        None if first else pupil_key, request, recorder_for(principal)
    )


@dataclass(frozen=True)
class BatchItem:
    """One movement of a batch, with the client's own reference for it."""

    ref: str
    body: MovementCreate
    idempotency: IdempotencyKey | None = None


def record_many(
    container: Container, principal: Principal, items: Sequence[BatchItem]
) -> list[MovementReceipt | DomainError]:
    """Each item's receipt or the refusal it would have got alone, in item order.

    Items of one child apply in order; different children are recorded at once, so
    the group commit writes many of them per transaction.
    """
    by_child: dict[str, list[int]] = defaultdict(list)
    results: list[MovementReceipt | DomainError | None] = [None] * len(items)
    for index, item in enumerate(items):
        try:
            by_child[str(UPN.parse(item.body.pupil.upn, field="pupil.upn"))].append(
                index
            )
        except DomainError as refused:
            results[index] = refused
    known = container.vault.find_many(list(by_child))  # one query for the batch

    def one_child(upn: str, indexes: list[int]) -> None:
        # The batch's lookup, then what each recorded item tells of the child.
        found: dict[str, str] = {upn: known[upn]} if upn in known else {}
        for i in indexes:
            try:
                receipt = record(
                    container, principal, items[i].body, items[i].idempotency,
                    known=found,
                )  # fmt: skip
            except DomainError as refused:
                results[i] = refused
                continue
            results[i] = receipt
            found = {upn: receipt.pupil_key}

    with ThreadPoolExecutor(BATCH_WORKERS) as pool:
        list(pool.map(one_child, by_child, by_child.values()))
    return [r for r in results if r is not None]


def idempotency_for(
    container: Container, principal: Principal, body: MovementCreate, key: str | None
) -> IdempotencyKey | None:
    """The client's key, scoped to its organisation, with a keyed hash of the body."""
    if key is None:
        return None
    # Keyed hash: the fingerprint stored in the event log must not reveal the body.
    secret = container.settings.pseudonym_secret.encode()
    digest = hmac.new(secret, body.model_dump_json().encode(), hashlib.sha256)
    return IdempotencyKey(principal.scope_label, key, digest.hexdigest())


def request_from(container: Container, body: MovementCreate) -> MovementRequest:
    """The movement in domain terms, its schools and provider known to the register."""
    from_school = known_school(container, body.from_urn, "from_urn")
    to_school = known_school(container, body.to_urn, "to_urn")
    p = body.pupil
    return MovementRequest(
        movement_type=body.type,
        effective_date=body.effective_date,
        from_urn=from_school.urn if from_school else None,
        to_urn=to_school.urn if to_school else None,
        from_la=from_school.la_code if from_school else None,
        to_la=to_school.la_code if to_school else None,
        deletion_ground=body.deletion_ground,
        reasons=body.reasons(),
        days=body.days,
        characteristics=characteristics(
            p.year_group,
            p.sen_provision,
            p.model_dump(include=FLAG_FIELDS),
            p.ethnicity,
        ),
        date_of_birth=p.date_of_birth,
        details=body.details(),
        from_establishment=from_school.establishment() if from_school else None,
        provider_id=_provider(container, body.provider_id),
        home_la=str(LACode.parse(p.home_la, "pupil.home_la")) if p.home_la else None,
    )


def known_school(container: Container, raw: str | None, field: str) -> School | None:
    """A well-formed URN the register knows (scopes depend on its LA)."""
    if raw is None:
        return None
    urn = str(URN.parse(raw, field=field))
    school = container.schools.get(urn)
    if school is None:
        raise MovementRuleViolation(
            f"school {urn} is not in the schools reference; load GIAS or PUT it first",
            field=field,
            rule="school_unknown",
        )
    return school


def _provider(container: Container, raw: str | None) -> str | None:
    if raw is None:
        return None
    provider_id = parse_provider_id(raw)
    if container.providers.get(provider_id) is None:
        raise MovementRuleViolation(
            f"provider {provider_id} is not in the providers reference; PUT it first",
            field="provider_id",
            rule="provider_unknown",
        )
    return provider_id
