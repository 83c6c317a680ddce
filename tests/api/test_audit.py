# SPDX-License-Identifier: EUPL-1.2
"""Tests of the audit routes: the reads of the caller's own data."""

from __future__ import annotations

import pytest

from clic_app.services.demo_data import DEMO_CITIZEN_NIF, DEMO_PASSWORD, DEMO_STAFF_NIF

ACCESS_URL = "/api/v1/audit/my-data-access"
SEARCH_URL = "/api/v1/staff/accounts/search"


@pytest.fixture
def admin_headers(client) -> dict[str, str]:
    response = client.post("/api/v1/auth/token", data={"username": DEMO_STAFF_NIF, "password": DEMO_PASSWORD})
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_no_reads_yet(client, citizen_headers):
    response = client.get(ACCESS_URL, headers=citizen_headers)

    assert response.status_code == 200
    assert response.json() == []


def test_anonymous_401(client):
    assert client.get(ACCESS_URL).status_code == 401


def test_staff_search_listed(client, admin_headers, citizen_headers):
    found = client.post(SEARCH_URL, json={"nif": DEMO_CITIZEN_NIF}, headers=admin_headers)

    accesses = client.get(ACCESS_URL, headers=citizen_headers).json()

    assert found.status_code == 200
    assert found.json()["nif"] == DEMO_CITIZEN_NIF
    [access] = accesses
    assert access["reader_account_id"] == client.get("/api/v1/staff/accounts", headers=admin_headers).json()[0]["id"]
    assert access["reader_roles"] == ["administrator", "case_handler", "registry_clerk", "signer"]
    assert access["by_staff"] is True
    assert access["object_type"] == "account"


def test_limit(client, admin_headers, citizen_headers):
    for _ in range(3):
        client.post(SEARCH_URL, json={"nif": DEMO_CITIZEN_NIF}, headers=admin_headers)

    limited = client.get(f"{ACCESS_URL}?limit=2", headers=citizen_headers)
    too_many = client.get(f"{ACCESS_URL}?limit=5000", headers=citizen_headers)

    assert len(limited.json()) == 2
    assert too_many.status_code == 422


def test_labels_follow_language(client, admin_headers, citizen_headers):
    client.post(SEARCH_URL, json={"nif": DEMO_CITIZEN_NIF}, headers=admin_headers)

    [access] = client.get(ACCESS_URL, headers={**citizen_headers, "Accept-Language": "en"}).json()

    assert access["reader_role_labels"] == ["Administration", "Case handling", "Registry", "Signing"]
