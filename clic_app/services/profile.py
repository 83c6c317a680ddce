# SPDX-License-Identifier: EUPL-1.2
"""Modificación del perfil: contact data, notification preferences and password change.

A new email address takes effect only when the link sent to it is used; until then the
old address stays. Changes are audited with the names of the changed fields, never
their values.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType
from sqlmodel import Session

from clic_app.models import AccountStatus, AuditAction, Person, Role, TokenPurpose, UserAccount, utcnow
from clic_app.services import audit, mail
from clic_app.services.access import Actor, roles_of
from clic_app.services.accounts import CONFIRMATION_LIFETIME, confirmation_link, lifetime_hours, normalize_email
from clic_app.services.errors import InvalidInput
from clic_app.services.identity import count_request, hash_password, revoke_sessions, verify_password
from clic_app.services.passwords import check_password
from clic_app.services.tokens import expire_open_tokens, issue_token, pending_email
from clic_app.settings import Settings

logger = logging.getLogger(__name__)

PHONE_REGION = "ES"
MOBILE_TYPES = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)
PASSWORD_CHANGE_WINDOW = timedelta(minutes=15)
MAX_PASSWORD_CHANGES = 10


@dataclass(frozen=True)
class Profile:
    """The account holder's own data as the profile page and the API show it."""

    nif: str
    full_name: str
    email: str | None
    email_confirmed: bool
    pending_email: str | None
    """A new address waiting for its confirmation link to be used."""
    phone: str
    notify_by_email: bool
    notify_by_sms: bool
    status: AccountStatus
    roles: frozenset[Role]


@dataclass(frozen=True)
class ProfileChanges:
    """Fields to change; None leaves a field as it is."""

    email: str | None = None
    phone: str | None = None
    notify_by_email: bool | None = None
    notify_by_sms: bool | None = None


@dataclass(frozen=True)
class ProfileUpdate:
    """Result of an update: the fields changed now, and whether a new address awaits confirmation."""

    changed_fields: tuple[str, ...]
    email_confirmation_sent: bool


def normalize_phone(phone: str, field: str = "phone") -> str:
    """Return ``phone`` in E.164 form; numbers without a + prefix are read as Spanish.

    Raises:
        InvalidInput: the number is not a valid phone number.
    """
    try:
        number = phonenumbers.parse(phone, PHONE_REGION)
    except NumberParseException:
        raise InvalidInput("phone_invalid", field=field, value=phone) from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidInput("phone_invalid", field=field, value=phone)
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def _is_mobile(phone: str) -> bool:
    return phonenumbers.number_type(phonenumbers.parse(phone)) in MOBILE_TYPES


def profile_of(session: Session, actor: Actor) -> Profile:
    """Return the profile of the account that acts, read fresh from the database."""
    account = _own_account(session, actor)
    person = session.get(Person, account.person_id) if account.person_id else None
    return Profile(
        nif=account.nif,
        # Accounts made by staff or the demo loader may have no name but a census link.
        full_name=account.full_name or (person.full_name if person else ""),
        email=account.email,
        email_confirmed=account.email_confirmed_at is not None,
        pending_email=pending_email(session, account),
        phone=account.phone,
        notify_by_email=account.notify_by_email,
        notify_by_sms=account.notify_by_sms,
        status=account.status,
        roles=roles_of(session, account.id),
    )


def _own_account(session: Session, actor: Actor) -> UserAccount:
    # The actor's user object comes from another database session, so it may be stale.
    return session.get(UserAccount, actor.user.id)


def update_profile(
    session: Session, settings: Settings, actor: Actor, changes: ProfileChanges, language: str = "es"
) -> ProfileUpdate:
    """Change phone and notification preferences now, and start an email change if asked.

    Raises:
        InvalidInput: an invalid address or phone, or SMS notices without a mobile number.
    """
    account = _own_account(session, actor)
    new_email = normalize_email(changes.email) if changes.email is not None else None
    values = {
        "phone": _new_phone(changes.phone),
        "notify_by_email": changes.notify_by_email,
        "notify_by_sms": changes.notify_by_sms,
    }
    changed = {name: value for name, value in values.items() if value is not None and value != getattr(account, name)}
    _check_sms_phone(changed.get("phone", account.phone), changed.get("notify_by_sms", account.notify_by_sms))

    for name, value in changed.items():
        setattr(account, name, value)
    if changed:
        audit.record(session, AuditAction.DATA_CHANGED, actor=actor, object_type="account", object_id=account.id,
                     subject_person_id=account.person_id, details={"fields": sorted(changed)})
        logger.info("profile_changed user_id=%s fields=%s", account.id, ",".join(sorted(changed)))

    sent = new_email is not None and new_email != account.email
    if sent:
        _start_email_change(session, settings, account, new_email, language)
    return ProfileUpdate(changed_fields=tuple(sorted(changed)), email_confirmation_sent=sent)


