# SPDX-License-Identifier: EUPL-1.2
"""Tests of access requests: registration, email confirmation and staff decisions."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlmodel import func, select

from clic_app.models import (
    AccountStatus,
    AuditAction,
    AuditEvent,
    OneTimeToken,
    Person,
    Role,
    TokenPurpose,
    UserAccount,
    utcnow,
)
from clic_app.services import accounts
from clic_app.services.access import actor_for, roles_of
from clic_app.services.accounts import (
    CONFIRMATION_LIFETIME,
    MAX_REQUESTS_PER_ADDRESS,
    MAX_REQUESTS_PER_NIF,
    ConfirmationOutcome,
    RegistrationForm,
    confirm_email,
    decide_request,
    list_pending_requests,
    request_account,
)
from clic_app.services.db import session_scope
from clic_app.services.demo_data import DEMO_CITIZEN_NIF, DEMO_PASSWORD, DEMO_STAFF_NIF
from clic_app.services.errors import InvalidInput, NotFound, PermissionDenied, TooManyRequests
from clic_app.services.identity import create_account, login, verify_password
from clic_app.services.audit import verify_chain
from tests.mailbox import body_of, link_in, messages_to, outbox_messages, token_of

NIF = "71234567W"
EMAIL = "ana.garcia@example.org"
PASSWORD = "ventana azul del patio"
ADDRESS = "192.0.2.10"


def _form(**changes) -> RegistrationForm:
    values = {"nif": NIF, "full_name": "Ana  García López ", "email": EMAIL, "password": PASSWORD, "accepted": True}
    return RegistrationForm(**(values | changes))


def _register(runtime, address: str = ADDRESS, language: str = "es", **changes) -> None:
    with session_scope(runtime.engine) as session:
        request_account(session, runtime.settings, _form(**changes), address, language)


def _rejection(runtime, error_class=InvalidInput, **changes) -> Exception:
    with pytest.raises(error_class) as caught:
        _register(runtime, **changes)
    return caught.value


def _account(runtime, nif: str = NIF) -> UserAccount | None:
    with session_scope(runtime.engine) as session:
        return session.exec(select(UserAccount).where(UserAccount.nif == nif)).first()


def _confirm(runtime, token: str) -> ConfirmationOutcome:
    with session_scope(runtime.engine) as session:
        return confirm_email(session, token, ADDRESS)


def _confirmation_token(runtime, email: str = EMAIL) -> str:
    return token_of(link_in(messages_to(runtime.settings.outbox_dir, email)[-1], "/confirmar"))


def _events(runtime, action: AuditAction) -> list[AuditEvent]:
    with session_scope(runtime.engine) as session:
        return session.exec(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.sequence)).all()


def _staff(session, nif: str = "40000001B", roles=(Role.REGISTRY_CLERK,)):
    user = session.exec(select(UserAccount).where(UserAccount.nif == nif)).first()
    if user is None:
        user = create_account(session, nif, "staff password 2026", roles=roles)
    return actor_for(session, user, "198.51.100.7")


def _pending(runtime) -> UserAccount:
    _register(runtime)
    _confirm(runtime, _confirmation_token(runtime))
    return _account(runtime)


def _decide(runtime, account_id: int, approve: bool, reason: str = "", roles=(Role.REGISTRY_CLERK,)):
    with session_scope(runtime.engine) as session:
        return decide_request(session, runtime.settings, _staff(session, roles=roles), account_id, approve, reason)


def test_request_creates_pending_account(runtime):
    _register(runtime)

    account = _account(runtime)
    assert account.status is AccountStatus.PENDING_CONFIRMATION
    assert account.full_name == "Ana García López"
    assert account.email == EMAIL
    assert account.email_confirmed_at is None
    assert account.person_id is None
    assert verify_password(PASSWORD, account.password_hash)
    with session_scope(runtime.engine) as session:
        assert roles_of(session, account.id) == {Role.CITIZEN}


def test_request_mails_confirmation_link(runtime):
    _register(runtime)

    [message] = outbox_messages(runtime.settings.outbox_dir)
    link = link_in(message, "/confirmar")
    assert message["To"] == EMAIL
    assert message["Subject"] == "Confirme su dirección de correo"
    assert link.startswith(f"{runtime.settings.public_base_url}/confirmar?token=")
    assert "Ana García López" in body_of(message)
    assert "48 horas" in body_of(message)


def test_confirmation_link_expires_in_48_hours(runtime):
    before = utcnow()

    _register(runtime)

    with session_scope(runtime.engine) as session:
        [token] = session.exec(select(OneTimeToken)).all()
    assert token.purpose is TokenPurpose.EMAIL_CONFIRMATION
    assert before + CONFIRMATION_LIFETIME <= token.expires_at <= utcnow() + CONFIRMATION_LIFETIME
    assert token.token_hash != _confirmation_token(runtime)


def test_request_in_english(runtime):
    _register(runtime, language="en")

    [message] = outbox_messages(runtime.settings.outbox_dir)
    assert message["Subject"] == "Confirm your email address"


def test_request_links_census_person(runtime, demo_town):
    with session_scope(runtime.engine) as session:
        person = session.exec(select(Person).where(Person.document_number != DEMO_CITIZEN_NIF)).first()

    _register(runtime, nif=person.document_number)

    assert _account(runtime, person.document_number).person_id == person.id
    [event] = _events(runtime, AuditAction.ACCOUNT_REQUESTED)
    assert event.subject_person_id == person.id
    assert event.client_address == ADDRESS


def test_request_for_existing_nif_same_response(runtime, demo_town):
    with session_scope(runtime.engine) as session:
        holder = session.exec(select(UserAccount).where(UserAccount.nif == DEMO_CITIZEN_NIF)).one()
        holder.email, holder.full_name = "lucia@example.org", "Lucía Fernández Núñez"
        accounts_before = session.exec(select(func.count()).select_from(UserAccount)).one()

    result_for_existing = _register(runtime, nif=DEMO_CITIZEN_NIF, email="intruso@example.org")
    result_for_new = _register(runtime)

    assert result_for_existing is None
    assert result_for_new is None
    existing = _account(runtime, DEMO_CITIZEN_NIF)
    assert existing.email == "lucia@example.org"
    assert verify_password(DEMO_PASSWORD, existing.password_hash)
    assert messages_to(runtime.settings.outbox_dir, "intruso@example.org") == []
    [notice] = messages_to(runtime.settings.outbox_dir, "lucia@example.org")
    assert notice["Subject"] == "Solicitud de acceso con su NIF/NIE"
    assert "/recuperar" in body_of(notice)
    with session_scope(runtime.engine) as session:
        assert session.exec(select(func.count()).select_from(UserAccount)).one() == accounts_before + 1


def test_repeated_request_resends_link_to_first_address(runtime):
    _register(runtime)

    _register(runtime, email="otra@example.org", password="otra contraseña larga")

    assert _account(runtime).email == EMAIL
    assert verify_password(PASSWORD, _account(runtime).password_hash)
    assert messages_to(runtime.settings.outbox_dir, "otra@example.org") == []
    assert len(messages_to(runtime.settings.outbox_dir, EMAIL)) == 2
    assert _confirm(runtime, _confirmation_token(runtime)) is ConfirmationOutcome.REQUEST_CONFIRMED


def test_abandoned_request_replaced(runtime):
    _register(runtime)
    with session_scope(runtime.engine) as session:
        account = session.exec(select(UserAccount).where(UserAccount.nif == NIF)).one()
        account.created_at -= CONFIRMATION_LIFETIME + timedelta(minutes=1)
    first_token = _confirmation_token(runtime)

    _register(runtime, email="corregida@example.org")

    assert _account(runtime).email == "corregida@example.org"
    assert _account(runtime).status is AccountStatus.PENDING_CONFIRMATION
    with pytest.raises(InvalidInput):
        _confirm(runtime, first_token)
    assert _confirm(runtime, _confirmation_token(runtime, "corregida@example.org")) is (
        ConfirmationOutcome.REQUEST_CONFIRMED
    )


def test_rejected_applicant_may_request_again(runtime):
    account = _pending(runtime)
    _decide(runtime, account.id, approve=False, reason="El nombre no coincide con el DNI.")

    _register(runtime, full_name="Ana María García López")

    again = _account(runtime)
    assert again.id == account.id
    assert again.status is AccountStatus.PENDING_CONFIRMATION
    assert again.full_name == "Ana María García López"


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"nif": "71234567A"}, "document_number_invalid", "nif"),
        ({"nif": "PA1234567"}, "document_number_invalid", "nif"),
        ({"full_name": "   "}, "full_name_required", "full_name"),
        ({"full_name": "x" * 201}, "full_name_too_long", "full_name"),
        ({"email": "ana@"}, "email_invalid", "email"),
        ({"password": "corta"}, "password_too_short", "password"),
        ({"password": "qwertyuiop123"}, "password_too_common", "password"),
        ({"password": "mi dni 71234567W"}, "password_personal", "password"),
        ({"accepted": False}, "terms_not_accepted", "accepted"),
    ],
)
def test_invalid_request_rejected(runtime, changes, code, field):
    error = _rejection(runtime, **changes)

    assert error.code == code
    assert error.field == field
    assert _account(runtime, changes.get("nif", NIF)) is None


def test_requests_throttled_per_nif(runtime):
    for _ in range(MAX_REQUESTS_PER_NIF):
        _register(runtime)

    error = _rejection(runtime, TooManyRequests, address="192.0.2.99")

    assert error.code == "account_request_throttled"
    assert error.retry_after > 0


def test_requests_throttled_per_address(runtime, monkeypatch):
    monkeypatch.setattr(accounts, "MAX_REQUESTS_PER_ADDRESS", 2)
    _register(runtime, nif="11111111H")
    _register(runtime, nif="22222222J")

    error = _rejection(runtime, TooManyRequests, nif="33333333P")
    other_address = _register(runtime, nif="33333333P", address="192.0.2.99")

    assert error.code == "account_request_throttled"
    assert other_address is None
    assert MAX_REQUESTS_PER_ADDRESS > 2


def test_confirmation_moves_to_approval(runtime):
    _register(runtime)

    outcome = _confirm(runtime, _confirmation_token(runtime))

    account = _account(runtime)
    assert outcome is ConfirmationOutcome.REQUEST_CONFIRMED
    assert account.status is AccountStatus.PENDING_APPROVAL
    assert account.email_confirmed_at is not None
    steps = [json.loads(event.details)["step"] for event in _events(runtime, AuditAction.ACCOUNT_REQUESTED)]
    assert steps == ["requested", "email_confirmed"]


def test_confirmation_link_works_once(runtime):
    _register(runtime)
    token = _confirmation_token(runtime)
    _confirm(runtime, token)

    with pytest.raises(InvalidInput) as caught:
        _confirm(runtime, token)

    assert caught.value.code == "link_used"


def test_expired_confirmation_link_rejected(runtime):
    _register(runtime)
    with session_scope(runtime.engine) as session:
        for token in session.exec(select(OneTimeToken)).all():
            token.expires_at = utcnow() - timedelta(seconds=1)

    with pytest.raises(InvalidInput) as caught:
        _confirm(runtime, _confirmation_token(runtime))

    assert caught.value.code == "link_expired"
    assert _account(runtime).status is AccountStatus.PENDING_CONFIRMATION


def test_unconfirmed_account_cannot_log_in(runtime):
    _register(runtime)

    with session_scope(runtime.engine) as session, pytest.raises(Exception) as caught:
        login(session, NIF, PASSWORD, ADDRESS, timedelta(hours=1))

    assert caught.value.code == "invalid_credentials"


def test_staff_lists_pending_requests(runtime, demo_town):
    with session_scope(runtime.engine) as session:
        person = session.exec(select(Person).where(Person.document_number != DEMO_CITIZEN_NIF)).first()
    _register(runtime, nif=person.document_number)
    _confirm(runtime, _confirmation_token(runtime))
    _register(runtime, nif=NIF, email="sin.confirmar@example.org")

    with session_scope(runtime.engine) as session:
        staff = actor_for(session, session.exec(select(UserAccount).where(UserAccount.nif == DEMO_STAFF_NIF)).one())
        [request] = list_pending_requests(session, staff)

    assert request.nif == person.document_number
    assert request.full_name == "Ana García López"
    assert request.email == EMAIL
    assert request.census_name == person.full_name
    [read] = _events(runtime, AuditAction.PERSONAL_DATA_READ)
    assert read.actor_user_id == staff.user.id
    assert read.subject_person_id == person.id
    assert read.object_id == str(request.account_id)


@pytest.mark.parametrize("roles", [(Role.CITIZEN,), (Role.CASE_HANDLER,), (Role.SIGNER,)])
def test_list_requires_clerk_or_administrator(runtime, roles):
    with session_scope(runtime.engine) as session, pytest.raises(PermissionDenied):
        list_pending_requests(session, _staff(session, roles=roles))


def test_administrator_may_list(runtime):
    with session_scope(runtime.engine) as session:
        assert list_pending_requests(session, _staff(session, roles=(Role.ADMINISTRATOR,))) == []


def test_approval_activates_account(runtime):
    account = _pending(runtime)

    _decide(runtime, account.id, approve=True)

    assert _account(runtime).status is AccountStatus.ACTIVE
    with session_scope(runtime.engine) as session:
        assert login(session, NIF, PASSWORD, ADDRESS, timedelta(hours=1)).user.id == account.id
    approved = messages_to(runtime.settings.outbox_dir, EMAIL)[-1]
    assert approved["Subject"] == "Su cuenta de la sede electrónica está activa"
    [event] = _events(runtime, AuditAction.ACCOUNT_DECIDED)
    assert json.loads(event.details) == {"decision": "approved", "reason": ""}
    assert event.actor_roles == "registry_clerk"


def test_rejection_mails_reason(runtime):
    account = _pending(runtime)

    _decide(runtime, account.id, approve=False, reason="  El NIF no corresponde al nombre.  ")

    assert _account(runtime).status is AccountStatus.REJECTED
    rejected = messages_to(runtime.settings.outbox_dir, EMAIL)[-1]
    assert "El NIF no corresponde al nombre." in body_of(rejected)
    [event] = _events(runtime, AuditAction.ACCOUNT_DECIDED)
    assert json.loads(event.details) == {"decision": "rejected", "reason": "El NIF no corresponde al nombre."}


def test_rejection_requires_reason(runtime):
    account = _pending(runtime)

    with pytest.raises(InvalidInput) as caught:
        _decide(runtime, account.id, approve=False, reason="   ")

    assert caught.value.code == "rejection_reason_required"
    assert caught.value.field == "reason"
    assert _account(runtime).status is AccountStatus.PENDING_APPROVAL


def test_decision_needs_pending_request(runtime):
    _register(runtime)
    unconfirmed = _account(runtime)

    with pytest.raises(NotFound) as caught:
        _decide(runtime, unconfirmed.id, approve=True)
    with pytest.raises(NotFound):
        _decide(runtime, 999_999, approve=True)

    assert caught.value.code == "account_request_not_found"


def test_decision_requires_role(runtime):
    account = _pending(runtime)

    with pytest.raises(PermissionDenied):
        _decide(runtime, account.id, approve=True, roles=(Role.CASE_HANDLER,))

    assert _account(runtime).status is AccountStatus.PENDING_APPROVAL


def test_audit_chain_intact_after_journey(runtime):
    account = _pending(runtime)
    _decide(runtime, account.id, approve=True)

    with session_scope(runtime.engine) as session:
        assert verify_chain(session).intact


def test_public_base_url_used_in_link(runtime):
    settings = replace(runtime.settings, public_base_url="https://sede.villaclara.example")

    with session_scope(runtime.engine) as session:
        request_account(session, settings, _form(), ADDRESS)

    assert link_in(outbox_messages(settings.outbox_dir)[0], "/confirmar").startswith(
        "https://sede.villaclara.example/confirmar?token="
    )
