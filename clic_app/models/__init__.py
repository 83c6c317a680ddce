# SPDX-License-Identifier: EUPL-1.2
"""SQLModel tables of CLIC, one module per domain; importing this registers them all."""

from clic_app.models.audit import AuditAction, AuditChainHead, AuditEvent
from clic_app.models.base import StrEnumType, UTCDateTime, utcnow
from clic_app.models.census import (
    Dwelling,
    HouseholdMembership,
    HouseholdSheet,
    IdentityDocumentKind,
    Person,
    Street,
)
from clic_app.models.certificates import CertificateProfile, UserCertificate
from clic_app.models.documents import DocumentKind, IssuedDocument
from clic_app.models.identity import (
    STAFF_ROLES,
    AccountRole,
    AccountStatus,
    AuthSession,
    LoginFailure,
    OneTimeToken,
    Role,
    TokenPurpose,
    UserAccount,
)
from clic_app.models.representation import (
    HouseholdConsent,
    Mandate,
    MandateOrigin,
    MandateStatus,
    PartyKind,
)

__all__ = [
    "STAFF_ROLES",
    "AccountRole",
    "AccountStatus",
    "AuditAction",
    "AuditChainHead",
    "AuditEvent",
    "AuthSession",
    "CertificateProfile",
    "DocumentKind",
    "Dwelling",
    "HouseholdConsent",
    "HouseholdMembership",
    "HouseholdSheet",
    "IdentityDocumentKind",
    "IssuedDocument",
    "LoginFailure",
    "Mandate",
    "MandateOrigin",
    "MandateStatus",
    "OneTimeToken",
    "PartyKind",
    "Person",
    "Role",
    "StrEnumType",
    "Street",
    "TokenPurpose",
    "UTCDateTime",
    "UserAccount",
    "UserCertificate",
    "utcnow",
]
