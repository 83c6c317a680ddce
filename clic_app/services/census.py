# SPDX-License-Identifier: EUPL-1.2
"""Padron queries: a person's registration and the members of their hoja padronal."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from babel import Locale
from sqlmodel import Session, col, select

from clic_app.models import (
    AuditAction,
    Dwelling,
    HouseholdMembership,
    HouseholdSheet,
    Person,
    Street,
    UserAccount,
)
from clic_app.locales import DEFAULT_LANGUAGE, translate
from clic_app.services import audit
from clic_app.services.access import Actor, actor_for
from clic_app.services.consent import visible_person_ids
from clic_app.services.errors import NotFound
from clic_app.services.acting_for import represented_person_id
from clic_app.services.procedures import Procedure
from clic_app.services.representation import acts_for_other, today_in_madrid


@dataclass(frozen=True)
class Member:
    """A person registered on a household sheet, with the day they joined it."""

    person: Person
    joined_on: date


@dataclass(frozen=True)
class CensusRecord:
    """A person's current registration: who, where, and who else lives there."""

    person: Person
    joined_on: date
    sheet: HouseholdSheet
    dwelling: Dwelling
    street: Street
    members: tuple[Member, ...]
    withheld: int = 0
    """How many more people live on the sheet without having consented to the viewer."""

    def address(self, town: str, language: str = DEFAULT_LANGUAGE) -> str:
        """Return the postal address of the dwelling, ending with postcode and ``town``."""
        return format_address(self.street, self.dwelling, town, language)


def format_address(street: Street, dwelling: Dwelling, town: str, language: str = DEFAULT_LANGUAGE) -> str:
    """Return ``Calle Mayor, 3, Bloque 2, Planta 1, Puerta B, 99001 Town``."""
    parts = [f"{street.kind} {street.name}", dwelling.number]
    for key, value in (("block", dwelling.block), ("floor", dwelling.floor), ("door", dwelling.door)):
        if value:
            parts.append(f"{translate(f'address.{key}', language)} {value}")
    parts.append(f"{dwelling.postcode} {town}")
    return ", ".join(parts)


def nationality_name(code: str, language: str = "es") -> str:
    """Return the country name of an ISO 3166-1 alpha-2 code in ``language``."""
    return Locale.parse(language).territories.get(code.upper(), code)


def census_record_for(session: Session, user: UserAccount) -> CensusRecord:
    """Return the registration of the account holder, with the housemates the holder may see.

    Only the holder's own record is reachable: the person comes from the account, never
    from a parameter, so one citizen cannot ask for another's data.

    Raises:
        NotFound: the account is not linked to a person registered in the padron.
    """
    return census_record_of(session, actor_for(session, user))


def census_record_of(
    session: Session,
    actor: Actor,
    procedure: Procedure = Procedure.CENSUS_READ,
    today: date | None = None,
    audit_read: bool = True,
) -> CensusRecord:
    """Return the registration of the party the actor acts as, with the housemates it may see.

    Acting for someone needs a mandate covering ``procedure``, and the read is then
    audited with both the actor and the represented party, unless ``audit_read`` is
    False because the caller audits what it does with the record.

    Raises:
        PermissionDenied: the mandate does not allow ``procedure`` now.
        NotFound: the party has no current padron registration.
    """
    today = today or today_in_madrid()
    person_id = represented_person_id(session, actor, procedure, today)
    record = _record_for_person(session, person_id)
    visible = visible_person_ids(session, record.sheet.id, record.person, (m.person for m in record.members), today)
    visible_members = tuple(member for member in record.members if member.person.id in visible)
    if audit_read and acts_for_other(actor):
        audit.record(
            session, AuditAction.PERSONAL_DATA_READ, actor=actor, object_type="census_record",
            object_id=record.sheet.number, subject_person_id=person_id,
        )
    return replace(record, members=visible_members, withheld=len(record.members) - len(visible_members))


def _record_for_person(session: Session, person_id: int) -> CensusRecord:
    membership = session.exec(
        select(HouseholdMembership).where(
            HouseholdMembership.person_id == person_id, col(HouseholdMembership.left_on).is_(None)
        )
    ).first()
    if membership is None:
        raise NotFound("no_census_record")

    sheet = session.get(HouseholdSheet, membership.sheet_id)
    dwelling = session.get(Dwelling, sheet.dwelling_id)
    street = session.get(Street, dwelling.street_id)
    person = session.get(Person, person_id)
    rows = session.exec(
        select(HouseholdMembership, Person)
        .join(Person, Person.id == HouseholdMembership.person_id)
        .where(HouseholdMembership.sheet_id == sheet.id, col(HouseholdMembership.left_on).is_(None))
        .order_by(HouseholdMembership.joined_on, Person.id)
    ).all()
    members = tuple(Member(person=member, joined_on=link.joined_on) for link, member in rows)
    return CensusRecord(person, membership.joined_on, sheet, dwelling, street, members)
