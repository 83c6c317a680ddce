# SPDX-License-Identifier: EUPL-1.2
"""Consent between adult members of a household sheet (cesión de datos de la hoja padronal).

The rule of who may see whom on a sheet:

- everyone may see their own data;
- an adult may see the minors registered on the same sheet, because minors cannot give
  consent here, and a parent or guardian living with them needs the household volante
  to show where they live;
- an adult may see another adult only while that adult's consent to them is in force;
- a minor may see only themselves.

Everyone else on the sheet is counted but not shown, on screen and in collective volantes.
Adulthood is 18 years on the day of the request (Constitución Española, art. 12).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from clic_app.models import AuditAction, HouseholdConsent, HouseholdMembership, Person, utcnow
from clic_app.services import audit
from clic_app.services.access import Actor
from clic_app.services.errors import InvalidInput, NotFound, PermissionDenied
from clic_app.services.acting_for import represented_person_id
from clic_app.services.procedures import Procedure
from clic_app.services.representation import MADRID, today_in_madrid

logger = logging.getLogger(__name__)

ADULT_AGE = 18


def age_on(birth_date: date, today: date) -> int:
    """Return the age in whole years on ``today`` of someone born on ``birth_date``."""
    had_birthday = (today.month, today.day) >= (birth_date.month, birth_date.day)
    return today.year - birth_date.year - (0 if had_birthday else 1)


def is_adult(person: Person, today: date) -> bool:
    """Return whether ``person`` is 18 or older on ``today``."""
    return age_on(person.birth_date, today) >= ADULT_AGE


def consents_in_force(
    session: Session, sheet_id: int, grantor_person_id: int | None = None, grantee_person_id: int | None = None
) -> list[HouseholdConsent]:
    """Return the unrevoked consents on this sheet given during both people's current stay on it.

    A consent given before the grantor or the grantee last registered on the sheet
    belongs to an earlier stay, so it no longer applies even if it was never revoked.
    """
    query = select(HouseholdConsent).where(
        HouseholdConsent.sheet_id == sheet_id, col(HouseholdConsent.revoked_at).is_(None)
    )
    if grantor_person_id is not None:
        query = query.where(HouseholdConsent.grantor_person_id == grantor_person_id)
    if grantee_person_id is not None:
        query = query.where(HouseholdConsent.grantee_person_id == grantee_person_id)
    consents = session.exec(query.order_by(HouseholdConsent.id)).all()

    joined = dict(
        session.exec(
            select(HouseholdMembership.person_id, HouseholdMembership.joined_on).where(
                HouseholdMembership.sheet_id == sheet_id, col(HouseholdMembership.left_on).is_(None)
            )
        ).all()
    )
    return [consent for consent in consents if _given_during_stay(consent, joined)]


def _given_during_stay(consent: HouseholdConsent, joined: dict[int, date]) -> bool:
    given_on = consent.granted_at.astimezone(MADRID).date()
    people = (consent.grantor_person_id, consent.grantee_person_id)
    return all(person in joined and joined[person] <= given_on for person in people)


def grantors_to(session: Session, sheet_id: int, grantee_person_id: int) -> set[int]:
    """Return the people whose consent to ``grantee_person_id`` on this sheet is in force."""
    consents = consents_in_force(session, sheet_id, grantee_person_id=grantee_person_id)
    return {consent.grantor_person_id for consent in consents}


def visible_person_ids(
    session: Session, sheet_id: int, viewer: Person, members: Iterable[Person], today: date
) -> set[int]:
    """Return which of the sheet's ``members`` ``viewer`` may see, by the rule of this module."""
    visible = {viewer.id}
    if not is_adult(viewer, today):
        return visible
    consenting = grantors_to(session, sheet_id, viewer.id)
    for member in members:
        if not is_adult(member, today) or member.id in consenting:
            visible.add(member.id)
    return visible


@dataclass(frozen=True)
class HousemateConsent:
    """Another adult on the viewer's sheet and the consent each gave the other."""

    member_id: int
    """Id of the housemate's membership of the sheet, the handle to grant or revoke with."""
    name: str
    granted: bool
    """The viewer lets this housemate see their data."""
    received: bool
    """This housemate lets the viewer see theirs."""


@dataclass(frozen=True)
class ConsentOverview:
    """Content of the consent section: whether the viewer may grant consent, and to whom."""

    viewer_is_adult: bool
    housemates: tuple[HousemateConsent, ...]


def _current_membership(session: Session, person_id: int) -> HouseholdMembership:
    membership = session.exec(
        select(HouseholdMembership).where(
            HouseholdMembership.person_id == person_id, col(HouseholdMembership.left_on).is_(None)
        )
    ).first()
    if membership is None:
        raise NotFound("no_census_record")
    return membership


