# SPDX-License-Identifier: EUPL-1.2
"""Tests of the household consent routes and their effect on census reads and volantes."""

from __future__ import annotations

import pytest

from clic_app.services.db import session_scope
from clic_app.services.demo_data import DEMO_CITIZEN_NIF
from tests.pdfcheck import pdf_text
from tests.representation_builders import PASSWORD, Family, account_for, demo_family, neighbour_person

CONSENTS_URL = "/api/v1/census/consents"
ME_URL = "/api/v1/census/me"


def _headers_for(client, nif: str, password: str) -> dict[str, str]:
    response = client.post("/api/v1/auth/token", data={"username": nif, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
def family(runtime, client) -> Family:
    with session_scope(runtime.engine) as session:
        return demo_family(session)


@pytest.fixture
def stefan_headers(client, runtime, family) -> dict[str, str]:
    with session_scope(runtime.engine) as session:
        account_for(session, family.stefan)
    return _headers_for(client, family.stefan.document_number, PASSWORD)


def _member_id(runtime, family: Family, person) -> int:
    with session_scope(runtime.engine) as session:
        return family.member_id(session, person)


def test_consents_need_token(client):
    assert client.get(CONSENTS_URL).status_code == 401
    assert client.post(CONSENTS_URL, json={"member_id": 1}).status_code == 401
    assert client.delete(f"{CONSENTS_URL}/1").status_code == 401


def test_overview_lists_adult_housemate(client, citizen_headers, runtime, family):
    response = client.get(CONSENTS_URL, headers=citizen_headers)

    body = response.json()
    assert response.status_code == 200
    assert body["may_grant"] is True
    assert body["housemates"] == [
        {
            "member_id": _member_id(runtime, family, family.stefan),
            "name": "Ștefan Ionuț Popescu",
            "granted": False,
            "received": True,
        }
    ]


def test_overview_shows_no_documents(client, citizen_headers, family):
    response = client.get(CONSENTS_URL, headers=citizen_headers)

    assert family.stefan.document_number not in response.text
    assert "Martín" not in response.text


def test_grant_then_partner_sees(client, citizen_headers, stefan_headers, runtime, family):
    before = client.get(ME_URL, headers=stefan_headers).json()

    granted = client.post(
        CONSENTS_URL, json={"member_id": _member_id(runtime, family, family.stefan)}, headers=citizen_headers
    )
    after = client.get(ME_URL, headers=stefan_headers).json()

    assert granted.status_code == 201
    assert granted.json()["housemates"][0]["granted"] is True
    assert DEMO_CITIZEN_NIF not in [member["document_number"] for member in before["members"]]
    assert before["withheld_members"] == 1
    assert DEMO_CITIZEN_NIF in [member["document_number"] for member in after["members"]]
    assert after["withheld_members"] == 0


def test_revoke_hides_from_volante(client, citizen_headers, stefan_headers, runtime, family, tmp_path):
    lucia_member = _member_id(runtime, family, family.lucia)

    revoked = client.delete(f"{CONSENTS_URL}/{lucia_member}", headers=stefan_headers)
    me = client.get(ME_URL, headers=citizen_headers).json()
    issued = client.post("/api/v1/census/volantes", json={"kind": "household"}, headers=citizen_headers).json()
    pdf = tmp_path / "volante.pdf"
    pdf.write_bytes(client.get(issued["document_url"]).content)

    text = " ".join(pdf_text(pdf).split())
    assert revoked.status_code == 200
    assert revoked.json()["housemates"][0]["granted"] is False
    assert [member["given_name"] for member in me["members"]] == ["Lucía", "Martín"]
    assert me["withheld_members"] == 1
    assert "Ștefan" not in text
    assert "Martín Popescu Fernández" in text
    assert "consta inscrita en este domicilio 1 persona más" in text


def test_revoke_twice_404(client, stefan_headers, runtime, family):
    lucia_member = _member_id(runtime, family, family.lucia)
    client.delete(f"{CONSENTS_URL}/{lucia_member}", headers=stefan_headers)

    response = client.delete(f"{CONSENTS_URL}/{lucia_member}", headers=stefan_headers)

    assert response.status_code == 404
    assert response.json()["code"] == "consent_not_found"


def test_grant_to_minor_422(client, citizen_headers, runtime, family):
    response = client.post(
        CONSENTS_URL, json={"member_id": _member_id(runtime, family, family.martin)}, headers=citizen_headers
    )

    assert response.status_code == 422
    assert response.json()["code"] == "consent_grantee_minor"


def test_second_citizen_cannot_reach_family(client, citizen_headers, runtime, family):
    with session_scope(runtime.engine) as session:
        neighbour = neighbour_person(session, family)
        account_for(session, neighbour)
    headers = _headers_for(client, neighbour.document_number, PASSWORD)
    lucia_member = _member_id(runtime, family, family.lucia)

    overview = client.get(CONSENTS_URL, headers=headers)
    granted = client.post(CONSENTS_URL, json={"member_id": lucia_member}, headers=headers)
    revoked = client.delete(f"{CONSENTS_URL}/{lucia_member}", headers=headers)

    assert overview.status_code == 200
    assert "Lucía" not in overview.text
    assert "Ștefan" not in overview.text
    assert granted.status_code == 404
    assert granted.json()["code"] == "consent_member_not_found"
    assert revoked.status_code == 404
    assert "Lucía" not in granted.text
