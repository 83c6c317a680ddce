# SPDX-License-Identifier: EUPL-1.2
"""Append-only audit log, chained by SHA-256 so that a removed or edited row shows."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Column, Field, SQLModel

from clic_app.models.base import StrEnumType, UTCDateTime, utcnow


class AuditAction(StrEnum):
    """Kind of audited action; values are stable because the chain hashes them."""

    LOGIN_SUCCESS = "login_success"
    LOGIN_FAILURE = "login_failure"
    LOGOUT = "logout"
    ACCOUNT_REQUESTED = "account_requested"
    ACCOUNT_DECIDED = "account_decided"
    DATA_CHANGED = "data_changed"
    PASSWORD_CHANGED = "password_changed"
    CERTIFICATE_ADDED = "certificate_added"
    CERTIFICATE_REMOVED = "certificate_removed"
    MANDATE_CHANGED = "mandate_changed"
    CONSENT_CHANGED = "consent_changed"
    ROLE_CHANGED = "role_changed"
    DOCUMENT_ISSUED = "document_issued"
    PERSONAL_DATA_READ = "personal_data_read"

    @property
    def message_key(self) -> str:
        return f"audit_action.{self.value}"


class AuditEvent(SQLModel, table=True):
    """One audited action: actor, represented party, action, object, time and client address."""

    id: int | None = Field(default=None, primary_key=True)
    sequence: int = Field(unique=True, description="1, 2, 3… in chain order")
    occurred_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    actor_user_id: int | None = Field(default=None, index=True)
    actor_roles: str = Field(default="", max_length=200)
    represented_nif: str | None = Field(default=None, max_length=20)
    action: AuditAction = Field(sa_column=Column(StrEnumType(AuditAction), nullable=False))
    object_type: str = Field(default="", max_length=40)
    object_id: str = Field(default="", max_length=80)
    subject_person_id: int | None = Field(default=None, index=True, description="Whose personal data")
    client_address: str = Field(default="", max_length=64)
    details: str = Field(default="{}", max_length=4000, description="JSON object")
    previous_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64, unique=True)


class AuditChainHead(SQLModel, table=True):
    """The last sequence number and hash of the chain, in one row.

    Appending updates this row first, which locks it until the transaction ends, so
    concurrent appenders queue up instead of forking the chain.
    """

    id: int = Field(default=1, primary_key=True)
    sequence: int = 0
    hash: str = Field(max_length=64)
