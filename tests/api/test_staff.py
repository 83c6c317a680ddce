# SPDX-License-Identifier: EUPL-1.2
"""Tests of the staff account routes as an administrator uses them."""

from __future__ import annotations

import pytest

from clic_app.services.db import session_scope
from clic_app.services.demo_data import DEMO_CITIZEN_NIF, DEMO_PASSWORD, DEMO_STAFF_NIF
from clic_app.models import Role
from clic_app.services.identity import create_account

ACCOUNTS_URL = "/api/v1/staff/accounts"
NEW_NIF = "20000020W"
PASSWORD = "staff api password 2026"


def _headers_for(client, nif: str, password: str) -> dict[str, str]:
    response = client.post("/api/v1/auth/token", data={"username": nif, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
def admin_headers(client) -> dict[str, str]:
    return _headers_for(client, DEMO_STAFF_NIF, DEMO_PASSWORD)


def _create(client, headers, **fields):
    body = {"nif": NEW_NIF, "full_name": "Ana Gómez Ruiz", "roles": ["registry_clerk"], "password": PASSWORD} | fields
    return client.post(ACCOUNTS_URL, json=body, headers=headers)


def test_list_shows_demo_staff(client, admin_headers):
    response = client.get(ACCOUNTS_URL, headers=admin_headers)

    assert response.status_code == 200
    [account] = response.json()
    assert account["nif"] == DEMO_STAFF_NIF
    assert account["roles"] == ["administrator", "case_handler", "registry_clerk", "signer"]
    assert account["status"] == "active"
    assert "password_hash" not in response.text


def test_create_then_login(client, admin_headers):
    created = _create(client, admin_headers)

    assert created.status_code == 201, created.text
    assert created.json()["roles"] == ["registry_clerk"]
    assert created.json()["role_labels"] == ["Registro"]
    assert _headers_for(client, NEW_NIF, PASSWORD)


def test_create_labels_follow_language(client, admin_headers):
    created = _create(client, {**admin_headers, "Accept-Language": "en"})

    assert created.json()["role_labels"] == ["Registry"]
    assert created.json()["status_label"] == "Active"


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"roles": ["citizen"]}, "role_not_staff", "roles"),
        ({"roles": []}, "invalid_request", "roles"),
        ({"password": "short"}, "password_too_short", "password"),
        ({"password": "", "email": ""}, "staff_password_or_email_required", "password"),
        ({"nif": DEMO_CITIZEN_NIF}, "staff_account_exists", "nif"),
    ],
)
def test_create_rejects(client, admin_headers, fields, code, field):
    response = _create(client, admin_headers, **fields)

    assert response.status_code == 422
    assert response.json()["code"] == code
    assert response.json()["field"] == field


def test_revoke_own_administrator_role_403(client, admin_headers):
    me = client.get(ACCOUNTS_URL, headers=admin_headers).json()[0]

    response = client.delete(f"{ACCOUNTS_URL}/{me['id']}/roles/administrator", headers=admin_headers)

    assert response.status_code == 403
    assert response.json()["code"] == "own_administrator_role"
    assert "administración" in response.json()["message"]


def test_grant_revoke_disable_enable(client, admin_headers):
    account_id = _create(client, admin_headers).json()["id"]
    url = f"{ACCOUNTS_URL}/{account_id}"

    granted = client.put(f"{url}/roles/signer", headers=admin_headers).json()
    revoked = client.delete(f"{url}/roles/registry_clerk", headers=admin_headers).json()
    disabled = client.post(f"{url}/disable", headers=admin_headers).json()
    enabled = client.post(f"{url}/enable", headers=admin_headers).json()

    assert granted["roles"] == ["registry_clerk", "signer"]
    assert revoked["roles"] == ["signer"]
    assert disabled["status"] == "disabled"
    assert enabled["status"] == "active"


def test_disabled_account_token_stops_working(client, admin_headers):
    account_id = _create(client, admin_headers).json()["id"]
    headers = _headers_for(client, NEW_NIF, PASSWORD)

    client.post(f"{ACCOUNTS_URL}/{account_id}/disable", headers=admin_headers)

    assert client.get("/api/v1/audit/my-data-access", headers=headers).status_code == 401


def test_unknown_role_in_path_422(client, admin_headers):
    response = client.put(f"{ACCOUNTS_URL}/1/roles/boss", headers=admin_headers)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_request"


def test_unknown_account_404(client, admin_headers):
    response = client.get(f"{ACCOUNTS_URL}/999999", headers=admin_headers)

    assert response.status_code == 404
    assert response.json()["code"] == "staff_account_not_found"


def test_non_administrator_staff_denied(client, runtime):
    with session_scope(runtime.engine) as session:
        create_account(session, NEW_NIF, PASSWORD, roles=(Role.SIGNER,))
    headers = _headers_for(client, NEW_NIF, PASSWORD)

    response = client.get(ACCOUNTS_URL, headers=headers)

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
