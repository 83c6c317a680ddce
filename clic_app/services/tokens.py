# SPDX-License-Identifier: EUPL-1.2
"""One-time links sent by email: issued with an expiry, stored as a hash, usable once."""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, select

from clic_app.models import OneTimeToken, TokenPurpose, UserAccount, utcnow
from clic_app.services.errors import InvalidInput

logger = logging.getLogger(__name__)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(
    session: Session, user: UserAccount, purpose: TokenPurpose, email: str, lifetime: timedelta
) -> str:
    """Create a link token for ``user`` and return it; only its SHA-256 is stored.

    Earlier unused tokens of the same purpose expire now, so only the newest link works.
    """
    expire_open_tokens(session, user.id, purpose)
    token = secrets.token_urlsafe(32)
    row = OneTimeToken(
        purpose=purpose,
        token_hash=_digest(token),
        user_id=user.id,
        email=email,
        expires_at=utcnow() + lifetime,
    )
    session.add(row)
    session.flush()
    logger.info("token_issued token_id=%s purpose=%s user_id=%s", row.id, purpose, user.id)
    return token


def consume_token(session: Session, token: str, purpose: TokenPurpose) -> OneTimeToken:
    """Mark the token used and return it; a second use, even a concurrent one, fails.

    Raises:
        InvalidInput: ``link_invalid`` (unknown, or for another purpose), ``link_expired``
            or ``link_used``, all on the field ``token``.
    """
    row = session.exec(
        select(OneTimeToken).where(OneTimeToken.token_hash == _digest(token or ""), OneTimeToken.purpose == purpose)
    ).first()
    now = utcnow()
    if row is None:
        raise InvalidInput("link_invalid", field="token")
    if row.used_at is not None:
        raise InvalidInput("link_used", field="token")
    if row.expires_at <= now:
        raise InvalidInput("link_expired", field="token")

    # The conditional UPDATE lets only one of two simultaneous uses through.
    claimed = session.execute(
        update(OneTimeToken).where(OneTimeToken.id == row.id, OneTimeToken.used_at.is_(None)).values(used_at=now)
    )
    if claimed.rowcount != 1:
        raise InvalidInput("link_used", field="token")
    session.refresh(row)
    logger.info("token_used token_id=%s purpose=%s user_id=%s", row.id, purpose, row.user_id)
    return row


def expire_open_tokens(session: Session, user_id: int, purpose: TokenPurpose) -> None:
    """Make every unused, unexpired token of ``user_id`` for ``purpose`` expire now."""
    now = utcnow()
    session.execute(
        update(OneTimeToken)
        .where(
            OneTimeToken.user_id == user_id,
            OneTimeToken.purpose == purpose,
            OneTimeToken.used_at.is_(None),
            OneTimeToken.expires_at > now,
        )
        .values(expires_at=now)
    )


def pending_email(session: Session, user: UserAccount) -> str | None:
    """Return the new address of an email change still waiting for confirmation, if any."""
    row = session.exec(
        select(OneTimeToken)
        .where(
            OneTimeToken.user_id == user.id,
            OneTimeToken.purpose == TokenPurpose.EMAIL_CONFIRMATION,
            OneTimeToken.used_at.is_(None),
            OneTimeToken.expires_at > utcnow(),
        )
        .order_by(OneTimeToken.id.desc())
    ).first()
    if row is None or row.email == user.email:
        return None
    return row.email
