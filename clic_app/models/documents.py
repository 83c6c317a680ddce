# SPDX-License-Identifier: EUPL-1.2
"""Metadata of documents the council issued; the bytes live in the document store."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Column, Field, SQLModel

from clic_app.models.base import StrEnumType, UTCDateTime, utcnow


class DocumentKind(StrEnum):
    """Kind of an issued document; the label is the Spanish title on the PDF."""

    VOLANTE_INDIVIDUAL = "volante_individual"
    VOLANTE_COLECTIVO = "volante_colectivo"

    @property
    def message_key(self) -> str:
        return f"document_kind.{self.value}"


class IssuedDocument(SQLModel, table=True):
    """A document issued by the council, stored unchanged and verifiable by its CSV."""

    id: int | None = Field(default=None, primary_key=True)
    csv: str = Field(max_length=32, unique=True)
    kind: DocumentKind = Field(sa_column=Column(StrEnumType(DocumentKind), nullable=False))
    sha256: str = Field(max_length=64, index=True)
    size: int
    content_type: str = Field(default="application/pdf", max_length=80)
    filename: str = Field(max_length=120)
    issued_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    subject_person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    requested_by_user_id: int | None = Field(default=None, foreign_key="useraccount.id")
    test_document: bool = Field(default=False, description="Sealed with the development certificate")
