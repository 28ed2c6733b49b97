"""The providers reference: alternative provision and tutors without a URN."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from events.identifiers import URN, LACode
from services.access.scopes import check_la_scope
from services.access.tokens import Principal, Role
from services.api.deps import ContainerDep, require
from services.api.problems import NotFound
from services.api.schemas import ProviderPublic, ProviderUpsert
from services.reference.providers import Provider, parse_provider_id

router = APIRouter(prefix="/v1/providers", tags=["schools"])

Editor = Annotated[Principal, Depends(require(Role.LA, Role.ADMIN))]
Viewer = Annotated[
    Principal, Depends(require(Role.SCHOOL, Role.LA, Role.DSL, Role.ADMIN))
]


@router.put(
    "/{provider_id}", response_model=ProviderPublic, operation_id="upsert_provider"
)
def upsert_provider(
    container: ContainerDep, principal: Editor, provider_id: str, body: ProviderUpsert
) -> ProviderPublic:
    """Create or update a provider (an LA for its own area, or an admin)."""
    la_code = str(LACode.parse(body.la_code, field="la_code"))
    check_la_scope(principal, la_code)
    existing = container.providers.get(parse_provider_id(provider_id))
    if existing is not None:
        check_la_scope(principal, existing.la_code)
    ofsted = str(URN.parse(body.ofsted_urn, "ofsted_urn")) if body.ofsted_urn else None
    provider = Provider(provider_id, body.name, body.kind, ofsted, la_code)
    container.providers.upsert(provider)
    return ProviderPublic(**vars(provider))


@router.get(
    "/{provider_id}", response_model=ProviderPublic, operation_id="get_provider"
)
def get_provider(
    container: ContainerDep, principal: Viewer, provider_id: str
) -> ProviderPublic:
    """A provider in the reference (providers are public information)."""
    provider = container.providers.get(parse_provider_id(provider_id))
    if provider is None:
        raise NotFound("no such provider in the reference")
    return ProviderPublic(**vars(provider))
