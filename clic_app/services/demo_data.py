# SPDX-License-Identifier: EUPL-1.2
"""A deterministic synthetic town for demos and tests, drawn with Faker es_ES.

Every name, address and document number is made up; the same seed gives the same town.
About one inhabitant in ten is a foreign resident whose name keeps letters outside
Latin-1 (ș, ț, ł, ğ…), as in real padrons.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from faker import Faker
from sqlmodel import Session, select
from stdnum.es import dni, nie

from clic_app.models import (
    Dwelling,
    HouseholdConsent,
    HouseholdMembership,
    HouseholdSheet,
    IdentityDocumentKind,
    Person,
    STAFF_ROLES,
    Street,
    UserAccount,
)
from clic_app.services.identity import create_account
from clic_app.settings import Council

logger = logging.getLogger(__name__)

DEMO_CITIZEN_NIF = "12345678Z"
DEMO_STAFF_NIF = "00000000T"
DEMO_PASSWORD = "clic-demo-2026"
SEED = 2026
STREET_KINDS = ("Calle", "Avenida", "Plaza", "Paseo", "Camino", "Travesía", "Ronda")
TODAY = date(2026, 12, 1)

# Foreign residents as a padron writes them: the passport's Latin spelling with its letters.
FOREIGN_NAMES = {
    "RO": (("Ștefan", "Ioana", "Mihăiță", "Țuțu", "Andreea"), ("Popescu", "Ionescu", "Ștefănescu", "Rădulescu")),
    "PL": (("Łukasz", "Zofia", "Małgorzata", "Paweł"), ("Łukasiewicz", "Wiśniewska", "Kowalczyk", "Żak")),
    "TR": (("Yağmur", "Çağlar", "Gülşen", "Oğuz"), ("Yılmaz", "Öztürk", "Şahin", "Çelik")),
    "CZ": (("Jiří", "Kateřina", "Přemysl"), ("Dvořák", "Nováková", "Černý")),
    "MA": (("Youssef", "Fatima", "Hamza"), ("El Amrani", "Benali", "Ait Ouarab")),
    "CO": (("Andrés", "Valentina", "Camilo"), ("Gómez", "Rodríguez", "Muñoz")),
}


@dataclass
class DemoSummary:
    """Counts of what one run of the loader created."""

    streets: int = 0
    households: int = 0
    inhabitants: int = 0
    accounts: int = 0
    skipped: bool = False


class _TownBuilder:
    def __init__(self, session: Session, council: Council) -> None:
        self.session = session
        self.council = council
        self.rng = random.Random(SEED)
        self.faker = Faker("es_ES")
        self.faker.seed_instance(SEED)
        self.used_documents: set[str] = {DEMO_CITIZEN_NIF, DEMO_STAFF_NIF}
        self.used_addresses: set[tuple] = set()
        self.summary = DemoSummary()

    def build(self, streets: int, households: int, min_inhabitants: int) -> DemoSummary:
        street_rows = self._streets(streets)
        demo_sheet = self._household(street_rows[0], 1)
        self._demo_family(demo_sheet)
        for index in range(2, households + 1):
            sheet = self._household(self.rng.choice(street_rows), index)
            self._family(sheet, size=self._household_size(index, households, min_inhabitants))
        self.session.flush()
        return self.summary

    def _household_size(self, index: int, households: int, min_inhabitants: int) -> int:
        remaining_homes = households - index + 1
        missing = min_inhabitants - self.summary.inhabitants
        size = self.rng.choices((1, 2, 3, 4, 5), weights=(20, 30, 22, 20, 8))[0]
        return max(size, -(-missing // remaining_homes))

    def _streets(self, count: int) -> list[Street]:
        names: set[str] = set()
        while len(names) < count:
            names.add(f"{self.faker.first_name()} {self.faker.last_name()}")
        rows = [
            Street(code=f"{index:05d}", kind=self.rng.choice(STREET_KINDS), name=name)
            for index, name in enumerate(sorted(names), start=1)
        ]
        rows[0].kind, rows[0].name = "Calle", "de la Concepción Jerónima"
        self.session.add_all(rows)
        self.session.flush()
        self.summary.streets = len(rows)
        return rows

    def _household(self, street: Street, index: int) -> HouseholdSheet:
        while True:
            address = (
                street.id,
                str(self.rng.randint(1, 160)),
                self.rng.choice(("", "", "", "1", "2", "A")),
                self.rng.choice(("", "Bajo", "1", "2", "3", "4", "5")),
                self.rng.choice(("", "A", "B", "C", "D", "Izda", "Dcha")),
            )
            if address not in self.used_addresses:
                break
        self.used_addresses.add(address)
        postcode = f"{self.council.postcode_prefix}{street.id % 5 + 1:02d}"
        dwelling = Dwelling(
            street_id=address[0], number=address[1], block=address[2], floor=address[3], door=address[4],
            postcode=postcode,
        )
        self.session.add(dwelling)
        self.session.flush()
        sheet = HouseholdSheet(number=f"H-{index:06d}", dwelling_id=dwelling.id)
        self.session.add(sheet)
        self.session.flush()
        self.summary.households += 1
        return sheet

    def _demo_family(self, sheet: HouseholdSheet) -> None:
        citizen = Person(
            given_name="Lucía", first_surname="Fernández", second_surname="Núñez",
            document_kind=IdentityDocumentKind.DNI, document_number=DEMO_CITIZEN_NIF,
            birth_date=date(1984, 3, 14), nationality="ES",
        )
        partner = Person(
            given_name="Ștefan Ionuț", first_surname="Popescu", second_surname="",
            document_kind=IdentityDocumentKind.NIE, document_number=self._nie(),
            birth_date=date(1982, 10, 2), nationality="RO",
        )
        child = Person(
            given_name="Martín", first_surname="Popescu", second_surname="Fernández",
            document_kind=IdentityDocumentKind.DNI, document_number=self._dni(),
            birth_date=date(2013, 6, 21), nationality="ES",
        )
        self._register(sheet, [(citizen, date(2011, 9, 1)), (partner, date(2012, 2, 15)), (child, date(2013, 6, 21))])
        # Ștefan lets Lucía see his data, so her collective volante lists the whole family.
        self.session.add(
            HouseholdConsent(
                sheet_id=sheet.id, grantor_person_id=partner.id, grantee_person_id=citizen.id,
                granted_at=datetime.combine(TODAY, time(9), tzinfo=UTC),
            )
        )
        create_account(self.session, DEMO_CITIZEN_NIF, DEMO_PASSWORD, person_id=citizen.id)
        create_account(self.session, DEMO_STAFF_NIF, DEMO_PASSWORD, roles=STAFF_ROLES)
        self.summary.accounts += 2

    def _family(self, sheet: HouseholdSheet, size: int) -> None:
        foreign = self.rng.random() < 0.12
        country = self.rng.choice(sorted(FOREIGN_NAMES)) if foreign else "ES"
        surname = self._surname(country)
        moved_in = TODAY - timedelta(days=self.rng.randint(30, 30 * 365))
        people = []
        for position in range(size):
            adult = position < 2 or self.rng.random() < 0.3
            born = self._birth_date(adult)
            person = Person(
                given_name=self._given_name(country),
                first_surname=surname if position != 1 else self._surname(country),
                second_surname=self._surname(country) if country == "ES" else "",
                document_kind=IdentityDocumentKind.NIE if foreign else IdentityDocumentKind.DNI,
                document_number=self._nie() if foreign else self._dni(),
                birth_date=born,
                nationality=country,
            )
            people.append((person, max(moved_in, born)))
        self._register(sheet, people)

    def _register(self, sheet: HouseholdSheet, people: list[tuple[Person, date]]) -> None:
        self.session.add_all(person for person, _joined in people)
        self.session.flush()
        self.session.add_all(
            HouseholdMembership(sheet_id=sheet.id, person_id=person.id, joined_on=joined_on)
            for person, joined_on in people
        )
        self.summary.inhabitants += len(people)

    def _birth_date(self, adult: bool) -> date:
        age_days = self.rng.randint(18 * 365, 90 * 365) if adult else self.rng.randint(0, 17 * 365)
        return TODAY - timedelta(days=age_days)

    def _given_name(self, country: str) -> str:
        if country == "ES":
            return self.faker.first_name()
        return self.rng.choice(FOREIGN_NAMES[country][0])

    def _surname(self, country: str) -> str:
        if country == "ES":
            return self.faker.last_name()
        return self.rng.choice(FOREIGN_NAMES[country][1])

    def _dni(self) -> str:
        return self._unique(lambda: _with_check(dni, f"{self.rng.randint(10_000_000, 79_999_999)}"))

    def _nie(self) -> str:
        return self._unique(lambda: _with_check(nie, f"{self.rng.choice('XY')}{self.rng.randint(0, 9_999_999):07d}"))

    def _unique(self, draw) -> str:
        value = draw()
        while value in self.used_documents:
            value = draw()
        self.used_documents.add(value)
        return value


def _with_check(module, number: str) -> str:
    return number + module.calc_check_digit(number)


def load_demo_data(
    session: Session,
    council: Council,
    streets: int = 120,
    households: int = 2100,
    min_inhabitants: int | None = None,
) -> DemoSummary:
    """Create the demo town once; a second run finds the demo citizen and does nothing.

    ``min_inhabitants`` defaults to 2.5 people per household, the Spanish average.
    """
    if min_inhabitants is None:
        min_inhabitants = int(households * 2.5)
    exists = session.exec(select(UserAccount.id).where(UserAccount.nif == DEMO_CITIZEN_NIF)).first()
    if exists is not None:
        logger.info("demo_data_skip reason=already_loaded")
        return DemoSummary(skipped=True)

    logger.info("demo_data_start households=%s", households)
    summary = _TownBuilder(session, council).build(streets, households, min_inhabitants)
    logger.info(
        "demo_data_done streets=%s households=%s inhabitants=%s",
        summary.streets, summary.households, summary.inhabitants,
    )
    return summary
