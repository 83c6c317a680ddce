# SPDX-License-Identifier: EUPL-1.2
"""Request and response bodies of the public API; no hashes or secrets ever appear here."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from clic_app.models import DocumentKind, IdentityDocumentKind


class ErrorBody(BaseModel):
    """Every error response: a stable code, a message for people, and the field at fault."""

    code: str = Field(examples=["csv_not_found"])
    message: str
    field: str | None = None


class TokenResponse(BaseModel):
    """OAuth2 bearer token returned by the password flow."""

    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="Seconds until the token expires")


class PersonPublic(BaseModel):
    """A person as the census shows them to the account holder."""

    given_name: str
    first_surname: str
    second_surname: str
    document_kind: IdentityDocumentKind
    document_number: str
    birth_date: date
    nationality: str = Field(description="ISO 3166-1 alpha-2 code")


class MemberPublic(PersonPublic):
    """A member of a household sheet, with the day they joined it."""

    joined_on: date


class AddressPublic(BaseModel):
    """The registered dwelling."""

    street_kind: str
    street_name: str
    number: str
    block: str
    floor: str
    door: str
    postcode: str
    formatted: str


class CensusMe(BaseModel):
    """The caller's registration: their data, the dwelling and their household sheet."""

    person: PersonPublic
    registered_since: date
    address: AddressPublic
    sheet_number: str
    members: list[MemberPublic]
    withheld_members: int = Field(
        default=0, description="People on the sheet not listed because they have not consented to the caller"
    )


class VolanteRequest(BaseModel):
    """Volante request: for the caller alone, or for the whole household sheet."""

    kind: Literal["individual", "household"]


class VolanteIssued(BaseModel):
    """A volante just issued: its CSV and where to download it."""

    csv: str
    document_url: str
    verification_url: str


class VerificationPublic(BaseModel):
    """Public metadata of an issued document: no personal data."""

    csv: str
    kind: DocumentKind
    kind_label: str
    issued_at: datetime
    sha256: str
    size: int
    test_document: bool = Field(description="Sealed with the development certificate: no legal validity")
