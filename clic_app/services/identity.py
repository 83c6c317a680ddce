# SPDX-License-Identifier: EUPL-1.2
"""Accounts, password login with throttling, and session tokens shared by UI and API."""

from __future__ import annotations

import functools
import hashlib
import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from passlib.context import CryptContext
from sqlmodel import Session, select

from clic_app.models import (
    STAFF_ROLES,
    AccountStatus,
    AuditAction,
    AuthSession,
    LoginFailure,
    Role,
    UserAccount,
    utcnow,
)
from clic_app.services import audit
from clic_app.services.access import Actor, actor_for, grant_roles
from clic_app.services.errors import InvalidInput, NotAuthenticated, TooManyRequests
from clic_app.services.identifiers import compact, validate_nif
from clic_app.settings import get_settings

logger = logging.getLogger(__name__)

# argon2 cost grows with the input; longer passphrases than this are not human-typed.
MAX_PASSWORD_LENGTH = 256
FAILURE_WINDOW = timedelta(minutes=15)
# Failures of one NIF from one address lock that pair first. A stranger who has a
# citizen's NIF therefore cannot lock the citizen out from another address in a few tries.
MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS = 5
MAX_FAILURES_PER_ACCOUNT = 20
MAX_FAILURES_PER_ADDRESS = 30
LAST_SEEN_RESOLUTION = timedelta(minutes=1)


@functools.cache
def _password_context() -> CryptContext:
    return CryptContext(schemes=["argon2"], deprecated="auto")


@functools.cache
def _dummy_hash() -> str:
    # Verified for unknown accounts so that a wrong NIF costs as long as a wrong password.
    return _password_context().hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    """Return the argon2id hash of ``password``.

    Raises:
        InvalidInput: ``password`` is longer than MAX_PASSWORD_LENGTH characters.
    """
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInput("password_too_long", field="password", max_length=MAX_PASSWORD_LENGTH)
    return _password_context().hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    """Return whether ``password`` matches ``password_hash``."""
    if len(password) > MAX_PASSWORD_LENGTH:
        return False
    return _password_context().verify(password, password_hash)


@dataclass(frozen=True)
class LoginResult:
    """A successful login: the account and the bearer token that now identifies it."""

    user: UserAccount
    token: str
    expires_at: datetime
    roles: frozenset[Role] = frozenset()

    @property
    def is_staff(self) -> bool:
        return bool(self.roles & STAFF_ROLES)


def login(
    session: Session, nif: str, password: str, client_address: str, lifetime: timedelta
) -> LoginResult:
    """Check NIF and password and open a session.

    Wrong NIF, wrong password and inactive account give the same error, and every
    failure counts towards the per-account and per-address limits.

    Raises:
        InvalidInput: NIF or password empty.
        TooManyRequests: too many recent failures for this NIF or address.
        NotAuthenticated: the credentials are wrong.
    """
    if not (nif or "").strip():
        raise InvalidInput("nif_required", field="nif")
    if not password:
        raise InvalidInput("password_required", field="password")

    # PostgreSQL rejects NUL in text values, so it becomes U+FFFD, which no NIF contains.
    nif_value = compact(nif).replace("\x00", "\ufffd")
    pair_key = f"pair:{nif_value}|{client_address}"[:80]
    account_key = f"nif:{nif_value}"[:80]
    address_key = f"addr:{client_address}"[:80]
    _check_throttle(session, pair_key, MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS)
    _check_throttle(session, account_key, MAX_FAILURES_PER_ACCOUNT)
    _check_throttle(session, address_key, MAX_FAILURES_PER_ADDRESS)

    user = session.exec(select(UserAccount).where(UserAccount.nif == nif_value)).first()
    valid = verify_password(password, user.password_hash if user else _dummy_hash())
    if not (user and valid and user.is_active):
        for key in (pair_key, account_key, address_key):
            _record_failure(session, key)
        audit.record(
            session,
            AuditAction.LOGIN_FAILURE,
            object_type="account",
            object_id=user.id if user else "",
            client_address=client_address,
        )
        session.commit()
        logger.info("login_failure user_id=%s", user.id if user else None)
        raise NotAuthenticated("invalid_credentials", field="nif")

    _clear_failures(session, pair_key)
    _clear_failures(session, account_key)
    token, expires_at = open_session(session, user, lifetime, client_address)
    actor = actor_for(session, user, client_address)
    audit.record(session, AuditAction.LOGIN_SUCCESS, actor=actor, object_type="account", object_id=user.id)
    logger.info("login_success user_id=%s", user.id)
    return LoginResult(user=user, token=token, expires_at=expires_at, roles=actor.roles)


def _check_throttle(session: Session, key: str, limit: int) -> None:
    row = session.get(LoginFailure, key)
    if row is None or row.failures < limit:
        return
    remaining = row.window_start + FAILURE_WINDOW - utcnow()
    if remaining.total_seconds() > 0:
        logger.info("login_throttled key_kind=%s", key.split(":")[0])
        raise TooManyRequests("login_throttled", retry_after=int(remaining.total_seconds()) + 1)


def _record_failure(session: Session, key: str) -> None:
    now = utcnow()
    row = session.get(LoginFailure, key)
    if row is None:
        session.add(LoginFailure(key=key, failures=1, window_start=now))
    elif now - row.window_start > FAILURE_WINDOW:
        row.failures, row.window_start = 1, now
    else:
        row.failures += 1