def _new_phone(phone: str | None) -> str | None:
    if phone is None:
        return None
    return normalize_phone(phone) if phone.strip() else ""


def _check_sms_phone(phone: str, notify_by_sms: bool) -> None:
    if not notify_by_sms:
        return
    if not phone:
        raise InvalidInput("sms_needs_phone", field="phone")
    if not _is_mobile(phone):
        raise InvalidInput("sms_needs_mobile", field="phone")


def _start_email_change(session: Session, settings: Settings, account: UserAccount, new_email: str,
                        language: str) -> None:
    token = issue_token(session, account, TokenPurpose.EMAIL_CONFIRMATION, new_email, CONFIRMATION_LIFETIME)
    mail.send_template(session, settings, new_email, "confirm_email_change", language, name=account.full_name,
                       link=confirmation_link(settings, token), hours=lifetime_hours(CONFIRMATION_LIFETIME))
    if account.email:
        # Someone who took over a session must not move the account away unnoticed.
        mail.send_template(session, settings, account.email, "email_change_requested", language,
                           name=account.full_name)
    logger.info("email_change_requested user_id=%s", account.id)


def change_password(
    session: Session,
    settings: Settings,
    actor: Actor,
    current_password: str,
    new_password: str,
    keep_token: str | None = None,
    language: str = "es",
) -> int:
    """Replace the password after checking the current one; ends every other session.

    Args:
        keep_token: the session token of this request, which stays valid.

    Returns:
        How many other sessions were ended.

    Raises:
        TooManyRequests: too many attempts for this account in PASSWORD_CHANGE_WINDOW.
        InvalidInput: the current password is wrong, or the new one breaks the policy
            or equals the current one.
    """
    account = _own_account(session, actor)
    count_request(session, f"pwchange:user:{account.id}", MAX_PASSWORD_CHANGES, PASSWORD_CHANGE_WINDOW,
                  "password_change_throttled")
    if not verify_password(current_password or "", account.password_hash):
        # Committed before raising, because the caller rolls back on errors and the
        # failed attempt must still count against the limit.
        session.commit()
        logger.info("password_change_rejected user_id=%s", account.id)
        raise InvalidInput("current_password_wrong", field="current_password")
    check_password(new_password, nif=account.nif, email=account.email or "", field="new_password")
    if new_password == current_password:
        raise InvalidInput("password_unchanged", field="new_password")

    revoked = set_password(session, account, new_password, keep_token)
    audit.record(session, AuditAction.PASSWORD_CHANGED, actor=actor, object_type="account", object_id=account.id,
                 subject_person_id=account.person_id, details={"via": "profile", "sessions_ended": revoked})
    notify_password_changed(session, settings, account, language)
    return revoked


def set_password(session: Session, account: UserAccount, password: str, keep_token: str | None = None) -> int:
    """Store a new password hash, void open reset links and end sessions but ``keep_token``'s."""
    account.password_hash = hash_password(password)
    account.password_changed_at = utcnow()
    expire_open_tokens(session, account.id, TokenPurpose.PASSWORD_RESET)
    revoked = revoke_sessions(session, account.id, keep_token)
    logger.info("password_changed user_id=%s sessions_ended=%s", account.id, revoked)
    return revoked


def notify_password_changed(session: Session, settings: Settings, account: UserAccount, language: str) -> None:
    """Mail the holder that the password changed, so a change they did not make shows."""
    if account.email:
        mail.send_template(session, settings, account.email, "password_changed", language, name=account.full_name,
                           reset_link=f"{settings.public_base_url}/recuperar")
