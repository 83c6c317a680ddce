# SPDX-License-Identifier: EUPL-1.2
"""User accounts, login sessions and login failure counters."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Column, Field, SQLModel

from clic_app.models.base import StrEnumType, UTCDateTime, utcnow


class Role(StrEnum):
    """What an account may do in the portal."""

    CITIZEN = "citizen"
    STAFF = "staff"

    @property
    def message_key(self) -> str:
        return f"role.{self.value}"


class UserAccount(SQLModel, table=True):
    """A login account, identified by the holder's NIF or NIE."""

    id: int | None = Field(default=None, primary_key=True)
    nif: str = Field(max_length=20, unique=True, description="Compact NIF/NIE, upper case")
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    password_hash: str = Field(max_length=255)
    role: Role = Field(default=Role.CITIZEN, sa_column=Column(StrEnumType(Role), nullable=False))
    is_active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class AuthSession(SQLModel, table=True):
    """A login session of the UI or a bearer token of the API; only its hash is kept."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="useraccount.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    revoked_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))


class LoginFailure(SQLModel, table=True):
    """Failed logins counted per key (an account NIF or a client address) in a window."""

    key: str = Field(primary_key=True, max_length=80)
    failures: int = 0
    window_start: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
