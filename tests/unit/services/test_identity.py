# SPDX-License-Identifier: EUPL-1.2
"""Tests of accounts, password login, login throttling and session tokens."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from clic_app.models import AccountStatus, AuthSession, LoginFailure, Role, UserAccount, utcnow
from clic_app.services.access import roles_of
from clic_app.services import identity
from clic_app.services.db import session_scope
from clic_app.services.errors import InvalidInput, NotAuthenticated, TooManyRequests
from clic_app.services.identity import (
    FAILURE_WINDOW,
    MAX_FAILURES_PER_ACCOUNT,
    MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS,
    MAX_PASSWORD_LENGTH,
    _password_context as production_password_context,
    create_account,
    hash_password,
    login,
    logout,
    count_request,
    open_session,
    revoke_sessions,
    session_for_token,
    user_for_token,
    verify_password,
)
from clic_app.settings import Settings, get_settings

NIF = "71234567W"
OTHER_NIF = "40000001B"
PASSWORD = "correct horse battery staple"
ADDRESS = "192.0.2.10"
LIFETIME = timedelta(hours=1)


@pytest.fixture
def account(runtime) -> UserAccount:
    with session_scope(runtime.engine) as session:
        return create_account(session, NIF, PASSWORD)


def _login(runtime, nif: str = NIF, password: str = PASSWORD, address: str = ADDRESS) -> identity.LoginResult:
    with session_scope(runtime.engine) as session:
        return login(session, nif, password, address, LIFETIME)


def _failed_login(runtime, nif: str = NIF, password: str = "wrong password", address: str = ADDRESS) -> Exception:
    with pytest.raises((NotAuthenticated, TooManyRequests)) as caught:
        _login(runtime, nif, password, address)
    return caught.value


def _user_for(runtime, token: str | None) -> UserAccount:
    with session_scope(runtime.engine) as session:
        return user_for_token(session, token)


def test_login_returns_usable_token(runtime, account):
    result = _login(runtime)

    assert result.user.id == account.id
    assert _user_for(runtime, result.token).id == account.id


def test_login_token_expires_after_lifetime(runtime, account):
    before = utcnow()

    result = _login(runtime)

    assert before + LIFETIME <= result.expires_at <= utcnow() + LIFETIME


def test_login_accepts_written_nif(runtime, account):
    result = _login(runtime, nif="71.234.567-w")

    assert result.user.id == account.id


def test_login_tokens_differ_per_session(runtime, account):
    first = _login(runtime)

    second = _login(runtime)

    assert first.token != second.token


def test_session_stores_only_token_hash(runtime, account):
    result = _login(runtime)

    with session_scope(runtime.engine) as session:
        rows = session.exec(select(AuthSession)).all()
    assert len(rows) == 1
    assert rows[0].token_hash != result.token
    assert result.token not in rows[0].token_hash


def test_wrong_password_and_unknown_nif_same_error(runtime, account):
    wrong_password = _failed_login(runtime, nif=NIF)
    unknown_nif = _failed_login(runtime, nif=OTHER_NIF)

    assert type(wrong_password) is NotAuthenticated
    assert type(unknown_nif) is NotAuthenticated
    assert wrong_password.to_dict("es") == unknown_nif.to_dict("es")
    assert wrong_password.to_dict("en") == unknown_nif.to_dict("en")
    assert wrong_password.code == "invalid_credentials"


def test_nif_with_nul_same_error(runtime, account):
    """PostgreSQL rejects NUL in text values, so login must not send one to the database."""
    error = _failed_login(runtime, nif="7123\x004567W")

    assert type(error) is NotAuthenticated
    assert error.code == "invalid_credentials"


def test_inactive_account_same_error(runtime, account):
    with session_scope(runtime.engine) as session:
        session.get(UserAccount, account.id).status = AccountStatus.DISABLED

    error = _failed_login(runtime, password=PASSWORD)

    assert error.code == "invalid_credentials"


def test_login_throttled_after_failures(runtime, account):
    for _ in range(MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS):
        _failed_login(runtime)

    error = _failed_login(runtime, password=PASSWORD)

    assert isinstance(error, TooManyRequests)
    assert error.code == "login_throttled"
    assert 0 < error.retry_after <= FAILURE_WINDOW.total_seconds() + 1


def test_login_throttle_counts_unknown_nif_too(runtime):
    for _ in range(MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS):
        _failed_login(runtime, nif=OTHER_NIF)

    error = _failed_login(runtime, nif=OTHER_NIF)

    assert isinstance(error, TooManyRequests)


def test_login_throttle_is_per_account(runtime, account):
    for _ in range(MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS):
        _failed_login(runtime, nif=OTHER_NIF)

    result = _login(runtime)

    assert result.user.id == account.id


def test_login_below_limit_succeeds_and_resets(runtime, account):
    for _ in range(MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS - 1):
        _failed_login(runtime)

    _login(runtime)
    error = _failed_login(runtime)

    assert isinstance(error, NotAuthenticated)


def test_login_allowed_after_failure_window(runtime, account):
    for _ in range(MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS):
        _failed_login(runtime)
    with session_scope(runtime.engine) as session:
        for row in session.exec(select(LoginFailure)).all():
            row.window_start -= FAILURE_WINDOW

    result = _login(runtime)

    assert result.user.id == account.id


def test_owner_not_locked_out_by_other_address(runtime, account):
    for _ in range(MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS):
        _failed_login(runtime, address="192.0.2.66")

    result = _login(runtime, address="198.51.100.7")

    assert result.user.id == account.id


def test_login_throttled_per_account_across_addresses(runtime, account):
    addresses = [f"192.0.2.{index}" for index in range(1, 10)]
    failures_per_address = MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS - 1
    for address in addresses[: -(-MAX_FAILURES_PER_ACCOUNT // failures_per_address)]:
        for _ in range(failures_per_address):
            _failed_login(runtime, address=address)

    error = _failed_login(runtime, password=PASSWORD, address=addresses[-1])

    assert isinstance(error, TooManyRequests)


def test_login_throttled_per_address(runtime, account, monkeypatch):
    monkeypatch.setattr(identity, "MAX_FAILURES_PER_ADDRESS", 3)
    for nif in ("11111111H", "22222222J", "33333333P"):
        _failed_login(runtime, nif=nif)

    from_same_address = _failed_login(runtime, password=PASSWORD)
    from_other_address = _login(runtime, address="192.0.2.99")

    assert isinstance(from_same_address, TooManyRequests)
    assert from_other_address.user.id == account.id


def test_login_requires_nif(runtime):
    with pytest.raises(InvalidInput) as caught:
        _login(runtime, nif="  ")

    assert caught.value.code == "nif_required"
    assert caught.value.field == "nif"


def test_login_requires_password(runtime):
    with pytest.raises(InvalidInput) as caught:
        _login(runtime, password="")

    assert caught.value.code == "password_required"
    assert caught.value.field == "password"


def test_expired_token_rejected(session, account):
    token, _expires_at = open_session(session, account, timedelta(seconds=-1))

    with pytest.raises(NotAuthenticated) as caught:
        user_for_token(session, token)

    assert caught.value.code == "not_authenticated"


def test_logout_revokes_token(runtime, account):
    token = _login(runtime).token
    with session_scope(runtime.engine) as session:
        logout(session, token)

    with pytest.raises(NotAuthenticated) as caught:
        _user_for(runtime, token)

    assert caught.value.code == "not_authenticated"


def test_logout_keeps_other_sessions(runtime, account):
    first = _login(runtime).token
    second = _login(runtime).token
    with session_scope(runtime.engine) as session:
        logout(session, first)

    assert _user_for(runtime, second).id == account.id


@pytest.mark.parametrize("token", [None, "", "unknown-token"])
def test_logout_ignores_unknown_token(runtime, account, token):
    valid = _login(runtime).token

    with session_scope(runtime.engine) as session:
        logout(session, token)

    assert _user_for(runtime, valid).id == account.id


@pytest.mark.parametrize("token", [None, "", "unknown-token"])
def test_user_for_token_rejects_unknown(session, token):
    with pytest.raises(NotAuthenticated) as caught:
        user_for_token(session, token)

    assert caught.value.code == "not_authenticated"


def test_token_of_deactivated_account_rejected(runtime, account):
    token = _login(runtime).token
    with session_scope(runtime.engine) as session:
        session.get(UserAccount, account.id).status = AccountStatus.DISABLED

    with pytest.raises(NotAuthenticated):
        _user_for(runtime, token)


def test_password_hash_is_argon2id(account):
    assert account.password_hash.startswith("$argon2id$")
    assert account.password_hash != PASSWORD
    assert PASSWORD not in account.password_hash


def test_production_hash_cost():
    """Production hashes meet OWASP's argon2id minimum: 19 MiB, 2 passes, 1 lane."""
    # Source: OWASP Password Storage Cheat Sheet, cheatsheetseries.owasp.org, 2023 edition.
    password_hash = production_password_context().hash(PASSWORD)

    params = dict(re.findall(r"([mtp])=(\d+)", password_hash.split("$")[3]))
    assert password_hash.startswith("$argon2id$")
    assert int(params["m"]) >= 19 * 1024
    assert int(params["t"]) >= 2
    assert int(params["p"]) >= 1


