# SPDX-License-Identifier: EUPL-1.2
"""Tests of password reset: same response for every NIF, links that expire and work once."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlmodel import select

from clic_app.models import AccountStatus, AuditAction, AuditEvent, OneTimeToken, UserAccount, utcnow
from clic_app.services import password_reset
from clic_app.services.db import session_scope
from clic_app.services.errors import InvalidInput, NotAuthenticated, TooManyRequests
from clic_app.services.identity import create_account, login, user_for_token, verify_password
from clic_app.services.password_reset import (
    MAX_RESETS_PER_NIF,
    RESET_LIFETIME,
    request_password_reset,
    reset_password,
)
from tests.mailbox import body_of, link_in, messages_to, outbox_messages, token_of

NIF = "71234567W"
UNKNOWN_NIF = "40000001B"
EMAIL = "ana.garcia@example.org"
PASSWORD = "ventana azul del patio"
NEW_PASSWORD = "tejado rojo de la plaza"
ADDRESS = "192.0.2.10"


@pytest.fixture
def account(runtime) -> UserAccount:
    with session_scope(runtime.engine) as session:
        created = create_account(session, NIF, PASSWORD)
        created.full_name, created.email, created.email_confirmed_at = "Ana García López", EMAIL, utcnow()
        return created


def _request(runtime, nif: str = NIF, address: str = ADDRESS):
    with session_scope(runtime.engine) as session:
        return request_password_reset(session, runtime.settings, nif, address)


def _reset(runtime, token: str, password: str = NEW_PASSWORD) -> None:
    with session_scope(runtime.engine) as session:
        reset_password(session, runtime.settings, token, password, ADDRESS)


def _reset_error(runtime, token: str, password: str = NEW_PASSWORD) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        _reset(runtime, token, password)
    return caught.value


def _reset_token(runtime) -> str:
    return token_of(link_in(messages_to(runtime.settings.outbox_dir, EMAIL)[-1], "/restablecer"))


def _login(runtime, password: str) -> str:
    with session_scope(runtime.engine) as session:
        return login(session, NIF, password, ADDRESS, timedelta(hours=1)).token


def test_reset_link_mailed(runtime, account):
    _request(runtime)

    [message] = outbox_messages(runtime.settings.outbox_dir)
    assert message["To"] == EMAIL
    assert message["Subject"] == "Enlace para elegir una contraseña nueva"
    assert link_in(message, "/restablecer").startswith(f"{runtime.settings.public_base_url}/restablecer?token=")
    assert "1 hora" in body_of(message)


def test_reset_link_expires_in_an_hour(runtime, account):
    before = utcnow()

    _request(runtime)

    with session_scope(runtime.engine) as session:
        [row] = session.exec(select(OneTimeToken)).all()
    assert before + RESET_LIFETIME <= row.expires_at <= utcnow() + RESET_LIFETIME


def test_unknown_nif_same_response(runtime, account):
    known = _request(runtime)
    unknown = _request(runtime, nif=UNKNOWN_NIF)

    assert known is None
    assert unknown is None
    assert len(outbox_messages(runtime.settings.outbox_dir)) == 1


@pytest.mark.parametrize(
    "change",
    [{"status": AccountStatus.DISABLED}, {"status": AccountStatus.PENDING_APPROVAL}, {"email": None},
     {"email_confirmed_at": None}],
)
def test_no_link_without_active_confirmed_account(runtime, account, change):
    with session_scope(runtime.engine) as session:
        stored = session.get(UserAccount, account.id)
        for name, value in change.items():
            setattr(stored, name, value)

    assert _request(runtime) is None
    assert outbox_messages(runtime.settings.outbox_dir) == []


def test_invalid_nif_rejected(runtime):
    with pytest.raises(InvalidInput) as caught:
        _request(runtime, nif="12345678A")

    assert caught.value.code == "document_number_invalid"


def test_reset_sets_password_and_ends_sessions(runtime, account):
    old_session = _login(runtime, PASSWORD)
    _request(runtime)

    _reset(runtime, _reset_token(runtime))

    with session_scope(runtime.engine) as session:
        assert verify_password(NEW_PASSWORD, session.get(UserAccount, account.id).password_hash)
        with pytest.raises(NotAuthenticated):
            user_for_token(session, old_session)
    assert _login(runtime, NEW_PASSWORD)
    assert messages_to(runtime.settings.outbox_dir, EMAIL)[-1]["Subject"] == "Su contraseña ha cambiado"
    with session_scope(runtime.engine) as session:
        [event] = session.exec(select(AuditEvent).where(AuditEvent.action == AuditAction.PASSWORD_CHANGED)).all()
    assert json.loads(event.details) == {"via": "reset_link", "sessions_ended": 1}
    assert event.client_address == ADDRESS


def test_reset_link_works_once(runtime, account):
    _request(runtime)
    token = _reset_token(runtime)
    _reset(runtime, token)

    error = _reset_error(runtime, token, "otra frase muy distinta")

    assert error.code == "link_used"
    assert _login(runtime, NEW_PASSWORD)


def test_expired_reset_link_rejected(runtime, account):
    _request(runtime)
    with session_scope(runtime.engine) as session:
        for row in session.exec(select(OneTimeToken)).all():
            row.expires_at = utcnow() - timedelta(seconds=1)

    error = _reset_error(runtime, _reset_token(runtime))

    assert error.code == "link_expired"
    assert _login(runtime, PASSWORD)


def test_policy_error_keeps_link_usable(runtime, account):
    _request(runtime)
    token = _reset_token(runtime)

    error = _reset_error(runtime, token, "qwertyuiop123")
    _reset(runtime, token)

    assert error.code == "password_too_common"
    assert error.field == "new_password"
    assert _login(runtime, NEW_PASSWORD)


def test_new_request_voids_older_link(runtime, account):
    _request(runtime)
    older = _reset_token(runtime)
    _request(runtime)

    assert _reset_error(runtime, older).code == "link_expired"


def test_reset_link_of_disabled_account_rejected(runtime, account):
    _request(runtime)
    with session_scope(runtime.engine) as session:
        session.get(UserAccount, account.id).status = AccountStatus.DISABLED

    assert _reset_error(runtime, _reset_token(runtime)).code == "link_invalid"


def test_requests_throttled_per_nif(runtime, account):
    for _ in range(MAX_RESETS_PER_NIF):
        _request(runtime)

    with pytest.raises(TooManyRequests) as caught:
        _request(runtime, address="192.0.2.99")

    assert caught.value.code == "password_reset_throttled"
    assert len(outbox_messages(runtime.settings.outbox_dir)) == MAX_RESETS_PER_NIF


def test_unknown_nif_throttled_like_known(runtime, account):
    for _ in range(MAX_RESETS_PER_NIF):
        _request(runtime, nif=UNKNOWN_NIF)

    with pytest.raises(TooManyRequests):
        _request(runtime, nif=UNKNOWN_NIF, address="192.0.2.99")


def test_requests_throttled_per_address(runtime, account, monkeypatch):
    monkeypatch.setattr(password_reset, "MAX_RESETS_PER_ADDRESS", 2)
    _request(runtime, nif="11111111H")
    _request(runtime, nif="22222222J")

    with pytest.raises(TooManyRequests):
        _request(runtime)

    assert _request(runtime, address="192.0.2.99") is None
    assert len(outbox_messages(runtime.settings.outbox_dir)) == 1
