# SPDX-License-Identifier: EUPL-1.2
"""Mandates (apoderamientos): registering, proposing, requesting, accepting and revoking them.

A mandate lets a representative act for a represented party in every procedure or in a
list of them, between two dates. Staff register mandates from paper or electronic powers
of attorney. In the portal a citizen may authorise a representative, or a representative
may ask to represent a person, who then accepts it. services.acting_for uses mandates to
decide whom a session may act for.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, or_, select
from stdnum.es import cif

from clic_app.models import AuditAction, Mandate, MandateOrigin, MandateStatus, PartyKind, Person, Role, utcnow
from clic_app.services import audit
from clic_app.services.access import Actor, require_role
from clic_app.services.errors import InvalidInput, NotFound, PermissionDenied
from clic_app.services.identifiers import compact, validate_nif
from clic_app.services.procedures import Procedure

logger = logging.getLogger(__name__)

MADRID = ZoneInfo("Europe/Madrid")
# Ley 39/2015, art. 6: a power inscribed in an electronic registry of powers is valid
# for at most five years from its inscription.
MAX_VALIDITY_YEARS = 5
MAX_NAME_LENGTH = 200
MANDATE_MANAGERS = (Role.REGISTRY_CLERK, Role.ADMINISTRATOR)
STAFF_LIST_LIMIT = 200


def parse_date(value: str, field: str) -> date | None:
    """Return the ISO date ``YYYY-MM-DD`` typed in a form, or None when left empty.

    Raises:
        InvalidInput: the text is not such a date.
    """
    text = (value or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput("date_invalid", field=field, value=value) from None


def today_in_madrid() -> date:
    """Return today's date in Spain's peninsular time, the day mandates are judged by."""
    return datetime.now(MADRID).date()


@dataclass(frozen=True)
class MandateTerms:
    """Scope and validity period of a new mandate; ``procedures`` is ignored when ``all_procedures``."""

    all_procedures: bool = True
    procedures: tuple[str, ...] = ()
    valid_from: date | None = None
    valid_until: date | None = None


@dataclass(frozen=True)
class Party:
    """Someone an account may act as: the holder itself or a party it represents."""

    nif: str
    name: str
    kind: PartyKind
    is_self: bool = False
    via_certificate: bool = False


def effective_status(mandate: Mandate, today: date | None = None) -> MandateStatus:
    """Return the status of ``mandate`` on ``today``: past its end date it counts as expired."""
    today = today or today_in_madrid()
    live = mandate.status in (MandateStatus.PENDING, MandateStatus.AUTHORISED)
    if live and mandate.valid_until is not None and mandate.valid_until < today:
        return MandateStatus.EXPIRED
    return mandate.status


def procedures_of(mandate: Mandate) -> tuple[str, ...]:
    """Return the procedure codes a mandate lists; empty when it covers all of them."""
    if mandate.all_procedures:
        return ()
    return tuple(code for code in mandate.procedures.split(",") if code)


def covers(mandate: Mandate, procedure: Procedure) -> bool:
    """Return whether ``mandate``'s scope includes ``procedure``."""
    return mandate.all_procedures or procedure.value in procedures_of(mandate)


def validate_party(nif: str, kind: PartyKind, field: str = "represented_nif") -> str:
    """Return the compact identifier of a party: a DNI or NIE for a person, a CIF for a company.

    Raises:
        InvalidInput: the identifier is not valid for that kind of party.
    """
    if kind is PartyKind.PERSON:
        return validate_nif(nif, field)
    value = compact(nif)
    if not cif.is_valid(value):
        raise InvalidInput("company_cif_invalid", field=field, value=nif)
    return value


def _validated_name(name: str) -> str:
    value = " ".join((name or "").split())
    if not value:
        raise InvalidInput("represented_name_required", field="represented_name")
    if len(value) > MAX_NAME_LENGTH:
        raise InvalidInput("represented_name_too_long", field="represented_name", max_length=MAX_NAME_LENGTH)
    return value


def _validated_period(terms: MandateTerms, today: date) -> tuple[date, date]:
    valid_from = terms.valid_from or today
    # The five years count from the day the mandate is registered, which is today.
    latest_end = _add_years(today, MAX_VALIDITY_YEARS)
    valid_until = terms.valid_until or latest_end
    if valid_until < valid_from:
        raise InvalidInput("mandate_period_invalid", field="valid_until")
    if valid_until < today:
        raise InvalidInput("mandate_period_past", field="valid_until")
    if valid_until > latest_end:
        raise InvalidInput("mandate_period_too_long", field="valid_until", years=MAX_VALIDITY_YEARS)
    return valid_from, valid_until


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        # 29 February in a year without one: the period ends on 28 February.
        return day.replace(year=day.year + years, day=28)


def _validated_scope(terms: MandateTerms) -> tuple[bool, str]:
    if terms.all_procedures:
        return True, ""
    procedures = Procedure.parse_many(terms.procedures)
    if not procedures:
        raise InvalidInput("mandate_scope_empty", field="procedures")
    return False, ",".join(procedures)