def test_password_hash_salted():
    assert hash_password(PASSWORD) != hash_password(PASSWORD)


def test_verify_password():
    password_hash = hash_password(PASSWORD)

    assert verify_password(PASSWORD, password_hash)
    assert not verify_password(PASSWORD + "x", password_hash)


def test_overlong_password_rejected():
    with pytest.raises(InvalidInput) as caught:
        hash_password("x" * (MAX_PASSWORD_LENGTH + 1))

    assert caught.value.code == "password_too_long"
    assert caught.value.field == "password"


def test_overlong_password_never_verifies():
    password = "x" * (MAX_PASSWORD_LENGTH + 1)

    assert not verify_password(password, hash_password("x" * MAX_PASSWORD_LENGTH))


def test_create_account_defaults(session, account):
    assert account.nif == NIF
    assert roles_of(session, account.id) == {Role.CITIZEN}
    assert account.person_id is None
    assert account.is_active


def test_create_account_rejects_invalid_nif(session):
    with pytest.raises(InvalidInput) as caught:
        create_account(session, "71234567A", PASSWORD)

    assert caught.value.code == "document_number_invalid"
    assert caught.value.field == "nif"


def _shift_last_seen(runtime, token: str, ago: timedelta) -> None:
    with session_scope(runtime.engine) as session:
        row = session.exec(select(AuthSession).where(AuthSession.token_hash == identity._token_digest(token))).one()
        row.last_seen_at = utcnow() - ago


