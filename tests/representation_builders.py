# SPDX-License-Identifier: EUPL-1.2
"""Builders for representation and consent tests: the demo family, extra accounts, mandates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from clic_app.models import (
    HouseholdMembership,
    HouseholdSheet,
    Mandate,
    MandateOrigin,
    MandateStatus,
    PartyKind,
    Person,
    UserAccount,
)
from clic_app.services.demo_data import DEMO_CITIZEN_NIF
from clic_app.services.identity import create_account
from clic_app.services.representation import today_in_madrid

PASSWORD = "a-test-password"
# A valid DNI that no demo inhabitant holds: a representative with no padron record.
OUTSIDER_NIF = "11111111H"
COMPANY_CIF = "B12345674"


@dataclass(frozen=True)
class Family:
    """The demo household: Lucía (with an account), Ștefan and the minor Martín."""

    sheet: HouseholdSheet
    lucia: Person
    stefan: Person
    martin: Person

    def member_id(self, session: Session, person: Person) -> int:
        """Return the id of ``person``'s current membership of the family's sheet."""
        return session.exec(
            select(HouseholdMembership.id).where(
                HouseholdMembership.person_id == person.id, col(HouseholdMembership.left_on).is_(None)
            )
        ).one()


def demo_family(session: Session) -> Family:
    lucia = session.exec(select(Person).where(Person.document_number == DEMO_CITIZEN_NIF)).one()
    sheet_id = session.exec(select(HouseholdMembership.sheet_id).where(HouseholdMembership.person_id == lucia.id)).one()
    members = session.exec(
        select(Person)
        .join(HouseholdMembership, col(HouseholdMembership.person_id) == Person.id)
        .where(HouseholdMembership.sheet_id == sheet_id)
    ).all()
    by_name = {person.given_name: person for person in members}
    return Family(session.get(HouseholdSheet, sheet_id), lucia, by_name["Ștefan Ionuț"], by_name["Martín"])


def account_for(session: Session, person: Person) -> UserAccount:
    """Return the account of ``person``, creating one with PASSWORD if there is none."""
    existing = session.exec(select(UserAccount).where(UserAccount.nif == person.document_number)).first()
    if existing is not None:
        return existing
    return create_account(session, person.document_number, PASSWORD, person_id=person.id)


def neighbour_person(session: Session, family: Family) -> Person:
    """Return the first adult registered in another dwelling than the demo family."""
    people = session.exec(
        select(Person)
        .join(HouseholdMembership, col(HouseholdMembership.person_id) == Person.id)
        .where(HouseholdMembership.sheet_id != family.sheet.id)
        .order_by(Person.id)
    ).all()
    adult_born_before = today_in_madrid() - timedelta(days=19 * 366)
    return next(person for person in people if person.birth_date < adult_born_before)


def outsider_account(session: Session, nif: str = OUTSIDER_NIF) -> UserAccount:
    """Return an account of someone not registered in the padron, such as a gestor."""
    existing = session.exec(select(UserAccount).where(UserAccount.nif == nif)).first()
    return existing or create_account(session, nif, PASSWORD)


def add_mandate(
    session: Session,
    representative_nif: str,
    represented_nif: str,
    *,
    status: MandateStatus = MandateStatus.AUTHORISED,
    procedures: tuple[str, ...] = (),
    valid_from: date | None = None,
    valid_until: date | None = None,
    expired: bool = False,
    kind: PartyKind = PartyKind.PERSON,
    name: str = "Parte representada",
) -> Mandate:
    """Store a mandate directly; ``procedures`` empty means all, ``expired`` ended yesterday."""
    today = today_in_madrid()
    if expired:
        valid_from, valid_until = today - timedelta(days=400), today - timedelta(days=1)
    mandate = Mandate(
        representative_nif=representative_nif,
        represented_nif=represented_nif,
        represented_name=name,
        represented_kind=kind,
        all_procedures=not procedures,
        procedures=",".join(procedures),
        valid_from=valid_from or today - timedelta(days=30),
        valid_until=valid_until or today + timedelta(days=365),
        status=status,
        origin=MandateOrigin.STAFF,
    )
    session.add(mandate)
    session.flush()
    return mandate