def _adult_housemates(session: Session, membership: HouseholdMembership, today: date) -> list[tuple[int, Person]]:
    rows = session.exec(
        select(HouseholdMembership.id, Person)
        .join(Person, col(Person.id) == HouseholdMembership.person_id)
        .where(
            HouseholdMembership.sheet_id == membership.sheet_id,
            col(HouseholdMembership.left_on).is_(None),
            HouseholdMembership.person_id != membership.person_id,
        )
        .order_by(HouseholdMembership.joined_on, Person.id)
    ).all()
    return [(member_id, person) for member_id, person in rows if is_adult(person, today)]


def _granted_by(session: Session, sheet_id: int, grantor_person_id: int) -> set[int]:
    consents = consents_in_force(session, sheet_id, grantor_person_id=grantor_person_id)
    return {consent.grantee_person_id for consent in consents}


def consent_overview(session: Session, actor: Actor, today: date | None = None) -> ConsentOverview:
    """Return the other adults on the sheet of the party the actor acts as, with consents both ways.

    Only their names are listed, so that the viewer can choose whom to authorise; their
    other data stays hidden until they consent.

    Raises:
        NotFound: the party has no current padron registration.
        PermissionDenied: the actor's mandate does not cover consent (``padron.cesion``).
    """
    today = today or today_in_madrid()
    person_id = represented_person_id(session, actor, Procedure.CENSUS_CONSENT, today)
    membership = _current_membership(session, person_id)
    viewer = session.get(Person, person_id)
    if not is_adult(viewer, today):
        return ConsentOverview(viewer_is_adult=False, housemates=())

    granted = _granted_by(session, membership.sheet_id, person_id)
    received = grantors_to(session, membership.sheet_id, person_id)
    housemates = tuple(
        HousemateConsent(member_id, person.full_name, person.id in granted, person.id in received)
        for member_id, person in _adult_housemates(session, membership, today)
    )
    return ConsentOverview(viewer_is_adult=True, housemates=housemates)


def _grant_parties(
    session: Session, actor: Actor, member_id: int, today: date
) -> tuple[HouseholdMembership, Person]:
    """Return the grantor's membership and the grantee, checking both are adults of one sheet."""
    person_id = represented_person_id(session, actor, Procedure.CENSUS_CONSENT, today)
    membership = _current_membership(session, person_id)
    if not is_adult(session.get(Person, person_id), today):
        raise PermissionDenied("consent_grantor_minor")

    target = session.get(HouseholdMembership, member_id)
    same_sheet = target is not None and target.sheet_id == membership.sheet_id and target.left_on is None
    if not same_sheet or target.person_id == person_id:
        raise NotFound("consent_member_not_found", field="member_id")
    grantee = session.get(Person, target.person_id)
    if not is_adult(grantee, today):
        raise InvalidInput("consent_grantee_minor", field="member_id")
    return membership, grantee


def _active_consent(session: Session, sheet_id: int, grantor_id: int, grantee_id: int) -> HouseholdConsent | None:
    consents = consents_in_force(session, sheet_id, grantor_person_id=grantor_id, grantee_person_id=grantee_id)
    return consents[0] if consents else None


def _audit_consent(session: Session, actor: Actor, consent: HouseholdConsent, event: str) -> None:
    audit.record(
        session,
        AuditAction.CONSENT_CHANGED,
        actor=actor,
        object_type="household_consent",
        object_id=consent.id,
        subject_person_id=consent.grantor_person_id,
        details={"event": event, "grantee_person_id": consent.grantee_person_id},
    )
    logger.info("consent_%s consent_id=%s user_id=%s", event, consent.id, actor.user.id)


def grant_consent(session: Session, actor: Actor, member_id: int, today: date | None = None) -> HouseholdConsent:
    """Let the housemate of membership ``member_id`` see the grantor's data; idempotent.

    The grantor is the party the actor acts as. Granting again returns the active consent.

    Raises:
        NotFound: the membership is not another current member of the grantor's sheet.
        PermissionDenied: the grantor is a minor, or the mandate does not cover consent.
        InvalidInput: the housemate is a minor.
    """
    today = today or today_in_madrid()
    membership, grantee = _grant_parties(session, actor, member_id, today)
    active = _active_consent(session, membership.sheet_id, membership.person_id, grantee.id)
    if active is not None:
        return active

    consent = HouseholdConsent(
        sheet_id=membership.sheet_id, grantor_person_id=membership.person_id, grantee_person_id=grantee.id
    )
    session.add(consent)
    session.flush()
    _audit_consent(session, actor, consent, "granted")
    return consent


def revoke_consent(session: Session, actor: Actor, member_id: int, today: date | None = None) -> HouseholdConsent:
    """Withdraw the grantor's consent to the housemate of membership ``member_id``.

    Raises:
        NotFound: the membership is not a housemate, or no consent to them is in force.
        PermissionDenied: as :func:`grant_consent`.
    """
    today = today or today_in_madrid()
    membership, grantee = _grant_parties(session, actor, member_id, today)
    active = _active_consent(session, membership.sheet_id, membership.person_id, grantee.id)
    if active is None:
        raise NotFound("consent_not_found", field="member_id")

    active.revoked_at = utcnow()
    session.add(active)
    session.flush()
    _audit_consent(session, actor, active, "revoked")
    return active