def _last_seen(runtime, token: str):
    with session_scope(runtime.engine) as session:
        return session.exec(
            select(AuthSession.last_seen_at).where(AuthSession.token_hash == identity._token_digest(token))
        ).one()


def test_idle_session_expires(runtime, account):
    token = _login(runtime).token
    _shift_last_seen(runtime, token, timedelta(minutes=get_settings().session_idle_minutes, seconds=1))

    with pytest.raises(NotAuthenticated) as caught:
        _user_for(runtime, token)

    assert caught.value.code == "not_authenticated"


def test_default_idle_limit_is_30_minutes():
    assert Settings.from_env({}).session_idle_minutes == 30
    assert Settings.from_env({"CLIC_SESSION_IDLE_MINUTES": "5"}).session_idle_minutes == 5


def test_session_used_within_idle_limit_lives_on(runtime, account):
    token = _login(runtime).token
    _shift_last_seen(runtime, token, timedelta(minutes=29))

    user = _user_for(runtime, token)

    assert user.id == account.id
    assert utcnow() - _last_seen(runtime, token) < timedelta(seconds=5)


def test_last_seen_written_at_most_once_a_minute(runtime, account):
    token = _login(runtime).token
    _shift_last_seen(runtime, token, timedelta(seconds=30))
    before = _last_seen(runtime, token)

    _user_for(runtime, token)

    assert _last_seen(runtime, token) == before


def test_idle_timeout_argument_overrides_setting(session, account):
    token, _expires_at = open_session(session, account, timedelta(hours=1))
    session.exec(select(AuthSession)).one().last_seen_at = utcnow() - timedelta(minutes=3)

    with pytest.raises(NotAuthenticated):
        session_for_token(session, token, idle_timeout=timedelta(minutes=2))
    assert session_for_token(session, token, idle_timeout=timedelta(minutes=4))[0].id == account.id


def test_revoke_sessions_keeps_current(runtime, account):
    kept = _login(runtime).token
    others = [_login(runtime).token for _ in range(2)]

    with session_scope(runtime.engine) as session:
        revoked = revoke_sessions(session, account.id, keep_token=kept)

    assert revoked == 2
    assert _user_for(runtime, kept).id == account.id
    for token in others:
        with pytest.raises(NotAuthenticated):
            _user_for(runtime, token)


def test_count_request_limits_and_resets(session):
    window = timedelta(minutes=10)
    for _ in range(3):
        count_request(session, "test:key:a", 3, window, "password_reset_throttled")

    with pytest.raises(TooManyRequests) as caught:
        count_request(session, "test:key:a", 3, window, "password_reset_throttled")
    session.get(LoginFailure, "test:key:a").window_start -= window
    count_request(session, "test:key:a", 3, window, "password_reset_throttled")

    assert caught.value.code == "password_reset_throttled"
    assert 0 < caught.value.retry_after <= window.total_seconds() + 1
    assert session.get(LoginFailure, "test:key:a").failures == 1
