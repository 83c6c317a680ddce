# SPDX-License-Identifier: EUPL-1.2
"""Tests of the profile: contact data, email change, notification preferences, password change."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlmodel import select

from clic_app.models import AuditAction, AuditEvent, UserAccount
from clic_app.services import profile
from clic_app.services.access import actor_for
from clic_app.services.accounts import ConfirmationOutcome, confirm_email
from clic_app.services.db import session_scope
from clic_app.services.demo_data import DEMO_CITIZEN_NIF, DEMO_PASSWORD
from clic_app.services.errors import InvalidInput, NotAuthenticated, TooManyRequests
from clic_app.services.identity import create_account, login, user_for_token, verify_password
from clic_app.services.profile import (
    MAX_PASSWORD_CHANGES,
    ProfileChanges,
    change_password,
    normalize_phone,
    profile_of,
    update_profile,
)
from tests.mailbox import body_of, link_in, messages_to, outbox_messages, token_of

NIF = "71234567W"
EMAIL = "ana.garcia@example.org"
PASSWORD = "ventana azul del patio"
NEW_PASSWORD = "tejado rojo de la plaza"
ADDRESS = "192.0.2.10"


@pytest.fixture
def account(runtime) -> UserAccount:
    with session_scope(runtime.engine) as session:
        created = create_account(session, NIF, PASSWORD)
        created.full_name, created.email = "Ana García López", EMAIL
        return created


def _login(runtime, password: str = PASSWORD) -> str:
    with session_scope(runtime.engine) as session:
        return login(session, NIF, password, ADDRESS, timedelta(hours=1)).token


def _update(runtime, account, **changes):
    with session_scope(runtime.engine) as session:
        actor = actor_for(session, account, ADDRESS)
        return update_profile(session, runtime.settings, actor, ProfileChanges(**changes))


def _change_password(runtime, account, current: str = PASSWORD, new: str = NEW_PASSWORD, keep: str | None = None):
    with session_scope(runtime.engine) as session:
        actor = actor_for(session, account, ADDRESS)
        return change_password(session, runtime.settings, actor, current, new, keep)


def _profile(runtime, account):
    with session_scope(runtime.engine) as session:
        return profile_of(session, actor_for(session, account))


def _stored(runtime, account) -> UserAccount:
    with session_scope(runtime.engine) as session:
        return session.get(UserAccount, account.id)


def _events(runtime, action: AuditAction) -> list[AuditEvent]:
    with session_scope(runtime.engine) as session:
        return session.exec(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_profile_shows_own_data(runtime, account):
    shown = _profile(runtime, account)

    assert shown.nif == NIF
    assert shown.full_name == "Ana García López"
    assert shown.email == EMAIL
    assert shown.pending_email is None
    assert shown.notify_by_email is True


def test_profile_name_falls_back_to_census(runtime, demo_citizen):
    assert _profile(runtime, demo_citizen).full_name == "Lucía Fernández Núñez"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("600 123 456", "+34600123456"), ("+34 912 345 678", "+34912345678"), ("0033 6 12 34 56 78", "+33612345678")],
)
def test_phone_normalized(typed, stored):
    assert normalize_phone(typed) == stored


@pytest.mark.parametrize("typed", ["12345", "600-12", "teléfono", "+34 100 000 000"])
def test_invalid_phone_rejected(typed):
    with pytest.raises(InvalidInput) as caught:
        normalize_phone(typed)

    assert caught.value.code == "phone_invalid"
    assert caught.value.field == "phone"


def test_phone_and_preferences_saved(runtime, account):
    result = _update(runtime, account, phone="600 123 456", notify_by_sms=True, notify_by_email=True)

    stored = _stored(runtime, account)
    assert result.changed_fields == ("notify_by_sms", "phone")
    assert stored.phone == "+34600123456"
    assert stored.notify_by_sms is True


def test_change_audited_without_values(runtime, account):
    _update(runtime, account, phone="600 123 456")

    [event] = _events(runtime, AuditAction.DATA_CHANGED)
    assert json.loads(event.details) == {"fields": ["phone"]}
    assert "600" not in event.details
    assert event.actor_user_id == account.id


def test_unchanged_values_not_audited(runtime, account):
    result = _update(runtime, account, notify_by_email=True, notify_by_sms=False)

    assert result.changed_fields == ()
    assert _events(runtime, AuditAction.DATA_CHANGED) == []


def test_empty_phone_removes_it(runtime, account):
    _update(runtime, account, phone="600 123 456")

    _update(runtime, account, phone="  ")

    assert _stored(runtime, account).phone == ""


def test_sms_needs_phone(runtime, account):
    with pytest.raises(InvalidInput) as caught:
        _update(runtime, account, notify_by_sms=True)

    assert caught.value.code == "sms_needs_phone"
    assert _stored(runtime, account).notify_by_sms is False


def test_sms_needs_mobile(runtime, account):
    with pytest.raises(InvalidInput) as caught:
        _update(runtime, account, phone="912 345 678", notify_by_sms=True)

    assert caught.value.code == "sms_needs_mobile"
    assert _stored(runtime, account).phone == ""


def test_email_change_waits_for_confirmation(runtime, account):
    result = _update(runtime, account, email="Ana.Nueva@Example.org")

    assert result.email_confirmation_sent
    assert _stored(runtime, account).email == EMAIL
    assert _profile(runtime, account).pending_email == "Ana.Nueva@example.org"
    [notice] = messages_to(runtime.settings.outbox_dir, EMAIL)
    assert notice["Subject"] == "Cambio de dirección de correo solicitado"
    assert "Ana.Nueva" not in body_of(notice)


def test_email_change_confirmed_by_link(runtime, account):
    _update(runtime, account, email="ana.nueva@example.org")
    [message] = messages_to(runtime.settings.outbox_dir, "ana.nueva@example.org")

    with session_scope(runtime.engine) as session:
        outcome = confirm_email(session, token_of(link_in(message, "/confirmar")), ADDRESS)

    assert outcome is ConfirmationOutcome.EMAIL_CHANGED
    assert _stored(runtime, account).email == "ana.nueva@example.org"
    assert _profile(runtime, account).pending_email is None
    [event] = _events(runtime, AuditAction.DATA_CHANGED)
    assert json.loads(event.details) == {"fields": ["email"]}


def test_same_email_sends_nothing(runtime, account):
    result = _update(runtime, account, email=EMAIL)

    assert not result.email_confirmation_sent
    assert outbox_messages(runtime.settings.outbox_dir) == []


def test_invalid_email_rejected(runtime, account):
    with pytest.raises(InvalidInput) as caught:
        _update(runtime, account, email="no es un correo")

    assert caught.value.code == "email_invalid"


def test_password_change(runtime, account):
    _change_password(runtime, account)

    stored = _stored(runtime, account)
    assert verify_password(NEW_PASSWORD, stored.password_hash)
    assert _login(runtime, NEW_PASSWORD)
    [event] = _events(runtime, AuditAction.PASSWORD_CHANGED)
    assert json.loads(event.details)["via"] == "profile"
    [notice] = messages_to(runtime.settings.outbox_dir, EMAIL)
    assert notice["Subject"] == "Su contraseña ha cambiado"


def test_password_change_ends_other_sessions(runtime, account):
    current = _login(runtime)
    other = _login(runtime)

    ended = _change_password(runtime, account, keep=current)

    assert ended == 1
    with session_scope(runtime.engine) as session:
        assert user_for_token(session, current).id == account.id
        with pytest.raises(NotAuthenticated):
            user_for_token(session, other)


def test_wrong_current_password_rejected(runtime, account):
    with pytest.raises(InvalidInput) as caught:
        _change_password(runtime, account, current="not the password")

    assert caught.value.code == "current_password_wrong"
    assert caught.value.field == "current_password"
    assert verify_password(PASSWORD, _stored(runtime, account).password_hash)
    assert _events(runtime, AuditAction.PASSWORD_CHANGED) == []


@pytest.mark.parametrize(
    ("new", "code"),
    [("corta", "password_too_short"), ("qwertyuiop123", "password_too_common"), (PASSWORD, "password_unchanged"),
     ("clave 71234567 segura", "password_personal")],
)
def test_new_password_policy(runtime, account, new, code):
    with pytest.raises(InvalidInput) as caught:
        _change_password(runtime, account, new=new)

    assert caught.value.code == code
    assert caught.value.field == "new_password"


def test_wrong_current_password_throttled(runtime, account, monkeypatch):
    monkeypatch.setattr(profile, "MAX_PASSWORD_CHANGES", 2)
    for _ in range(2):
        with pytest.raises(InvalidInput):
            _change_password(runtime, account, current="not the password")

    with pytest.raises(TooManyRequests) as caught:
        _change_password(runtime, account)

    assert caught.value.code == "password_change_throttled"
    assert MAX_PASSWORD_CHANGES > 2


def test_demo_citizen_changes_password(runtime, demo_citizen):
    with session_scope(runtime.engine) as session:
        actor = actor_for(session, demo_citizen)
        change_password(session, runtime.settings, actor, DEMO_PASSWORD, NEW_PASSWORD)

    with session_scope(runtime.engine) as session:
        assert login(session, DEMO_CITIZEN_NIF, NEW_PASSWORD, ADDRESS, timedelta(hours=1))
    assert outbox_messages(runtime.settings.outbox_dir) == []
