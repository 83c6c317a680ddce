# SPDX-License-Identifier: EUPL-1.2
"""Password reset by an emailed link that expires after an hour and works once.

A reset request gets the same response whether or not the NIF has an account. Requests
are limited per NIF and per client address, so the form cannot be used to flood
someone's mailbox.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlmodel import Session, select

from clic_app.models import AuditAction, TokenPurpose, UserAccount, utcnow
from clic_app.services import audit, mail
from clic_app.services.accounts import lifetime_hours
from clic_app.services.errors import InvalidInput
from clic_app.services.identifiers import validate_nif
from clic_app.services.identity import count_request
from clic_app.services.passwords import check_password
from clic_app.services.profile import notify_password_changed, set_password
from clic_app.services.tokens import consume_token, issue_token
from clic_app.settings import Settings

logger = logging.getLogger(__name__)

RESET_LIFETIME = timedelta(hours=1)
RESET_WINDOW = timedelta(hours=1)
MAX_RESETS_PER_NIF = 3
MAX_RESETS_PER_ADDRESS = 10


def request_password_reset(
    session: Session, settings: Settings, nif: str, client_address: str, language: str = "es"
) -> None:
    """Mail a reset link to the holder of ``nif`` if an active account with a confirmed address exists.

    Raises:
        InvalidInput: ``nif`` is not a valid DNI or NIE.
        TooManyRequests: too many requests for this NIF or from this address.
    """
    nif = validate_nif(nif)
    count_request(session, f"reset:addr:{client_address}", MAX_RESETS_PER_ADDRESS, RESET_WINDOW,
                  "password_reset_throttled")
    count_request(session, f"reset:nif:{nif}", MAX_RESETS_PER_NIF, RESET_WINDOW, "password_reset_throttled")

    account = session.exec(select(UserAccount).where(UserAccount.nif == nif)).first()
    if account is None or not account.is_active or not account.email or account.email_confirmed_at is None:
        logger.info("password_reset_not_sent user_id=%s", account.id if account else None)
        return
    token = issue_token(session, account, TokenPurpose.PASSWORD_RESET, account.email, RESET_LIFETIME)
    mail.send_template(session, settings, account.email, "password_reset", language, name=account.full_name,
                       link=f"{settings.public_base_url}/restablecer?token={token}",
                       hours=lifetime_hours(RESET_LIFETIME))
    logger.info("password_reset_sent user_id=%s", account.id)


def reset_password(
    session: Session, settings: Settings, token: str, new_password: str, client_address: str, language: str = "es"
) -> None:
    """Set a new password with a reset link and end every session of the account.

    A policy error rolls back the caller's transaction, so the link stays usable.

    Raises:
        InvalidInput: the link is unknown, expired or used, the account is no longer
            active, or the new password breaks the policy.
    """
    row = consume_token(session, token, TokenPurpose.PASSWORD_RESET)
    account = session.get(UserAccount, row.user_id)
    if not account.is_active:
        raise InvalidInput("link_invalid", field="token")
    check_password(new_password, nif=account.nif, email=account.email or "", field="new_password")

    ended = set_password(session, account, new_password)
    if account.email_confirmed_at is None and row.email == account.email:
        # Using a link sent to the address proves that the holder reads it, as with a
        # staff welcome link. Without this, such accounts could never recover a password.
        account.email_confirmed_at = utcnow()
    audit.record(session, AuditAction.PASSWORD_CHANGED, object_type="account", object_id=account.id,
                 subject_person_id=account.person_id, client_address=client_address,
                 details={"via": "reset_link", "sessions_ended": ended})
    notify_password_changed(session, settings, account, language)
