# SPDX-License-Identifier: EUPL-1.2
"""Padron queries: a person's registration and the members of their hoja padronal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from babel import Locale
from sqlmodel import Session, col, select

from clic_app.models import (
    Dwelling,
    HouseholdMembership,
    HouseholdSheet,
    Person,
    Street,
    UserAccount,
)
from clic_app.locales import DEFAULT_LANGUAGE, translate
from clic_app.services.errors import NotFound


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
    """Return the registration of the account holder.

    Only the holder's own record is reachable: the person comes from the account, never
    from a parameter, so one citizen cannot ask for another's data.

    Raises:
        NotFound: the account is not linked to a person registered in the padron.
    """
    if user.person_id is None:
        raise NotFound("no_census_record")
    return _record_for_person(session, user.person_id)


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