def _new_mandate(
    actor: Actor,
    representative_nif: str,
    represented: Party,
    terms: MandateTerms,
    status: MandateStatus,
    origin: MandateOrigin,
    today: date,
) -> Mandate:
    if representative_nif == represented.nif:
        raise InvalidInput("mandate_self", field="representative_nif")
    all_procedures, procedures = _validated_scope(terms)
    valid_from, valid_until = _validated_period(terms, today)
    return Mandate(
        representative_nif=representative_nif,
        represented_nif=represented.nif,
        represented_name=represented.name,
        represented_kind=represented.kind,
        all_procedures=all_procedures,
        procedures=procedures,
        valid_from=valid_from,
        valid_until=valid_until,
        status=status,
        origin=origin,
        created_by_user_id=actor.user.id,
        decided_at=utcnow() if status is MandateStatus.AUTHORISED else None,
    )


def _save(session: Session, actor: Actor, mandate: Mandate, event: str) -> Mandate:
    session.add(mandate)
    session.flush()
    audit.record(
        session,
        AuditAction.MANDATE_CHANGED,
        actor=actor,
        object_type="mandate",
        object_id=mandate.id,
        details={"event": event, "status": str(mandate.status), "origin": str(mandate.origin)},
    )
    logger.info("mandate_%s mandate_id=%s user_id=%s", event, mandate.id, actor.user.id)
    return mandate


def register_mandate(
    session: Session,
    actor: Actor,
    representative_nif: str,
    represented: Party,
    terms: MandateTerms,
    today: date | None = None,
) -> Mandate:
    """Register a mandate from a power of attorney shown to staff; it is authorised at once.

    Raises:
        PermissionDenied: the actor is neither a registry clerk nor an administrator.
        InvalidInput: an identifier, the name, the scope or the period is invalid.
    """
    require_role(actor, *MANDATE_MANAGERS)
    today = today or today_in_madrid()
    party = Party(
        nif=validate_party(represented.nif, represented.kind),
        name=_validated_name(represented.name),
        kind=represented.kind,
    )
    representative = validate_nif(representative_nif, "representative_nif")
    mandate = _new_mandate(
        actor, representative, party, terms, MandateStatus.AUTHORISED, MandateOrigin.STAFF, today
    )
    return _save(session, actor, mandate, "registered")


def acts_for_other(actor: Actor) -> bool:
    """Return whether ``actor`` is acting for someone other than the account holder."""
    return actor.acting_for_nif not in (None, actor.user.nif)


def _require_own_account(actor: Actor) -> None:
    # Proposing, accepting and revoking bind the account holder personally, so they are
    # never done while acting for someone else.
    if acts_for_other(actor):
        raise PermissionDenied("representation_own_account_only")


def holder_party(session: Session, actor: Actor) -> Party:
    """Return the account holder as a party, named as in the padron when registered there."""
    user = actor.user
    person = session.get(Person, user.person_id) if user.person_id is not None else None
    name = person.full_name if person is not None else (user.full_name or user.nif)
    return Party(nif=user.nif, name=name, kind=PartyKind.PERSON, is_self=True)


def propose_mandate(
    session: Session, actor: Actor, representative_nif: str, terms: MandateTerms, today: date | None = None
) -> Mandate:
    """Authorise someone to represent the account holder; the holder's word is enough.

    Raises:
        PermissionDenied: the actor is acting for someone else.
        InvalidInput: the representative's NIF, the scope or the period is invalid.
    """
    _require_own_account(actor)
    today = today or today_in_madrid()
    representative = validate_nif(representative_nif, "representative_nif")
    mandate = _new_mandate(
        actor, representative, holder_party(session, actor), terms,
        MandateStatus.AUTHORISED, MandateOrigin.PORTAL, today,
    )
    return _save(session, actor, mandate, "proposed")


def request_mandate(
    session: Session,
    actor: Actor,
    represented_nif: str,
    represented_name: str,
    terms: MandateTerms,
    today: date | None = None,
) -> Mandate:
    """Ask to represent a person; the mandate stays pending until that person accepts it.

    Raises:
        PermissionDenied: the actor is acting for someone else.
        InvalidInput: the person's NIF or name, the scope or the period is invalid.
    """
    _require_own_account(actor)
    today = today or today_in_madrid()
    party = Party(
        nif=validate_party(represented_nif, PartyKind.PERSON),
        name=_validated_name(represented_name),
        kind=PartyKind.PERSON,
    )
    mandate = _new_mandate(
        actor, actor.user.nif, party, terms, MandateStatus.PENDING, MandateOrigin.PORTAL, today
    )
    return _save(session, actor, mandate, "requested")


