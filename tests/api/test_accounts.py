# SPDX-License-Identifier: EUPL-1.2
"""Tests of the account routes: access requests, confirmation, reset, profile, staff decisions."""

from __future__ import annotations

import pytest
from sqlmodel import select

from clic_app.models import AuditAction, AuditEvent, UserAccount, utcnow
from clic_app.services.db import session_scope
from clic_app.services.demo_data import DEMO_CITIZEN_NIF, DEMO_PASSWORD, DEMO_STAFF_NIF
from clic_app.services.password_reset import MAX_RESETS_PER_NIF
from tests.mailbox import link_in, messages_to, outbox_messages, token_of

ACCOUNTS = "/api/v1/accounts"
TOKEN_URL = "/api/v1/auth/token"
NIF = "71234567W"
EMAIL = "ana.garcia@example.org"
PASSWORD = "ventana azul del patio"
NEW_PASSWORD = "tejado rojo de la plaza"
UNKNOWN_NIF = "40000001B"


def _registration(**changes) -> dict:
    return {"nif": NIF, "full_name": "Ana García López", "email": EMAIL, "password": PASSWORD,
            "accepted": True} | changes


def _headers(client, nif: str, password: str = DEMO_PASSWORD) -> dict[str, str]:
    response = client.post(TOKEN_URL, data={"username": nif, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
def staff_headers(client) -> dict[str, str]:
    return _headers(client, DEMO_STAFF_NIF)


def _confirmation_token(runtime, email: str = EMAIL) -> str:
    return token_of(link_in(messages_to(runtime.settings.outbox_dir, email)[-1], "/confirmar"))


def _pending_request(client, runtime) -> int:
    assert client.post(ACCOUNTS, json=_registration()).status_code == 202
    assert client.post(f"{ACCOUNTS}/confirmations", json={"token": _confirmation_token(runtime)}).status_code == 200
    with session_scope(runtime.engine) as session:
        return session.exec(select(UserAccount.id).where(UserAccount.nif == NIF)).one()


def _give_demo_citizen_email(runtime, email: str = "lucia@example.org") -> None:
    with session_scope(runtime.engine) as session:
        account = session.exec(select(UserAccount).where(UserAccount.nif == DEMO_CITIZEN_NIF)).one()
        account.email, account.email_confirmed_at = email, utcnow()


def test_registration_accepted(client, runtime):
    response = client.post(ACCOUNTS, json=_registration())

    assert response.status_code == 202
    assert response.json()["message"].startswith("Solicitud recibida.")
    assert len(messages_to(runtime.settings.outbox_dir, EMAIL)) == 1


def test_registration_same_response_for_existing_nif(client, runtime):
    new = client.post(ACCOUNTS, json=_registration())

    existing = client.post(ACCOUNTS, json=_registration(nif=DEMO_CITIZEN_NIF, email="otra@example.org"))

    assert existing.status_code == new.status_code
    assert existing.json() == new.json()
    assert messages_to(runtime.settings.outbox_dir, "otra@example.org") == []


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"password": "qwertyuiop123"}, "password_too_common", "password"),
        ({"password": "corta"}, "password_too_short", "password"),
        ({"nif": "12345678A"}, "document_number_invalid", "nif"),
        ({"email": "ana"}, "email_invalid", "email"),
        ({"accepted": False}, "terms_not_accepted", "accepted"),
    ],
)
def test_registration_invalid_422(client, changes, code, field):
    response = client.post(ACCOUNTS, json=_registration(**changes))

    assert response.status_code == 422
    assert response.json()["code"] == code
    assert response.json()["field"] == field


def test_registration_message_in_english(client):
    response = client.post(ACCOUNTS, json=_registration(password="corta"), headers={"Accept-Language": "en"})

    assert response.json()["message"] == "The password is too short: use at least 12 characters."


def test_confirmation_route(client, runtime):
    client.post(ACCOUNTS, json=_registration())
    token = _confirmation_token(runtime)

    first = client.post(f"{ACCOUNTS}/confirmations", json={"token": token})
    second = client.post(f"{ACCOUNTS}/confirmations", json={"token": token})

    assert first.status_code == 200
    assert first.json()["outcome"] == "request_confirmed"
    assert second.status_code == 422
    assert second.json()["code"] == "link_used"


def test_staff_approves_then_applicant_logs_in(client, runtime, staff_headers):
    account_id = _pending_request(client, runtime)

    listed = client.get(f"{ACCOUNTS}/requests", headers=staff_headers)
    decided = client.post(f"{ACCOUNTS}/requests/{account_id}/decision", json={"decision": "approved"},
                          headers=staff_headers)

    assert listed.status_code == 200
    assert [item["nif"] for item in listed.json()] == [NIF]
    assert "password_hash" not in listed.json()[0]
    assert decided.status_code == 200
    assert decided.json() == {"account_id": account_id, "status": "active"}
    assert _headers(client, NIF, PASSWORD)


def test_staff_rejects_with_reason(client, runtime, staff_headers):
    account_id = _pending_request(client, runtime)

    without_reason = client.post(f"{ACCOUNTS}/requests/{account_id}/decision", json={"decision": "rejected"},
                                 headers=staff_headers)
    rejected = client.post(f"{ACCOUNTS}/requests/{account_id}/decision",
                           json={"decision": "rejected", "reason": "Datos incompletos."}, headers=staff_headers)
    again = client.post(f"{ACCOUNTS}/requests/{account_id}/decision", json={"decision": "approved"},
                        headers=staff_headers)

    assert without_reason.status_code == 422
    assert without_reason.json()["field"] == "reason"
    assert rejected.json()["status"] == "rejected"
    assert again.status_code == 404
    assert again.json()["code"] == "account_request_not_found"


