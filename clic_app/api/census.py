# SPDX-License-Identifier: EUPL-1.2
"""Census routes: the caller's own registration and volantes about it."""

from __future__ import annotations

from fastapi import APIRouter, Request

from clic_app.api.deps import ActorDep, RuntimeDep, SessionDep
from clic_app.api.errors import ERROR_RESPONSES
from clic_app.api.schemas import AddressPublic, CensusMe, MemberPublic, PersonPublic, VolanteIssued, VolanteRequest
from clic_app.services.census import census_record_of
from clic_app.services.volantes import VolanteKind, issue_volante_for

router = APIRouter(prefix="/census", tags=["census"])


@router.get("/me", response_model=CensusMe, responses=ERROR_RESPONSES)
def read_my_census(session: SessionDep, runtime: RuntimeDep, actor: ActorDep) -> CensusMe:
    """Return the person, dwelling and household sheet of the party the caller acts as."""
    record = census_record_of(session, actor)
    street, dwelling = record.street, record.dwelling
    return CensusMe(
        person=PersonPublic.model_validate(record.person, from_attributes=True),
        registered_since=record.joined_on,
        address=AddressPublic(
            street_kind=street.kind,
            street_name=street.name,
            number=dwelling.number,
            block=dwelling.block,
            floor=dwelling.floor,
            door=dwelling.door,
            postcode=dwelling.postcode,
            formatted=record.address(runtime.settings.council.town),
        ),
        sheet_number=record.sheet.number,
        members=[
            MemberPublic.model_validate(
                {**PersonPublic.model_validate(m.person, from_attributes=True).model_dump(), "joined_on": m.joined_on}
            )
            for m in record.members
        ],
        withheld_members=record.withheld,
    )


@router.post("/volantes", response_model=VolanteIssued, status_code=201, responses=ERROR_RESPONSES)
def create_volante(
    body: VolanteRequest, request: Request, session: SessionDep, runtime: RuntimeDep, actor: ActorDep
) -> VolanteIssued:
    """Issue a sealed volante de empadronamiento, individual or for the household, about the acting party."""
    document = issue_volante_for(session, runtime, actor, VolanteKind.parse(body.kind))
    return VolanteIssued(
        csv=document.csv,
        document_url=str(request.url_for("download_document", csv=document.csv).path),
        verification_url=runtime.verify_url(document.csv),
    )
