# SPDX-License-Identifier: EUPL-1.2
"""Household consent routes: who on the caller's household sheet may see the caller's data."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from clic_app.api.deps import ActorDep, SessionDep
from clic_app.api.errors import ERROR_RESPONSES
from clic_app.services.consent import consent_overview, grant_consent, revoke_consent

router = APIRouter(prefix="/census/consents", tags=["census"])


class HousematePublic(BaseModel):
    """Another adult on the caller's sheet, by name only, and the consent each gave the other."""

    member_id: int = Field(description="Handle of the housemate's registration, to grant or revoke with")
    name: str
    granted: bool = Field(description="The caller lets this housemate see the caller's data")
    received: bool = Field(description="This housemate lets the caller see theirs")


class ConsentsPublic(BaseModel):
    """Consents on the caller's household sheet."""

    may_grant: bool = Field(description="False for minors, who cannot grant consent")
    housemates: list[HousematePublic]


class ConsentBody(BaseModel):
    """The housemate to let see the caller's data."""

    member_id: int


def _overview(session, actor) -> ConsentsPublic:
    overview = consent_overview(session, actor)
    return ConsentsPublic(
        may_grant=overview.viewer_is_adult,
        housemates=[
            HousematePublic(member_id=h.member_id, name=h.name, granted=h.granted, received=h.received)
            for h in overview.housemates
        ],
    )


@router.get("", response_model=ConsentsPublic, responses=ERROR_RESPONSES)
def read_consents(session: SessionDep, actor: ActorDep) -> ConsentsPublic:
    """List the other adults on the caller's sheet and the consents given both ways."""
    return _overview(session, actor)


@router.post("", response_model=ConsentsPublic, status_code=201, responses=ERROR_RESPONSES)
def grant(body: ConsentBody, session: SessionDep, actor: ActorDep) -> ConsentsPublic:
    """Let a housemate see the caller's data and list the caller in collective volantes."""
    grant_consent(session, actor, body.member_id)
    return _overview(session, actor)


@router.delete("/{member_id}", response_model=ConsentsPublic, responses=ERROR_RESPONSES)
def revoke(member_id: int, session: SessionDep, actor: ActorDep) -> ConsentsPublic:
    """Withdraw the caller's consent to a housemate."""
    revoke_consent(session, actor, member_id)
    return _overview(session, actor)
