# SPDX-License-Identifier: EUPL-1.2
"""Solicitud de acceso al portal: registration, email confirmation and staff decisions.

A request goes PENDING_CONFIRMATION → (email link) → PENDING_APPROVAL → (registry
clerk or administrator) → ACTIVE or REJECTED. The response to a request is the same
whether or not the NIF already has an account. The holder of an existing account gets
an email instead.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from email_validator import EmailNotValidError, validate_email
from sqlmodel import Session, select

from clic_app.models import (
    AccountStatus,
    AuditAction,
    Person,
    Role,
    TokenPurpose,
    UserAccount,
    utcnow,
)
from clic_app.services import audit, mail
from clic_app.services.access import Actor, grant_roles, require_role
from clic_app.services.errors import InvalidInput, NotFound
from clic_app.services.identifiers import validate_nif
from clic_app.services.identity import count_request, hash_password
from clic_app.services.passwords import check_password
from clic_app.services.tokens import consume_token, expire_open_tokens, issue_token
from clic_app.settings import Settings

logger = logging.getLogger(__name__)

CONFIRMATION_LIFETIME = timedelta(hours=48)
REQUEST_WINDOW = timedelta(hours=1)
MAX_REQUESTS_PER_ADDRESS = 10
MAX_REQUESTS_PER_NIF = 3
MAX_NAME_LENGTH = 200
MAX_REASON_LENGTH = 1000
DECIDING_ROLES = (Role.REGISTRY_CLERK, Role.ADMINISTRATOR)


@dataclass(frozen=True)
class RegistrationForm:
    """Form data of an access request."""

    nif: str
    full_name: str
    email: str
    password: str
    accepted: bool


class ConfirmationOutcome(StrEnum):
    """Outcome of a confirmed email link."""

    REQUEST_CONFIRMED = "request_confirmed"
    """A new access request now waits for staff approval."""
    EMAIL_CHANGED = "email_changed"
    """An active account now uses the new address."""


@dataclass(frozen=True)
class AccountRequest:
    """A pending access request as staff see it, with the census name for the same NIF."""

    account_id: int
    nif: str
    full_name: str
    email: str
    requested_at: datetime
    email_confirmed_at: datetime | None
    census_name: str | None
    """Full name of the census person with the same document number, if there is one."""


def normalize_email(email: str, field: str = "email") -> str:
    """Return ``email`` in normalized form; no DNS lookup is made.

    Raises:
        InvalidInput: the address is malformed.
    """
    try:
        return validate_email((email or "").strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise InvalidInput("email_invalid", field=field, value=email) from None


def request_account(
    session: Session, settings: Settings, form: RegistrationForm, client_address: str, language: str = "es"
) -> None:
    """Record an access request and mail its confirmation link, or a notice to an existing holder.

    Raises:
        InvalidInput: a field is missing or invalid, or the password breaks the policy.
        TooManyRequests: too many requests from this address or for this NIF.
    """
    nif, full_name, email = _validated(form)
    count_request(session, f"register:addr:{client_address}", MAX_REQUESTS_PER_ADDRESS, REQUEST_WINDOW,
                  "account_request_throttled")
    count_request(session, f"register:nif:{nif}", MAX_REQUESTS_PER_NIF, REQUEST_WINDOW,
                  "account_request_throttled")
    # Hashed before the lookup, so both outcomes cost one argon2 hash and take as long.
    password_hash = hash_password(form.password)

    existing = session.exec(select(UserAccount).where(UserAccount.nif == nif)).first()
    if existing is not None and not _replaceable(existing):
        _notify_holder(session, settings, existing, language)
        return

    account = _store_request(session, existing, nif, full_name, email, password_hash)
    token = issue_token(session, account, TokenPurpose.EMAIL_CONFIRMATION, email, CONFIRMATION_LIFETIME)
    mail.send_template(session, settings, email, "confirm_request", language, name=full_name,
                       link=confirmation_link(settings, token), hours=lifetime_hours(CONFIRMATION_LIFETIME))
    audit.record(session, AuditAction.ACCOUNT_REQUESTED, object_type="account", object_id=account.id,
                 subject_person_id=account.person_id, client_address=client_address,
                 details={"step": "requested"})
    logger.info("account_requested user_id=%s census_linked=%s", account.id, account.person_id is not None)


def confirmation_link(settings: Settings, token: str) -> str:
    return f"{settings.public_base_url}/confirmar?token={token}"


def lifetime_hours(lifetime: timedelta) -> int:
    """Return a link's lifetime in whole hours, as the emails state it."""
    return int(lifetime.total_seconds() // 3600)


def _validated(form: RegistrationForm) -> tuple[str, str, str]:
    nif = validate_nif(form.nif)
    full_name = re.sub(r"\s+", " ", form.full_name or "").strip()
    if not full_name:
        raise InvalidInput("full_name_required", field="full_name")
    if len(full_name) > MAX_NAME_LENGTH:
        raise InvalidInput("full_name_too_long", field="full_name", max_length=MAX_NAME_LENGTH)
    email = normalize_email(form.email)
    check_password(form.password, nif=nif, email=email)
    if not form.accepted:
        raise InvalidInput("terms_not_accepted", field="accepted")
    return nif, full_name, email


def _replaceable(account: UserAccount) -> bool:
    # A rejected request may be made again, and so may one whose confirmation link
    # expired unused (a mistyped address would otherwise block the NIF for good).
    if account.status is AccountStatus.REJECTED:
        return True
    abandoned_after = account.created_at + CONFIRMATION_LIFETIME
    return account.status is AccountStatus.PENDING_CONFIRMATION and abandoned_after <= utcnow()


def _store_request(
    session: Session, existing: UserAccount | None, nif: str, full_name: str, email: str, password_hash: str
) -> UserAccount:
    account = existing or UserAccount(nif=nif, password_hash=password_hash)
    account.full_name, account.email, account.password_hash = full_name, email, password_hash
    account.status = AccountStatus.PENDING_CONFIRMATION
    account.email_confirmed_at = None
    account.password_changed_at = account.created_at = utcnow()
    account.person_id = session.exec(select(Person.id).where(Person.document_number == nif)).first()
    session.add(account)
    session.flush()
    if existing is None:
        grant_roles(session, account, {Role.CITIZEN})
    return account


def _notify_holder(session: Session, settings: Settings, account: UserAccount, language: str) -> None:
    logger.info("account_request_for_existing user_id=%s status=%s", account.id, account.status)
    if not account.email:
        return
    if account.status is AccountStatus.PENDING_CONFIRMATION:
        # Still within the link's lifetime: a fresh link goes to the address on file.
        token = issue_token(session, account, TokenPurpose.EMAIL_CONFIRMATION, account.email, CONFIRMATION_LIFETIME)
        mail.send_template(session, settings, account.email, "confirm_request", language, name=account.full_name,
                           link=confirmation_link(settings, token), hours=lifetime_hours(CONFIRMATION_LIFETIME))
        return
    mail.send_template(session, settings, account.email, "account_exists", language, name=account.full_name,
                       login_link=f"{settings.public_base_url}/login",
                       reset_link=f"{settings.public_base_url}/recuperar")


def confirm_email(session: Session, token: str, client_address: str) -> ConfirmationOutcome:
    """Use an email confirmation link: finish an access request, or switch to a new address.

    Raises:
        InvalidInput: the link is unknown, expired or used, or its account can no
            longer change its address.
    """
    row = consume_token(session, token, TokenPurpose.EMAIL_CONFIRMATION)
    account = session.get(UserAccount, row.user_id)
    now = utcnow()
    if account.status is AccountStatus.PENDING_CONFIRMATION:
        account.email, account.email_confirmed_at = row.email, now
        account.status = AccountStatus.PENDING_APPROVAL
        audit.record(session, AuditAction.ACCOUNT_REQUESTED, object_type="account", object_id=account.id,
                     subject_person_id=account.person_id, client_address=client_address,
                     details={"step": "email_confirmed"})
        logger.info("account_email_confirmed user_id=%s", account.id)
        return ConfirmationOutcome.REQUEST_CONFIRMED
    if account.status is AccountStatus.ACTIVE:
        account.email, account.email_confirmed_at = row.email, now
        audit.record(session, AuditAction.DATA_CHANGED, object_type="account", object_id=account.id,
                     subject_person_id=account.person_id, client_address=client_address,
                     details={"fields": ["email"]})
        logger.info("account_email_changed user_id=%s", account.id)
        return ConfirmationOutcome.EMAIL_CHANGED
    raise InvalidInput("link_invalid", field="token")


def list_pending_requests(session: Session, actor: Actor) -> list[AccountRequest]:
    """Return the requests waiting for approval, oldest first; each read is audited.

    Raises:
        PermissionDenied: ``actor`` is neither registry clerk nor administrator.
    """
    require_role(actor, *DECIDING_ROLES)
    accounts = session.exec(
        select(UserAccount).where(UserAccount.status == AccountStatus.PENDING_APPROVAL).order_by(UserAccount.id)
    ).all()
    requests = [_request_view(session, account) for account in accounts]
    for account in accounts:
        audit.record(session, AuditAction.PERSONAL_DATA_READ, actor=actor, object_type="account_request",
                     object_id=account.id, subject_person_id=account.person_id)
    logger.info("account_requests_listed user_id=%s count=%s", actor.user.id, len(requests))
    return requests


def _request_view(session: Session, account: UserAccount) -> AccountRequest:
    person = session.get(Person, account.person_id) if account.person_id else None
    return AccountRequest(
        account_id=account.id,
        nif=account.nif,
        full_name=account.full_name,
        email=account.email or "",
        requested_at=account.created_at,
        email_confirmed_at=account.email_confirmed_at,
        census_name=person.full_name if person else None,
    )


def decide_request(
    session: Session,
    settings: Settings,
    actor: Actor,
    account_id: int,
    approve: bool,
    reason: str = "",
    language: str = "es",
) -> UserAccount:
    """Approve (ACTIVE) or reject (REJECTED, with a reason) a pending request and tell the applicant.

    Raises:
        PermissionDenied: ``actor`` is neither registry clerk nor administrator.
        NotFound: no request with that id waits for a decision.
        InvalidInput: a rejection without a reason, or with one that is too long.
    """
    require_role(actor, *DECIDING_ROLES)
    reason = (reason or "").strip()
    if not approve and not reason:
        raise InvalidInput("rejection_reason_required", field="reason")
    if len(reason) > MAX_REASON_LENGTH:
        raise InvalidInput("rejection_reason_too_long", field="reason", max_length=MAX_REASON_LENGTH)
    account = session.get(UserAccount, account_id)
    if account is None or account.status is not AccountStatus.PENDING_APPROVAL:
        raise NotFound("account_request_not_found", field="account_id")

    account.status = AccountStatus.ACTIVE if approve else AccountStatus.REJECTED
    expire_open_tokens(session, account.id, TokenPurpose.EMAIL_CONFIRMATION)
    decision = "approved" if approve else "rejected"
    # The audit event keeps the reason, because no other table stores it and a later
    # complaint about the decision is checked there.
    audit.record(session, AuditAction.ACCOUNT_DECIDED, actor=actor, object_type="account", object_id=account.id,
                 subject_person_id=account.person_id, details={"decision": decision, "reason": reason})
    if not account.email:
        logger.warning("account_decided_without_email user_id=%s", account.id)
    elif approve:
        mail.send_template(session, settings, account.email, "request_approved", language, name=account.full_name,
                           login_link=f"{settings.public_base_url}/login")
    else:
        mail.send_template(session, settings, account.email, "request_rejected", language, name=account.full_name,
                           reason=reason)
    logger.info("account_decided user_id=%s decision=%s by_user_id=%s", account.id, decision, actor.user.id)
    return account
