# SPDX-License-Identifier: EUPL-1.2
"""Tests of the OAuth2 password flow of the API."""

from __future__ import annotations

import pytest

from clic_app.locales import en
from clic_app.services.demo_data import DEMO_CITIZEN_NIF, DEMO_PASSWORD
from clic_app.services.identity import MAX_FAILURES_PER_ACCOUNT

TOKEN_URL = "/api/v1/auth/token"
ME_URL = "/api/v1/census/me"
# A valid DNI that has no account in the demo town.
UNKNOWN_NIF = "71234567W"


def _token_request(client, username: str, password: str, **kwargs):
    return client.post(TOKEN_URL, data={"username": username, "password": password}, **kwargs)


def test_token_flow(client, runtime):
    response = _token_request(client, DEMO_CITIZEN_NIF, DEMO_PASSWORD)

    body = response.json()
    assert response.status_code == 200
    assert set(body) == {"access_token", "token_type", "expires_in"}
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == runtime.settings.session_hours * 3600


def test_token_authorises_requests(client):
    token = _token_request(client, DEMO_CITIZEN_NIF, DEMO_PASSWORD).json()["access_token"]

    response = client.get(ME_URL, headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 200


def test_token_accepts_written_nif(client):
    response = _token_request(client, "12.345.678-z", DEMO_PASSWORD)

    assert response.status_code == 200


def test_wrong_password_401(client):
    response = _token_request(client, DEMO_CITIZEN_NIF, "not the password")

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_unknown_nif_same_response(client):
    """Login must not reveal whether an account exists."""
    wrong_password = _token_request(client, DEMO_CITIZEN_NIF, "not the password")

    unknown_nif = _token_request(client, UNKNOWN_NIF, "not the password")

    assert unknown_nif.status_code == wrong_password.status_code
    assert unknown_nif.json() == wrong_password.json()
    assert unknown_nif.headers["WWW-Authenticate"] == wrong_password.headers["WWW-Authenticate"]


@pytest.mark.parametrize("nif", ["not-a-nif", "1234\x005678Z", "12345678Z" * 20])
def test_malformed_nif_same_response(client, nif):
    wrong_password = _token_request(client, DEMO_CITIZEN_NIF, "not the password")

    malformed_nif = _token_request(client, nif, "not the password")

    assert malformed_nif.json() == wrong_password.json()


def test_missing_password_422(client):
    response = client.post(TOKEN_URL, data={"username": DEMO_CITIZEN_NIF})

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_request"
    assert response.json()["field"] == "password"


def test_token_throttled_429(client):
    for _ in range(MAX_FAILURES_PER_ACCOUNT):
        _token_request(client, DEMO_CITIZEN_NIF, "not the password")

    response = _token_request(client, DEMO_CITIZEN_NIF, DEMO_PASSWORD)

    assert response.status_code == 429
    assert response.json()["code"] == "login_throttled"
    assert int(response.headers["Retry-After"]) > 0
    assert "15 minutos" in response.json()["message"]


def test_invalid_credentials_in_english(client):
    response = _token_request(client, UNKNOWN_NIF, "not the password", headers={"Accept-Language": "en-GB,en;q=0.8"})

    assert response.json()["message"] == en.MESSAGES["error.invalid_credentials"]


def test_bogus_bearer_token_401(client):
    response = client.get(ME_URL, headers={"Authorization": "Bearer not-a-real-token"})

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
