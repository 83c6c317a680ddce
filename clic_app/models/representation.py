# SPDX-License-Identifier: EUPL-1.2
"""Acting for others: mandates (apoderamientos) and consent within a household sheet."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlmodel import Column, Field, SQLModel

from clic_app.models.base import StrEnumType, UTCDateTime, utcnow


class PartyKind(StrEnum):
    """Whether a represented party is a person (física) or a company (jurídica)."""

    PERSON = "person"
    COMPANY = "company"


class MandateStatus(StrEnum):
    """State of a mandate; a mandate past its end date counts as expired."""

    PENDING = "pending"
    AUTHORISED = "authorised"
    REVOKED = "revoked"
    EXPIRED = "expired"

    @property
    def message_key(self) -> str:
        return f"mandate_status.{self.value}"


class MandateOrigin(StrEnum):
    """Origin of a mandate: staff registration or the portal."""

    STAFF = "staff"
    """Registered by council staff from a paper or electronic power of attorney."""
    PORTAL = "portal"
    """Proposed in the portal; the represented party accepts it there."""


class Mandate(SQLModel, table=True):
    """An apoderamiento: the representative may act for the represented party."""

    id: int | None = Field(default=None, primary_key=True)
    representative_nif: str = Field(max_length=20, index=True)
    represented_nif: str = Field(max_length=20, index=True)
    represented_name: str = Field(max_length=200)
    represented_kind: PartyKind = Field(sa_column=Column(StrEnumType(PartyKind), nullable=False))
    all_procedures: bool = True
    procedures: str = Field(default="", max_length=1000, description="Comma-separated procedure codes")
    valid_from: date
    valid_until: date | None = None
    status: MandateStatus = Field(sa_column=Column(StrEnumType(MandateStatus), nullable=False))
    origin: MandateOrigin = Field(sa_column=Column(StrEnumType(MandateOrigin), nullable=False))
    created_by_user_id: int | None = Field(default=None, foreign_key="useraccount.id")
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    decided_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    revoked_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))


class HouseholdConsent(SQLModel, table=True):
    """An adult member lets another adult of the same sheet see their data."""

    id: int | None = Field(default=None, primary_key=True)
    sheet_id: int = Field(foreign_key="householdsheet.id", index=True)
    grantor_person_id: int = Field(foreign_key="person.id", index=True)
    grantee_person_id: int = Field(foreign_key="person.id", index=True)
    granted_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    revoked_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
