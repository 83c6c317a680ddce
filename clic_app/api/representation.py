# SPDX-License-Identifier: EUPL-1.2
"""Representation routes: mandates (apoderamientos) and the party a token acts for."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from clic_app.api.deps import ActorDep, LanguageDep, SessionDep, oauth2_scheme
from clic_app.api.errors import ERROR_RESPONSES
from clic_app.locales import translate
from clic_app.models import Mandate, MandateOrigin, MandateStatus, PartyKind
from clic_app.services.acting_for import parties_for_token, switch_party
from clic_app.services.procedures import Procedure
from clic_app.services.representation import (
    MandateTerms,
    Party,
    accept_mandate,
    effective_status,
    mandates_of,
    procedures_of,
    propose_mandate,
    register_mandate,
    request_mandate,
    revoke_mandate,
    search_mandates,
)

router = APIRouter(prefix="/representation", tags=["representation"])
TokenDep = Annotated[str | None, Depends(oauth2_scheme)]


class TermsBody(BaseModel):
    """Scope and validity of a new mandate."""

    all_procedures: bool = True
    procedures: list[str] = Field(default=[], description="Procedure codes, used when all_procedures is false")
    valid_from: date | None = Field(default=None, description="Default: today")
    valid_until: date | None = Field(default=None, description="Default and maximum: five years after valid_from")

    def terms(self) -> MandateTerms:
        return MandateTerms(self.all_procedures, tuple(self.procedures), self.valid_from, self.valid_until)


class ProposalBody(TermsBody):
    """The caller authorises this person to represent them."""

    representative_nif: str


class RequestBody(TermsBody):
    """The caller asks to represent this person, who must accept in the portal."""

    represented_nif: str
    represented_name: str


class RegistrationBody(TermsBody):
    """A mandate registered by staff from a power of attorney."""

    representative_nif: str
    represented_nif: str
    represented_name: str
    represented_kind: PartyKind = PartyKind.PERSON


class MandatePublic(BaseModel):
    """A mandate with its status on the day of the request."""

    id: int
    representative_nif: str
    represented_nif: str
    represented_name: str
    represented_kind: PartyKind
    all_procedures: bool
    procedures: list[str]
    valid_from: date
    valid_until: date | None
    status: MandateStatus = Field(description="A mandate past valid_until reads as expired")
    origin: MandateOrigin
    created_at: datetime

    @classmethod
    def of(cls, mandate: Mandate) -> MandatePublic:
        return cls(
            id=mandate.id,
            representative_nif=mandate.representative_nif,
            represented_nif=mandate.represented_nif,
            represented_name=mandate.represented_name,
            represented_kind=mandate.represented_kind,
            all_procedures=mandate.all_procedures,
            procedures=list(procedures_of(mandate)),
            valid_from=mandate.valid_from,
            valid_until=mandate.valid_until,
            status=effective_status(mandate),
            origin=mandate.origin,
            created_at=mandate.created_at,
        )


class MyMandates(BaseModel):
    """The caller's mandates as representative and as represented party."""

    as_representative: list[MandatePublic]
    as_represented: list[MandatePublic]


class ProcedurePublic(BaseModel):
    """A procedure a mandate may cover."""

    code: str
    label: str


class PartyPublic(BaseModel):
    """Someone the caller may act as."""

    nif: str
    name: str
    kind: PartyKind
    is_self: bool

    @classmethod
    def of(cls, party: Party) -> PartyPublic:
        return cls(nif=party.nif, name=party.name, kind=party.kind, is_self=party.is_self)


class PartiesPublic(BaseModel):
    """Every party the caller may act as, and the one the token acts as now."""

    parties: list[PartyPublic]
    acting_for: PartyPublic


class SwitchBody(BaseModel):
    """The party to act as; empty or null means the account holder."""

    nif: str | None = None