def count_request(session: Session, key: str, limit: int, window: timedelta, code: str) -> None:
    """Count one request under ``key``, such as a password reset per NIF or per address.

    The counter shares the LoginFailure table with login throttling, so every backend
    worker reads the same counts; keys carry a prefix of their own ("reset:nif:…").

    Raises:
        TooManyRequests: ``key`` already made ``limit`` requests in the current window.
    """
    now = utcnow()
    row = session.get(LoginFailure, key[:80])
    if row is None:
        session.add(LoginFailure(key=key[:80], failures=1, window_start=now))
        session.flush()
        return
    if now - row.window_start >= window:
        row.failures, row.window_start = 1, now
        return
    if row.failures >= limit:
        retry_after = int((row.window_start + window - now).total_seconds()) + 1
        logger.info("request_throttled key_kind=%s", ":".join(key.split(":")[:2]))
        raise TooManyRequests(code, retry_after=retry_after)
    row.failures += 1


def _clear_failures(session: Session, key: str) -> None:
    row = session.get(LoginFailure, key)
    if row is not None:
        session.delete(row)


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(
    session: Session, user: UserAccount, lifetime: timedelta, client_address: str = ""
) -> tuple[str, datetime]:
    """Create a session for ``user`` and return its secret token and expiry."""
    token = secrets.token_urlsafe(32)
    expires_at = utcnow() + lifetime
    session.add(
        AuthSession(
            token_hash=_token_digest(token),
            user_id=user.id,
            expires_at=expires_at,
            last_seen_at=utcnow(),
            client_address=client_address[:64],
        )
    )
    session.flush()
    return token, expires_at


def session_for_token(
    session: Session, token: str | None, idle_timeout: timedelta | None = None
) -> tuple[UserAccount, AuthSession]:
    """Return the active account behind a session token and the session row itself.

    Using a session counts as activity: its ``last_seen_at`` moves to now, at most
    once per LAST_SEEN_RESOLUTION so that reads do not each cost a write.

    Args:
        idle_timeout: how long a session may go unused; by default
            CLIC_SESSION_IDLE_MINUTES of the process settings.

    Raises:
        NotAuthenticated: the token is missing, unknown, expired, idle too long or
            revoked, or the account is no longer active.
    """
    if not token:
        raise NotAuthenticated("not_authenticated")
    row = session.exec(select(AuthSession).where(AuthSession.token_hash == _token_digest(token))).first()
    now = utcnow()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        raise NotAuthenticated("not_authenticated")
    last_seen = row.last_seen_at or row.created_at
    if now - last_seen >= (idle_timeout or _default_idle_timeout()):
        logger.info("session_idle_expired session_id=%s user_id=%s", row.id, row.user_id)
        raise NotAuthenticated("not_authenticated")
    user = session.get(UserAccount, row.user_id)
    if user is None or not user.is_active:
        raise NotAuthenticated("not_authenticated")
    if now - last_seen >= LAST_SEEN_RESOLUTION:
        row.last_seen_at = now
    return user, row


def _default_idle_timeout() -> timedelta:
    return timedelta(minutes=get_settings().session_idle_minutes)


def user_for_token(session: Session, token: str | None) -> UserAccount:
    """Return the active account behind a session token.

    Raises:
        NotAuthenticated: as :func:`session_for_token`.
    """
    return session_for_token(session, token)[0]


def actor_for_token(session: Session, token: str | None, client_address: str = "") -> Actor:
    """Return who acts with ``token``: account, roles and the party it currently acts for.

    Raises:
        NotAuthenticated: as :func:`session_for_token`.
    """
    user, row = session_for_token(session, token)
    return actor_for(session, user, client_address, row.acting_for_nif)


def logout(session: Session, token: str | None) -> None:
    """Revoke the session behind ``token``; unknown tokens are ignored."""
    if not token:
        return
    row = session.exec(select(AuthSession).where(AuthSession.token_hash == _token_digest(token))).first()
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
        logger.info("logout user_id=%s", row.user_id)


def revoke_sessions(session: Session, user_id: int, keep_token: str | None = None) -> int:
    """Revoke every open session of ``user_id`` except the one of ``keep_token``.

    Returns:
        How many sessions were revoked.
    """
    query = select(AuthSession).where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
    if keep_token:
        query = query.where(AuthSession.token_hash != _token_digest(keep_token))
    rows = session.exec(query).all()
    now = utcnow()
    for row in rows:
        row.revoked_at = now
    logger.info("sessions_revoked user_id=%s count=%s", user_id, len(rows))
    return len(rows)


def create_account(
    session: Session,
    nif: str,
    password: str,
    person_id: int | None = None,
    roles: Iterable[Role] = (Role.CITIZEN,),
    status: AccountStatus = AccountStatus.ACTIVE,
) -> UserAccount:
    """Create an account for a valid NIF/NIE with a hashed password and its roles."""
    account = UserAccount(
        nif=validate_nif(nif),
        person_id=person_id,
        password_hash=hash_password(password),
        password_changed_at=utcnow(),
        status=status,
    )
    session.add(account)
    session.flush()
    grant_roles(session, account, set(roles))
    logger.info("account_created user_id=%s roles=%s", account.id, ",".join(sorted(roles)))
    return account
