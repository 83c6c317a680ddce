# SPDX-License-Identifier: EUPL-1.2
"""User accounts, their roles, login sessions, one-time links and login failure counters."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Column, Field, SQLModel, UniqueConstraint

from clic_app.models.base import StrEnumType, UTCDateTime, utcnow


class Role(StrEnum):
    """Permission set of an account in the portal; an account may have several roles."""

    CITIZEN = "citizen"
    COMPANY = "company"
    REGISTRY_CLERK = "registry_clerk"
    CASE_HANDLER = "case_handler"
    SIGNER = "signer"
    ADMINISTRATOR = "administrator"

    @property
    def message_key(self) -> str:
        return f"role.{self.value}"

    @property
    def is_staff(self) -> bool:
        return self in STAFF_ROLES


STAFF_ROLES = frozenset({Role.REGISTRY_CLERK, Role.CASE_HANDLER, Role.SIGNER, Role.ADMINISTRATOR})


class AccountStatus(StrEnum):
    """Lifecycle of an account, from the access request to its end."""

    PENDING_CONFIRMATION = "pending_confirmation"
    """Requested; the email address is not confirmed yet."""
    PENDING_APPROVAL = "pending_approval"
    """Email confirmed; a member of staff must approve the request."""
    ACTIVE = "active"
    REJECTED = "rejected"
    DISABLED = "disabled"

    @property
    def message_key(self) -> str:
        return f"account_status.{self.value}"


class UserAccount(SQLModel, table=True):
    """A login account, identified by the holder's NIF or NIE."""

    id: int | None = Field(default=None, primary_key=True)
    nif: str = Field(max_length=20, unique=True, description="Compact NIF/NIE, upper case")
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    full_name: str = Field(default="", max_length=200)
    email: str | None = Field(default=None, max_length=254, index=True)
    email_confirmed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    phone: str = Field(default="", max_length=20)
    notify_by_email: bool = True
    notify_by_sms: bool = False
    password_hash: str = Field(max_length=255)
    password_changed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    status: AccountStatus = Field(
        default=AccountStatus.ACTIVE, sa_column=Column(StrEnumType(AccountStatus), nullable=False)
    )
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))

    @property
    def is_active(self) -> bool:
        return self.status is AccountStatus.ACTIVE


class AccountRole(SQLModel, table=True):
    """One role granted to an account."""

    __table_args__ = (UniqueConstraint("user_id", "role", name="uq_accountrole_user_role"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="useraccount.id", index=True)
    role: Role = Field(sa_column=Column(StrEnumType(Role), nullable=False))
    granted_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    granted_by_user_id: int | None = Field(default=None, foreign_key="useraccount.id")


class AuthSession(SQLModel, table=True):
    """A login session of the UI or a bearer token of the API; only its hash is kept."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="useraccount.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    last_seen_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    revoked_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    client_address: str = Field(default="", max_length=64)
    acting_for_nif: str | None = Field(default=None, max_length=20, description="Party represented now")
    certificate_id: int | None = Field(default=None, foreign_key="usercertificate.id")


class TokenPurpose(StrEnum):
    """Purpose of a one-time link sent by email."""

    EMAIL_CONFIRMATION = "email_confirmation"
    PASSWORD_RESET = "password_reset"


class OneTimeToken(SQLModel, table=True):
    """A link sent by email that works once and expires; only its hash is kept."""

    id: int | None = Field(default=None, primary_key=True)
    purpose: TokenPurpose = Field(sa_column=Column(StrEnumType(TokenPurpose), nullable=False))
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="useraccount.id", index=True)
    email: str = Field(max_length=254)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    used_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))


class LoginFailure(SQLModel, table=True):
    """Failed logins counted per key (an account NIF or a client address) in a window."""

    key: str = Field(primary_key=True, max_length=80)
    failures: int = 0
    window_start: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
