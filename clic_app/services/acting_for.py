# SPDX-License-Identifier: EUPL-1.2
"""Acting for others: the parties a session may act as, switching, and the mandate check.

A session acts for one party at a time (``AuthSession.acting_for_nif``): the account
holder, a party with an authorised mandate in force, or the company of the representative
certificate the session logged in with. Every service that reads or changes that party's
data calls :func:`check_mandate` first.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from datetime import date

from sqlmodel import Session, col, select

from clic_app.models import CertificateProfile, Mandate, MandateStatus, PartyKind, Person, UserCertificate, utcnow
from clic_app.services.access import Actor, actor_for
from clic_app.services.errors import NotFound, PermissionDenied
from clic_app.services.identifiers import compact
from clic_app.services.identity import session_for_token
from clic_app.services.procedures import Procedure
from clic_app.services.representation import (
    Party,
    acts_for_other,
    covers,
    effective_status,
    holder_party,
    today_in_madrid,
)

logger = logging.getLogger(__name__)


def _representative_certificates(session: Session, user_id: int) -> list[UserCertificate]:
    now = utcnow()
    return list(
        session.exec(
            select(UserCertificate).where(
                UserCertificate.user_id == user_id,
                UserCertificate.profile == CertificateProfile.REPRESENTANTE,
                col(UserCertificate.entity_nif).is_not(None),
                UserCertificate.not_before <= now,
                UserCertificate.not_after > now,
            )
        ).all()
    )


def _certificate_party(certificate: UserCertificate) -> Party:
    # The subject of a representative certificate names the company in its O attribute.
    organisation = re.search(r"(?:^|,)\s*O=([^,]+)", certificate.subject)
    name = organisation.group(1).strip() if organisation else certificate.entity_nif
    return Party(nif=certificate.entity_nif, name=name, kind=PartyKind.COMPANY, via_certificate=True)


def _certificate_parties(session: Session, actor: Actor, certificate_id: int | None) -> list[Party]:
    """Return the companies the session may act for by a representative certificate.

    That is the company of the certificate the session logged in with, or the company
    login already set as the acting party. A certificate that was only uploaded, and
    never used to log in, proves nothing: its public part is no secret.
    """
    parties = []
    for certificate in _representative_certificates(session, actor.user.id):
        if certificate.id == certificate_id or certificate.entity_nif == actor.acting_for_nif:
            parties.append(_certificate_party(certificate))
    return parties


def _live_mandates(session: Session, representative_nif: str, today: date) -> list[Mandate]:
    rows = session.exec(
        select(Mandate)
        .where(Mandate.representative_nif == representative_nif, Mandate.status == MandateStatus.AUTHORISED)
        .order_by(Mandate.represented_name, Mandate.id)
    ).all()
    return [m for m in rows if m.valid_from <= today and effective_status(m, today) is MandateStatus.AUTHORISED]


def parties_for(
    session: Session, actor: Actor, certificate_id: int | None = None, today: date | None = None
) -> list[Party]:
    """Return who the account may act as: itself first, then every party it represents now.

    Args:
        certificate_id: the certificate the session logged in with, if any.
    """
    today = today or today_in_madrid()
    parties = [holder_party(session, actor)]
    parties += _certificate_parties(session, actor, certificate_id)
    for mandate in _live_mandates(session, actor.user.nif, today):
        parties.append(Party(mandate.represented_nif, mandate.represented_name, mandate.represented_kind))

    unique: dict[str, Party] = {}
    for party in parties:
        unique.setdefault(party.nif, party)
    return list(unique.values())


def parties_for_token(session: Session, token: str | None) -> tuple[list[Party], Party]:
    """Return the parties the session behind ``token`` may act as, and the one it acts as now.

    Raises:
        NotAuthenticated: the token is not a valid session.
    """
    user, row = session_for_token(session, token)
    actor = actor_for(session, user, acting_for_nif=row.acting_for_nif)
    parties = parties_for(session, actor, row.certificate_id)
    current = next((party for party in parties if party.nif == row.acting_for_nif), parties[0])
    return parties, current


def switch_party(session: Session, token: str | None, nif: str | None) -> Party:
    """Make the session behind ``token`` act for ``nif``, or for the holder when empty.

    Raises:
        NotAuthenticated: the token is not a valid session.
        PermissionDenied: the account may not act for that party now.
    """
    user, row = session_for_token(session, token)
    target_nif = compact(nif or "") or user.nif
    actor = actor_for(session, user, acting_for_nif=row.acting_for_nif)
    party = next((p for p in parties_for(session, actor, row.certificate_id) if p.nif == target_nif), None)
    if party is None:
        raise PermissionDenied("party_not_available", field="nif")
    row.acting_for_nif = None if party.is_self else party.nif
    session.add(row)
    session.flush()
    logger.info("acting_party_switched user_id=%s represents_other=%s", user.id, not party.is_self)
    return party


def check_mandate(
    session: Session, actor: Actor, procedure: Procedure, today: date | None = None
) -> Mandate | None:
    """Check that the actor may do ``procedure`` for the party it acts for now.

    Returns the mandate relied on, or None when the actor acts for itself or has a
    representative certificate of the company it acts for, because such a certificate
    covers every procedure.

    Raises:
        PermissionDenied: with the code ``mandate_missing``, ``mandate_pending``,
            ``mandate_revoked``, ``mandate_expired``, ``mandate_not_yet_valid`` or
            ``mandate_out_of_scope``, whichever describes the best mandate found.
    """
    if not acts_for_other(actor):
        return None
    today = today or today_in_madrid()
    if any(cert.entity_nif == actor.acting_for_nif for cert in _representative_certificates(session, actor.user.id)):
        return None

    mandates = session.exec(
        select(Mandate).where(
            Mandate.representative_nif == actor.user.nif, Mandate.represented_nif == actor.acting_for_nif
        )
    ).all()
    for mandate in mandates:
        if _in_force(mandate, today) and covers(mandate, procedure):
            return mandate
    raise PermissionDenied(_denial_code(mandates, procedure, today), procedure=procedure.value)


def _in_force(mandate: Mandate, today: date) -> bool:
    return effective_status(mandate, today) is MandateStatus.AUTHORISED and mandate.valid_from <= today


def _denial_code(mandates: Iterable[Mandate], procedure: Procedure, today: date) -> str:
    """Return the code that explains best why none of ``mandates`` allows ``procedure`` today."""
    mandates = list(mandates)
    statuses = {effective_status(mandate, today) for mandate in mandates}
    if any(_in_force(mandate, today) for mandate in mandates):
        return "mandate_out_of_scope"
    if any(m.valid_from > today and effective_status(m, today) is MandateStatus.AUTHORISED for m in mandates):
        return "mandate_not_yet_valid"
    for status, code in (
        (MandateStatus.PENDING, "mandate_pending"),
        (MandateStatus.EXPIRED, "mandate_expired"),
        (MandateStatus.REVOKED, "mandate_revoked"),
    ):
        if status in statuses:
            return code
    return "mandate_missing"


def represented_person_id(session: Session, actor: Actor, procedure: Procedure, today: date | None = None) -> int:
    """Return the padron person the actor acts as, after checking its mandate for ``procedure``.

    Raises:
        PermissionDenied: as :func:`check_mandate`.
        NotFound: the party is not registered in the padron (a company, or no person).
    """
    if not acts_for_other(actor):
        if actor.user.person_id is None:
            raise NotFound("no_census_record")
        return actor.user.person_id
    check_mandate(session, actor, procedure, today)
    person_id = session.exec(select(Person.id).where(Person.document_number == actor.acting_for_nif)).first()
    if person_id is None:
        raise NotFound("represented_no_census_record")
    return person_id