@router.get("/procedures", response_model=list[ProcedurePublic])
def list_procedures(language: LanguageDep) -> list[ProcedurePublic]:
    """List the procedure codes a mandate may cover."""
    return [ProcedurePublic(code=item.value, label=translate(item.message_key, language)) for item in Procedure]


@router.get("/mandates", response_model=MyMandates, responses=ERROR_RESPONSES)
def read_my_mandates(session: SessionDep, actor: ActorDep) -> MyMandates:
    """List the caller's mandates, newest first."""
    lists = mandates_of(session, actor)
    return MyMandates(
        as_representative=[MandatePublic.of(m) for m in lists.as_representative],
        as_represented=[MandatePublic.of(m) for m in lists.as_represented],
    )


@router.post("/mandates/proposals", response_model=MandatePublic, status_code=201, responses=ERROR_RESPONSES)
def propose(body: ProposalBody, session: SessionDep, actor: ActorDep) -> MandatePublic:
    """Authorise a person to represent the caller; it is authorised at once."""
    return MandatePublic.of(propose_mandate(session, actor, body.representative_nif, body.terms()))


@router.post("/mandates/requests", response_model=MandatePublic, status_code=201, responses=ERROR_RESPONSES)
def ask_to_represent(body: RequestBody, session: SessionDep, actor: ActorDep) -> MandatePublic:
    """Ask to represent a person; the mandate stays pending until that person accepts it."""
    mandate = request_mandate(session, actor, body.represented_nif, body.represented_name, body.terms())
    return MandatePublic.of(mandate)


@router.post("/mandates/{mandate_id}/accept", response_model=MandatePublic, responses=ERROR_RESPONSES)
def accept(mandate_id: int, session: SessionDep, actor: ActorDep) -> MandatePublic:
    """Accept, as the represented person, a pending request to represent the caller."""
    return MandatePublic.of(accept_mandate(session, actor, mandate_id))


@router.post("/mandates/{mandate_id}/revoke", response_model=MandatePublic, responses=ERROR_RESPONSES)
def revoke(mandate_id: int, session: SessionDep, actor: ActorDep) -> MandatePublic:
    """Revoke a mandate (represented party or staff), or withdraw one's own pending request."""
    return MandatePublic.of(revoke_mandate(session, actor, mandate_id))


@router.get("/staff/mandates", response_model=list[MandatePublic], responses=ERROR_RESPONSES)
def staff_search(
    session: SessionDep, actor: ActorDep, nif: Annotated[str, Query(max_length=20)] = ""
) -> list[MandatePublic]:
    """List the newest mandates, or those of one NIF; registry clerks and administrators only."""
    return [MandatePublic.of(m) for m in search_mandates(session, actor, nif)]


@router.post("/staff/mandates", response_model=MandatePublic, status_code=201, responses=ERROR_RESPONSES)
def staff_register(body: RegistrationBody, session: SessionDep, actor: ActorDep) -> MandatePublic:
    """Register a mandate from a power of attorney; registry clerks and administrators only."""
    represented = Party(body.represented_nif, body.represented_name, body.represented_kind)
    return MandatePublic.of(register_mandate(session, actor, body.representative_nif, represented, body.terms()))


@router.get("/parties", response_model=PartiesPublic, responses=ERROR_RESPONSES)
def read_parties(session: SessionDep, token: TokenDep) -> PartiesPublic:
    """List who the token may act as, and the party it acts as now."""
    parties, current = parties_for_token(session, token)
    return PartiesPublic(parties=[PartyPublic.of(p) for p in parties], acting_for=PartyPublic.of(current))


@router.put("/acting-for", response_model=PartyPublic, responses=ERROR_RESPONSES)
def switch_acting_party(body: SwitchBody, session: SessionDep, token: TokenDep) -> PartyPublic:
    """Make the token act for one of its parties; later calls read and act as that party."""
    return PartyPublic.of(switch_party(session, token, body.nif))
