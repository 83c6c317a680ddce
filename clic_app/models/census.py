# SPDX-License-Identifier: EUPL-1.2
"""Padron tables: streets, dwellings, people and household sheets (hojas padronales)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from sqlmodel import Column, Field, SQLModel, UniqueConstraint

from clic_app.models.base import StrEnumType


class IdentityDocumentKind(StrEnum):
    """Kind of identity document a person is registered with."""

    DNI = "dni"
    NIE = "nie"
    PASSPORT = "pasaporte"

    @property
    def message_key(self) -> str:
        return f"identity_document.{self.value}"


class Street(SQLModel, table=True):
    """A street of the municipal street map (callejero)."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=10, unique=True)
    kind: str = Field(max_length=20, description="Calle, Avenida, Plaza…")
    name: str = Field(max_length=120, index=True)


class Dwelling(SQLModel, table=True):
    """One dwelling at a street address."""

    __table_args__ = (
        UniqueConstraint("street_id", "number", "block", "floor", "door", name="uq_dwelling_address"),
    )

    id: int | None = Field(default=None, primary_key=True)
    street_id: int = Field(foreign_key="street.id", index=True)
    number: str = Field(max_length=10)
    block: str = Field(default="", max_length=10)
    floor: str = Field(default="", max_length=10)
    door: str = Field(default="", max_length=10)
    postcode: str = Field(max_length=5)


class Person(SQLModel, table=True):
    """A person registered in the padron."""

    id: int | None = Field(default=None, primary_key=True)
    given_name: str = Field(max_length=80)
    first_surname: str = Field(max_length=80)
    second_surname: str = Field(default="", max_length=80)
    document_kind: IdentityDocumentKind = Field(sa_column=Column(StrEnumType(IdentityDocumentKind), nullable=False))
    document_number: str = Field(max_length=20, unique=True, description="Compact form, upper case")
    birth_date: date
    nationality: str = Field(max_length=2, description="ISO 3166-1 alpha-2 code")

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.first_surname, self.second_surname) if part)


class HouseholdSheet(SQLModel, table=True):
    """Hoja padronal: the people registered at one dwelling."""

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=12, unique=True)
    dwelling_id: int = Field(foreign_key="dwelling.id", unique=True)


class HouseholdMembership(SQLModel, table=True):
    """A person's registration on a household sheet, from the day they joined it."""

    id: int | None = Field(default=None, primary_key=True)
    sheet_id: int = Field(foreign_key="householdsheet.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    joined_on: date
    left_on: date | None = None
