# SPDX-License-Identifier: EUPL-1.2
"""Issuing the volante de empadronamiento: render, seal with the council's seal, store."""

from __future__ import annotations

import logging
from enum import StrEnum

from sqlmodel import Session

from clic_app.models import AuditAction, DocumentKind, IssuedDocument, UserAccount, utcnow
from clic_app.services import audit
from clic_app.services.access import Actor, actor_for
from clic_app.services.census import CensusRecord, census_record_of, nationality_name
from clic_app.services.documents import NewDocument, format_csv, issue_document, reserve_csv
from clic_app.services.errors import InvalidInput
from clic_app.services.pdf import VolanteContent, VolanteRow, render_volante
from clic_app.services.procedures import Procedure
from clic_app.services.runtime import Runtime

logger = logging.getLogger(__name__)


class VolanteKind(StrEnum):
    """Coverage of a volante: the requester alone or everyone on the household sheet."""

    INDIVIDUAL = "individual"
    HOUSEHOLD = "household"

    @classmethod
    def parse(cls, value: str) -> VolanteKind:
        try:
            return cls(value)
        except ValueError:
            raise InvalidInput("volante_kind_invalid", field="kind") from None

    @property
    def document_kind(self) -> DocumentKind:
        if self is VolanteKind.HOUSEHOLD:
            return DocumentKind.VOLANTE_COLECTIVO
        return DocumentKind.VOLANTE_INDIVIDUAL


def issue_volante(session: Session, runtime: Runtime, user: UserAccount, kind: VolanteKind) -> IssuedDocument:
    """Issue a sealed volante about the account holder and store it under a new CSV.

    Raises:
        NotFound: the account has no current padron registration.
    """
    return issue_volante_for(session, runtime, actor_for(session, user), kind)


def issue_volante_for(session: Session, runtime: Runtime, actor: Actor, kind: VolanteKind) -> IssuedDocument:
    """Issue a sealed volante about the party the actor acts as and store it under a new CSV.

    A collective volante lists the people the party may see (see services.consent) and
    counts the others.

    Raises:
        PermissionDenied: the actor's mandate does not cover ``padron.volante`` now.
        NotFound: the party has no current padron registration.
    """
    user = actor.user
    record = census_record_of(session, actor, Procedure.CENSUS_VOLANTE, audit_read=False)
    csv = reserve_csv(session)
    content = _volante_content(runtime, record, kind, csv)
    sealed = runtime.sealer.seal(render_volante(content), reason=f"Volante de empadronamiento {kind}")

    meta = NewDocument(
        kind=kind.document_kind,
        filename=f"volante-{kind}-{csv}.pdf",
        subject_person_id=record.person.id,
        requested_by_user_id=user.id,
        test_document=runtime.sealer.is_development,
        issued_at=content.issued_at,
    )
    document = issue_document(session, runtime.store, sealed, meta, csv=csv)
    audit.record(
        session, AuditAction.DOCUMENT_ISSUED, actor=actor, object_type="document", object_id=document.id,
        subject_person_id=record.person.id, details={"kind": str(kind.document_kind), "withheld": content.withheld},
    )
    logger.info("volante_issued document_id=%s user_id=%s kind=%s", document.id, user.id, kind)
    return document


def _volante_content(runtime: Runtime, record: CensusRecord, kind: VolanteKind, csv: str) -> VolanteContent:
    council = runtime.settings.council
    people = record.members
    if kind is VolanteKind.INDIVIDUAL:
        people = tuple(member for member in record.members if member.person.id == record.person.id)
    rows = tuple(
        VolanteRow(
            name=member.person.full_name,
            document=member.person.document_number,
            birth_date=member.person.birth_date.strftime("%d/%m/%Y"),
            nationality=nationality_name(member.person.nationality),
            since=member.joined_on.strftime("%d/%m/%Y"),
        )
        for member in people
    )
    return VolanteContent(
        council=council,
        household=kind is VolanteKind.HOUSEHOLD,
        address=record.address(council.town),
        sheet_number=record.sheet.number,
        rows=rows,
        withheld=record.withheld if kind is VolanteKind.HOUSEHOLD else 0,
        issued_at=utcnow(),
        csv_display=format_csv(csv),
        verify_url=runtime.verify_url(csv),
        test_document=runtime.sealer.is_development,
    )
