# SPDX-License-Identifier: EUPL-1.2
"""Tests of the synthetic demo town: size, idempotence, demo accounts and valid identifiers."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select
from stdnum.es import dni, nie

from clic_app.models import (
    Dwelling,
    HouseholdMembership,
    HouseholdSheet,
    IdentityDocumentKind,
    Person,
    STAFF_ROLES,
    Role,
    Street,
    UserAccount,
)
from clic_app.services.access import roles_of
from clic_app.services.census import census_record_for
from clic_app.services.db import session_scope
from clic_app.services.demo_data import DEMO_CITIZEN_NIF, DEMO_PASSWORD, DEMO_STAFF_NIF, load_demo_data
from clic_app.services.identity import verify_password
from tests.databases import DEMO_TOWN_SIZE

COUNTED_TABLES = (Street, Dwelling, HouseholdSheet, Person, HouseholdMembership, UserAccount)


def _count(session, table) -> int:
    return session.exec(select(func.count()).select_from(table)).one()


def _counts(runtime) -> dict[str, int]:
    with session_scope(runtime.engine) as session:
        return {table.__name__: _count(session, table) for table in COUNTED_TABLES}


def _account(session, nif: str) -> UserAccount:
    return session.exec(select(UserAccount).where(UserAccount.nif == nif)).one()


def test_small_town_matches_summary(runtime):
    with session_scope(runtime.engine) as session:
        summary = load_demo_data(session, runtime.settings.council, **DEMO_TOWN_SIZE)

    counts = _counts(runtime)
    assert not summary.skipped
    assert counts["Street"] == DEMO_TOWN_SIZE["streets"]
    assert counts["HouseholdSheet"] == DEMO_TOWN_SIZE["households"]
    assert counts["Person"] >= DEMO_TOWN_SIZE["min_inhabitants"]
    assert counts["UserAccount"] == 2
    assert summary.streets == counts["Street"]
    assert summary.households == counts["HouseholdSheet"]
    assert summary.inhabitants == counts["Person"]
    assert summary.accounts == counts["UserAccount"]


def test_second_load_skipped(runtime):
    with session_scope(runtime.engine) as session:
        load_demo_data(session, runtime.settings.council, **DEMO_TOWN_SIZE)
    before = _counts(runtime)

    with session_scope(runtime.engine) as session:
        summary = load_demo_data(session, runtime.settings.council, **DEMO_TOWN_SIZE)

    assert summary.skipped
    assert _counts(runtime) == before


def test_default_town_size(runtime):
    """The full demo town takes 2 to 5 s to load and is the size the demo relies on."""
    with session_scope(runtime.engine) as session:
        load_demo_data(session, runtime.settings.council)

    counts = _counts(runtime)
    assert counts["Person"] >= 5_000
    assert counts["HouseholdSheet"] >= 2_000
    assert counts["Street"] >= 100


def test_demo_citizen_household(session, demo_citizen):
    record = census_record_for(session, demo_citizen)

    others = [member for member in record.members if member.person.id != demo_citizen.person_id]
    assert record.person.document_number == DEMO_CITIZEN_NIF
    assert len(others) >= 2


def test_demo_citizen_account(session, demo_town):
    citizen = _account(session, DEMO_CITIZEN_NIF)

    assert roles_of(session, citizen.id) == {Role.CITIZEN}
    assert citizen.person_id is not None
    assert verify_password(DEMO_PASSWORD, citizen.password_hash)


def test_staff_account(session, demo_town):
    staff = _account(session, DEMO_STAFF_NIF)

    assert roles_of(session, staff.id) == STAFF_ROLES
    assert staff.person_id is None
    assert staff.is_active


def test_document_numbers_valid(session, demo_town):
    people = session.exec(select(Person)).all()

    for person in people:
        checker = dni if person.document_kind is IdentityDocumentKind.DNI else nie
        assert checker.is_valid(person.document_number), person.document_number


def test_document_kinds_present(session, demo_town):
    kinds = set(session.exec(select(Person.document_kind)).all())

    assert kinds == {IdentityDocumentKind.DNI, IdentityDocumentKind.NIE}


def test_document_numbers_unique(session, demo_town):
    numbers = session.exec(select(Person.document_number)).all()

    assert len(set(numbers)) == len(numbers)


def test_everyone_on_one_sheet(session, demo_town):
    people = _count(session, Person)

    memberships = session.exec(select(HouseholdMembership.person_id)).all()

    assert len(memberships) == people
    assert len(set(memberships)) == people


def test_household_has_non_latin1_name(session, demo_citizen):
    """The demo household shows a name that Latin-1 fonts cannot draw, such as ș or ț."""
    names = [member.person.full_name for member in census_record_for(session, demo_citizen).members]

    assert "Ștefan Ionuț Popescu" in names
    assert any(_not_latin1(name) for name in names)


def _not_latin1(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return True
    return False