def _visible_mandate(session: Session, actor: Actor, mandate_id: int) -> Mandate:
    """Return a mandate the actor is party to or manages; others look like missing ones."""
    mandate = session.get(Mandate, mandate_id)
    if mandate is None:
        raise NotFound("mandate_not_found")
    parties = (mandate.representative_nif, mandate.represented_nif)
    if actor.user.nif not in parties and not actor.roles & set(MANDATE_MANAGERS):
        raise NotFound("mandate_not_found")
    return mandate


def accept_mandate(session: Session, actor: Actor, mandate_id: int, today: date | None = None) -> Mandate:
    """Accept, as the represented person, a pending request to represent them.

    Raises:
        NotFound: no such mandate is visible to the actor.
        PermissionDenied: the actor is not the represented person, or acts for someone else.
        InvalidInput: the mandate is not pending any more.
    """
    mandate = _visible_mandate(session, actor, mandate_id)
    _require_own_account(actor)
    if mandate.represented_nif != actor.user.nif:
        raise PermissionDenied("mandate_accept_not_represented")
    if effective_status(mandate, today) is not MandateStatus.PENDING:
        raise InvalidInput("mandate_not_pending")
    mandate.status = MandateStatus.AUTHORISED
    mandate.decided_at = utcnow()
    return _save(session, actor, mandate, "accepted")


def revoke_mandate(session: Session, actor: Actor, mandate_id: int, today: date | None = None) -> Mandate:
    """Revoke a mandate, as the represented party or staff, or withdraw one's own pending request.

    Raises:
        NotFound: no such mandate is visible to the actor.
        PermissionDenied: the actor may not revoke it.
        InvalidInput: it is already revoked or expired.
    """
    mandate = _visible_mandate(session, actor, mandate_id)
    status = effective_status(mandate, today)
    if status not in (MandateStatus.PENDING, MandateStatus.AUTHORISED):
        raise InvalidInput("mandate_not_revocable")
    if not may_revoke(actor, mandate, status):
        raise PermissionDenied("mandate_revoke_denied")
    mandate.status = MandateStatus.REVOKED
    mandate.revoked_at = utcnow()
    return _save(session, actor, mandate, "revoked")


def may_revoke(actor: Actor, mandate: Mandate, status: MandateStatus) -> bool:
    """Return whether ``actor`` may revoke ``mandate``, whose status is ``status`` today."""
    if actor.roles & set(MANDATE_MANAGERS):
        return True
    if acts_for_other(actor):
        return False
    if actor.user.nif == mandate.represented_nif:
        return True
    return actor.user.nif == mandate.representative_nif and status is MandateStatus.PENDING


def expire_mandates(session: Session, today: date | None = None) -> int:
    """Mark as expired every pending or authorised mandate past its end date; return how many."""
    today = today or today_in_madrid()
    stale = session.exec(
        select(Mandate).where(
            col(Mandate.status).in_([MandateStatus.PENDING, MandateStatus.AUTHORISED]),
            col(Mandate.valid_until) < today,
        )
    ).all()
    for mandate in stale:
        mandate.status = MandateStatus.EXPIRED
        session.add(mandate)
        session.flush()
        audit.record(
            session, AuditAction.MANDATE_CHANGED, object_type="mandate", object_id=mandate.id,
            details={"event": "expired", "status": str(MandateStatus.EXPIRED), "origin": str(mandate.origin)},
        )
    logger.info("mandates_expired count=%s", len(stale))
    return len(stale)


@dataclass(frozen=True)
class MandateLists:
    """The mandates in which an account is the representative, and those in which it is represented."""

    as_representative: tuple[Mandate, ...]
    as_represented: tuple[Mandate, ...]


def mandates_of(session: Session, actor: Actor) -> MandateLists:
    """Return the account holder's own mandates, newest first, as representative and as represented."""
    nif = actor.user.nif
    newest_first = (col(Mandate.created_at).desc(), col(Mandate.id).desc())
    as_representative = session.exec(
        select(Mandate).where(Mandate.representative_nif == nif).order_by(*newest_first)
    ).all()
    as_represented = session.exec(select(Mandate).where(Mandate.represented_nif == nif).order_by(*newest_first)).all()
    return MandateLists(tuple(as_representative), tuple(as_represented))


def search_mandates(session: Session, actor: Actor, nif: str = "") -> list[Mandate]:
    """Return the newest mandates, or those where ``nif`` is either party, for staff.

    Raises:
        PermissionDenied: the actor is neither a registry clerk nor an administrator.
    """
    require_role(actor, *MANDATE_MANAGERS)
    query = select(Mandate).order_by(col(Mandate.created_at).desc(), col(Mandate.id).desc()).limit(STAFF_LIST_LIMIT)
    filter_nif = compact(nif)
    if filter_nif:
        query = query.where(or_(Mandate.representative_nif == filter_nif, Mandate.represented_nif == filter_nif))
    mandates = list(session.exec(query).all())
    # Mandates name the people represented, so a staff search is a read of personal data.
    audit.record(
        session, AuditAction.PERSONAL_DATA_READ, actor=actor, object_type="mandate_search",
        object_id=filter_nif, details={"results": len(mandates)},
    )
    return mandates
