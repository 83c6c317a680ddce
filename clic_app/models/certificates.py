# SPDX-License-Identifier: EUPL-1.2
"""X.509 certificates that users associated with their account to log in with them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import LargeBinary
from sqlmodel import Column, Field, SQLModel, UniqueConstraint

from clic_app.models.base import StrEnumType, UTCDateTime, utcnow


class CertificateProfile(StrEnum):
    """Spanish certificate profiles that CLIC reads identities from."""

    PERSONA_FISICA = "persona_fisica"
    REPRESENTANTE = "representante"
    DNIE = "dnie"
    EMPLEADO_PUBLICO = "empleado_publico"
    SELLO = "sello"
    UNKNOWN = "unknown"

    @property
    def message_key(self) -> str:
        return f"certificate_profile.{self.value}"


class UserCertificate(SQLModel, table=True):
    """A certificate associated with an account; the account may log in with it."""

    __table_args__ = (UniqueConstraint("user_id", "fingerprint_sha256", name="uq_usercertificate_user_cert"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="useraccount.id", index=True)
    fingerprint_sha256: str = Field(max_length=64, index=True)
    subject: str = Field(max_length=1000)
    issuer: str = Field(max_length=1000)
    serial_number: str = Field(max_length=80)
    not_before: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    not_after: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    profile: CertificateProfile = Field(sa_column=Column(StrEnumType(CertificateProfile), nullable=False))
    holder_nif: str | None = Field(default=None, max_length=20)
    entity_nif: str | None = Field(default=None, max_length=20, description="Company or public body")
    der: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    added_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
