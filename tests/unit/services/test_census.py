# SPDX-License-Identifier: EUPL-1.2
"""Tests of padron queries: a citizen's registration, household members and addresses."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import col, select

from clic_app.models import Dwelling, HouseholdMembership, Person, Street, UserAccount
from clic_app.services.census import census_record_for, format_address, nationality_name
from clic_app.services.demo_data import DEMO_CITIZEN_NIF, DEMO_STAFF_NIF
from clic_app.services.errors import NotFound
from clic_app.services.identity import create_account

TOWN = "Villaclara del Monte"


def _account(session, nif: str) -> UserAccount:
    return session.exec(select(UserAccount).where(UserAccount.nif == nif)).one()


@pytest.fixture
def neighbour(session, demo_citizen) -> UserAccount:
    """A second citizen's account, for a person who lives in another dwelling than the demo citizen."""
    own_sheet = census_record_for(session, demo_citizen).sheet
    person = session.exec(
        select(Person)
        .join(HouseholdMembership, col(HouseholdMembership.person_id) == Person.id)
        .where(HouseholdMembership.sheet_id != own_sheet.id)
        .order_by(Person.id)
    ).first()
    return create_account(session, person.document_number, "neighbour-password", person_id=person.id)


def test_record_of_demo_citizen(session, demo_citizen):
    record = census_record_for(session, demo_citizen)

    assert record.person.id == demo_citizen.person_id
    assert record.person.document_number == DEMO_CITIZEN_NIF
    assert record.person.full_name == "Lucía Fernández Núñez"


def test_record_lists_household(session, demo_citizen):
    record = census_record_for(session, demo_citizen)

    member_ids = [member.person.id for member in record.members]
    assert len(member_ids) >= 3
    assert demo_citizen.person_id in member_ids
    assert "Ștefan Ionuț Popescu" in [member.person.full_name for member in record.members]


def test_record_members_by_join_date(session, demo_citizen):
    record = census_record_for(session, demo_citizen)

    joined = [member.joined_on for member in record.members]
    assert joined == sorted(joined)


def test_record_links_sheet_dwelling_street(session, demo_citizen):
    record = census_record_for(session, demo_citizen)

    assert record.sheet.dwelling_id == record.dwelling.id
    assert record.dwelling.street_id == record.street.id
    assert record.joined_on == date(2011, 9, 1)


def test_record_address(session, demo_citizen):
    record = census_record_for(session, demo_citizen)

    address = record.address(TOWN)

    assert address.startswith("Calle de la Concepción Jerónima, ")
    assert address.endswith(f", {record.dwelling.postcode} {TOWN}")


def test_format_address_full():
    street = Street(code="00001", kind="Calle", name="Mayor")
    dwelling = Dwelling(street_id=1, number="3", block="2", floor="1", door="B", postcode="99001")

    assert format_address(street, dwelling, TOWN) == f"Calle Mayor, 3, Bloque 2, Planta 1, Puerta B, 99001 {TOWN}"


def test_format_address_skips_empty_parts():
    street = Street(code="00002", kind="Plaza", name="de España")
    dwelling = Dwelling(street_id=2, number="1", floor="Bajo", postcode="99002")

    assert format_address(street, dwelling, TOWN) == f"Plaza de España, 1, Planta Bajo, 99002 {TOWN}"


@pytest.mark.parametrize(
    ("code", "language", "name"),
    [("ES", "es", "España"), ("RO", "es", "Rumanía"), ("ro", "es", "Rumanía"), ("RO", "en", "Romania")],
)
def test_nationality_name(code, language, name):
    assert nationality_name(code, language) == name


def test_nationality_name_unknown_code():
    assert nationality_name("QQ") == "QQ"


def test_account_without_person(session, demo_town):
    staff = _account(session, DEMO_STAFF_NIF)

    with pytest.raises(NotFound) as caught:
        census_record_for(session, staff)

    assert caught.value.code == "no_census_record"


def test_person_who_moved_out(session, demo_citizen):
    membership = session.exec(
        select(HouseholdMembership).where(HouseholdMembership.person_id == demo_citizen.person_id)
    ).one()
    membership.left_on = date(2026, 11, 30)
    session.flush()

    with pytest.raises(NotFound) as caught:
        census_record_for(session, demo_citizen)

    assert caught.value.code == "no_census_record"


def test_neighbour_sees_own_record(session, neighbour):
    record = census_record_for(session, neighbour)

    assert record.person.id == neighbour.person_id
    assert neighbour.person_id in [member.person.id for member in record.members]


def test_neighbour_never_sees_demo_household(session, demo_citizen, neighbour):
    """Authorisation: one citizen's record never contains another household's people."""
    citizen_record = census_record_for(session, demo_citizen)

    neighbour_record = census_record_for(session, neighbour)

    citizen_people = {member.person.id for member in citizen_record.members}
    neighbour_people = {member.person.id for member in neighbour_record.members}
    assert neighbour_record.sheet.id != citizen_record.sheet.id
    assert neighbour_record.dwelling.id != citizen_record.dwelling.id
    assert citizen_people.isdisjoint(neighbour_people)


def test_neighbour_members_share_one_sheet(session, neighbour):
    record = census_record_for(session, neighbour)

    sheets = {
        session.exec(
            select(HouseholdMembership.sheet_id).where(HouseholdMembership.person_id == member.person.id)
        ).one()
        for member in record.members
    }
    assert sheets == {record.sheet.id}

