# SPDX-License-Identifier: EUPL-1.2
"""API test client bound to the test's own runtime and database."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from clic_app.api import create_api
from clic_app.services.demo_data import DEMO_CITIZEN_NIF, DEMO_PASSWORD


@pytest.fixture(autouse=True)
def _cheap_passwords(fast_password_hashing) -> None:
    """Hash passwords at minimum cost in every API test."""


@pytest.fixture
def client(runtime, demo_town) -> TestClient:
    with TestClient(create_api(lambda: runtime)) as test_client:
        yield test_client


@pytest.fixture
def citizen_headers(client) -> dict[str, str]:
    response = client.post("/api/v1/auth/token", data={"username": DEMO_CITIZEN_NIF, "password": DEMO_PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
