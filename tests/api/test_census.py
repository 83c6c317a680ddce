# SPDX-License-Identifier: EUPL-1.2
"""Tests of the census routes: the caller's own registration and volantes about it."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from clic_app.api.schemas import PersonPublic
from clic_app.locales import en
from clic_app.models import HouseholdMembership, Person, UserAccount
from clic_app.services.db import session_scope
from clic_app.services.demo_data import DEMO_CITIZEN_NIF, DEMO_PASSWORD, DEMO_STAFF_NIF
from clic_app.services.documents import normalize_csv
from clic_app.services.identity import create_account

ME_URL = "/api/v1/census/me"
VOLANTES_URL = "/api/v1/census/volantes"
NEIGHBOUR_PASSWORD = "neighbour-password"


def _headers_for(client, nif: str, password: str) -> dict[str, str]:
    response = client.post("/api/v1/auth/token", data={"username": nif, "password": password})
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
def neighbour_nif(runtime, demo_town) -> str:
    """NIF of a second citizen with an account, living in another dwelling than the demo citizen."""
    with session_scope(runtime.engine) as session:
        citizen = session.exec(select(UserAccount).where(UserAccount.nif == DEMO_CITIZEN_NIF)).one()
        citizen_sheet = session.exec(
            select(HouseholdMembership.sheet_id).where(HouseholdMembership.person_id == citizen.person_id)
        ).one()
        person = session.exec(
            select(Person)
            .join(HouseholdMembership, col(HouseholdMembership.person_id) == Person.id)
            .where(HouseholdMembership.sheet_id != citizen_sheet)
            .order_by(Person.id)
        ).first()
        create_account(session, person.document_number, NEIGHBOUR_PASSWORD, person_id=person.id)
        return person.document_number


def test_me_without_token_401(client):
    response = client.get(ME_URL)

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_me_returns_own_record(client, citizen_headers):
    response = client.get(ME_URL, headers=citizen_headers)

    body = response.json()
    assert response.status_code == 200
    assert body["person"]["document_number"] == DEMO_CITIZEN_NIF
    assert body["person"]["first_surname"] == "Fernández"
    assert body["sheet_number"] == "H-000001"
    assert body["address"]["formatted"].startswith("Calle de la Concepción Jerónima, ")


def test_me_lists_household(client, citizen_headers):
    members = client.get(ME_URL, headers=citizen_headers).json()["members"]

    assert len(members) >= 3
    assert DEMO_CITIZEN_NIF in [member["document_number"] for member in members]
    assert "Ștefan Ionuț" in [member["given_name"] for member in members]


def test_me_exposes_no_internals(client, citizen_headers):
    response = client.get(ME_URL, headers=citizen_headers)

    assert set(response.json()["person"]) == set(PersonPublic.model_fields)
    assert "password_hash" not in response.text
    assert '"id"' not in response.text
    assert "person_id" not in response.text


def test_me_of_neighbour_only_own_data(client, neighbour_nif):
    headers = _headers_for(client, neighbour_nif, NEIGHBOUR_PASSWORD)

    response = client.get(ME_URL, headers=headers)

    member_numbers = [member["document_number"] for member in response.json()["members"]]
    assert response.status_code == 200
    assert response.json()["person"]["document_number"] == neighbour_nif
    assert neighbour_nif in member_numbers
    assert DEMO_CITIZEN_NIF not in response.text
    assert "H-000001" not in response.text


def test_me_without_census_record_404(client):
    headers = _headers_for(client, DEMO_STAFF_NIF, DEMO_PASSWORD)

    response = client.get(ME_URL, headers=headers)

    assert response.status_code == 404
    assert response.json()["code"] == "no_census_record"


@pytest.mark.parametrize("kind", ["individual", "household"])
def test_volante_issued_201(client, citizen_headers, runtime, kind):
    response = client.post(VOLANTES_URL, json={"kind": kind}, headers=citizen_headers)

    body = response.json()
    assert response.status_code == 201
    assert normalize_csv(body["csv"]) == body["csv"]
    assert body["document_url"] == f"/api/v1/verification/{body['csv']}/document"
    assert body["verification_url"] == runtime.verify_url(body["csv"])


@pytest.mark.parametrize("kind", ["individual", "household"])
def test_volante_downloadable(client, citizen_headers, kind):
    issued = client.post(VOLANTES_URL, json={"kind": kind}, headers=citizen_headers).json()

    response = client.get(issued["document_url"])

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_volante_invalid_kind_422(client, citizen_headers):
    response = client.post(VOLANTES_URL, json={"kind": "colectivo"}, headers=citizen_headers)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_request"
    assert response.json()["field"] == "kind"


@pytest.mark.parametrize(
    "request_body",
    [{}, {"content": b"{not json", "headers": {"Content-Type": "application/json"}}],
    ids=["missing", "malformed"],
)
def test_volante_unreadable_body_422(client, citizen_headers, request_body):
    headers = citizen_headers | request_body.get("headers", {})
    content = request_body.get("content")

    response = client.post(VOLANTES_URL, content=content, headers=headers | {"Accept-Language": "en"})

    assert response.status_code == 422
    assert response.json()["field"] is None
    assert response.json()["message"] == en.MESSAGES["error.invalid_request_body"]


def test_volante_without_token_401(client):
    response = client.post(VOLANTES_URL, json={"kind": "individual"})

    assert response.status_code == 401


def test_volante_without_census_record_404(client):
    headers = _headers_for(client, DEMO_STAFF_NIF, DEMO_PASSWORD)

    response = client.post(VOLANTES_URL, json={"kind": "individual"}, headers=headers)

    assert response.status_code == 404
    assert response.json()["code"] == "no_census_record"
