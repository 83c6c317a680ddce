# SPDX-License-Identifier: EUPL-1.2
"""SQLModel tables of CLIC, one module per domain; importing this registers them all."""

from clic_app.models.base import StrEnumType, UTCDateTime, utcnow
from clic_app.models.census import (
    Dwelling,
    HouseholdMembership,
    HouseholdSheet,
    IdentityDocumentKind,
    Person,
    Street,
)
from clic_app.models.documents import DocumentKind, IssuedDocument
from clic_app.models.identity import AuthSession, LoginFailure, Role, UserAccount

__all__ = [
    "AuthSession",
    "DocumentKind",
    "Dwelling",
    "HouseholdMembership",
    "HouseholdSheet",
    "IdentityDocumentKind",
    "IssuedDocument",
    "LoginFailure",
    "Person",
    "Role",
    "Street",
    "StrEnumType",
    "UTCDateTime",
    "UserAccount",
    "utcnow",
]