def test_citizen_cannot_list_or_decide(client, runtime, citizen_headers):
    account_id = _pending_request(client, runtime)

    listed = client.get(f"{ACCOUNTS}/requests", headers=citizen_headers)
    decided = client.post(f"{ACCOUNTS}/requests/{account_id}/decision", json={"decision": "approved"},
                          headers=citizen_headers)

    assert listed.status_code == 403
    assert decided.status_code == 403
    with session_scope(runtime.engine) as session:
        assert session.exec(select(AuditEvent).where(AuditEvent.action == AuditAction.PERSONAL_DATA_READ)).all() == []


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/requests"), ("post", "/requests/1/decision"), ("get", "/me"), ("patch", "/me"),
     ("post", "/me/password")],
)
def test_anonymous_gets_401(client, method, path):
    response = client.request(method, f"{ACCOUNTS}{path}", json={"decision": "approved"})

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_read_profile(client, citizen_headers):
    response = client.get(f"{ACCOUNTS}/me", headers=citizen_headers)

    body = response.json()
    assert response.status_code == 200
    assert body["nif"] == DEMO_CITIZEN_NIF
    assert body["full_name"] == "Lucía Fernández Núñez"
    assert body["roles"] == ["citizen"]
    assert "password_hash" not in body


def test_patch_profile(client, runtime, citizen_headers):
    _give_demo_citizen_email(runtime)

    response = client.patch(f"{ACCOUNTS}/me", json={"phone": "600123456", "notify_by_sms": True,
                                                     "email": "lucia.nueva@example.org"}, headers=citizen_headers)

    body = response.json()
    assert response.status_code == 200
    assert body["changed_fields"] == ["notify_by_sms", "phone"]
    assert body["email_confirmation_sent"] is True
    assert body["profile"]["phone"] == "+34600123456"
    assert body["profile"]["email"] == "lucia@example.org"
    assert body["profile"]["pending_email"] == "lucia.nueva@example.org"


def test_patch_profile_invalid_phone(client, citizen_headers):
    response = client.patch(f"{ACCOUNTS}/me", json={"phone": "12"}, headers=citizen_headers)

    assert response.status_code == 422
    assert response.json()["code"] == "phone_invalid"
    assert response.json()["field"] == "phone"


def test_change_password_keeps_calling_token(client, citizen_headers):
    other = _headers(client, DEMO_CITIZEN_NIF)

    response = client.post(f"{ACCOUNTS}/me/password", json={"current_password": DEMO_PASSWORD,
                                                            "new_password": NEW_PASSWORD}, headers=citizen_headers)

    assert response.status_code == 200
    assert response.json() == {"sessions_ended": 1}
    assert client.get(f"{ACCOUNTS}/me", headers=citizen_headers).status_code == 200
    assert client.get(f"{ACCOUNTS}/me", headers=other).status_code == 401


def test_change_password_wrong_current(client, citizen_headers):
    response = client.post(f"{ACCOUNTS}/me/password", json={"current_password": "not it",
                                                            "new_password": NEW_PASSWORD}, headers=citizen_headers)

    assert response.status_code == 422
    assert response.json()["code"] == "current_password_wrong"


def test_password_reset_same_response(client, runtime):
    _give_demo_citizen_email(runtime)

    known = client.post(f"{ACCOUNTS}/password-reset/request", json={"nif": DEMO_CITIZEN_NIF})
    unknown = client.post(f"{ACCOUNTS}/password-reset/request", json={"nif": UNKNOWN_NIF})

    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert len(outbox_messages(runtime.settings.outbox_dir)) == 1


def test_password_reset_journey(client, runtime, citizen_headers):
    _give_demo_citizen_email(runtime)
    client.post(f"{ACCOUNTS}/password-reset/request", json={"nif": DEMO_CITIZEN_NIF})
    token = token_of(link_in(messages_to(runtime.settings.outbox_dir, "lucia@example.org")[-1], "/restablecer"))

    reset = client.post(f"{ACCOUNTS}/password-reset", json={"token": token, "new_password": NEW_PASSWORD})
    reused = client.post(f"{ACCOUNTS}/password-reset", json={"token": token, "new_password": "otra frase distinta"})

    assert reset.status_code == 200
    assert reused.status_code == 422
    assert reused.json()["code"] == "link_used"
    assert client.get(f"{ACCOUNTS}/me", headers=citizen_headers).status_code == 401
    assert _headers(client, DEMO_CITIZEN_NIF, NEW_PASSWORD)


def test_password_reset_throttled_429(client):
    for _ in range(MAX_RESETS_PER_NIF):
        client.post(f"{ACCOUNTS}/password-reset/request", json={"nif": UNKNOWN_NIF})

    response = client.post(f"{ACCOUNTS}/password-reset/request", json={"nif": UNKNOWN_NIF})

    assert response.status_code == 429
    assert response.json()["code"] == "password_reset_throttled"
    assert int(response.headers["Retry-After"]) > 0
    assert "minutos" in response.json()["message"]
