# SPDX-License-Identifier: EUPL-1.2
"""Tests of the representation routes: mandates, acting for someone, and census reads while doing so."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from clic_app.models import AuditAction, AuditEvent, Mandate, MandateStatus
from clic_app.services.db import session_scope
from clic_app.services.demo_data import DEMO_CITIZEN_NIF, DEMO_PASSWORD, DEMO_STAFF_NIF
from tests.representation_builders import (
    COMPANY_CIF,
    OUTSIDER_NIF,
    PASSWORD,
    account_for,
    add_mandate,
    demo_family,
    neighbour_person,
    outsider_account,
)

BASE = "/api/v1/representation"
ME_URL = "/api/v1/census/me"
VOLANTES_URL = "/api/v1/census/volantes"


def _headers_for(client, nif: str, password: str) -> dict[str, str]:
    response = client.post("/api/v1/auth/token", data={"username": nif, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
def gestor_headers(client, runtime) -> dict[str, str]:
    """A representative with no padron record of their own."""
    with session_scope(runtime.engine) as session:
        outsider_account(session)
    return _headers_for(client, OUTSIDER_NIF, PASSWORD)


@pytest.fixture
def staff_headers(client) -> dict[str, str]:
    return _headers_for(client, DEMO_STAFF_NIF, DEMO_PASSWORD)


def _mandate(runtime, **flags) -> int:
    with session_scope(runtime.engine) as session:
        return add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF, name="Lucía Fernández Núñez", **flags).id


def _act_for(client, headers, nif: str | None):
    return client.put(f"{BASE}/acting-for", json={"nif": nif}, headers=headers)


def test_procedures_listed(client):
    response = client.get(f"{BASE}/procedures", headers={"Accept-Language": "en"})

    codes = {item["code"]: item["label"] for item in response.json()}
    assert response.status_code == 200
    assert codes["padron.volante"] == "Census registration notes (volantes)"
    assert set(codes) == {"padron.consulta", "padron.volante", "padron.cesion"}


def test_mandates_need_token(client):
    assert client.get(f"{BASE}/mandates").status_code == 401
    assert client.post(f"{BASE}/mandates/proposals", json={"representative_nif": OUTSIDER_NIF}).status_code == 401


def test_propose_authorised(client, citizen_headers):
    body = {"representative_nif": OUTSIDER_NIF, "all_procedures": False, "procedures": ["padron.volante"]}

    response = client.post(f"{BASE}/mandates/proposals", json=body, headers=citizen_headers)

    mandate = response.json()
    assert response.status_code == 201
    assert mandate["status"] == "authorised"
    assert mandate["origin"] == "portal"
    assert mandate["represented_nif"] == DEMO_CITIZEN_NIF
    assert mandate["procedures"] == ["padron.volante"]


def test_propose_invalid_nif_422(client, citizen_headers):
    response = client.post(f"{BASE}/mandates/proposals", json={"representative_nif": "123"}, headers=citizen_headers)

    assert response.status_code == 422
    assert response.json()["code"] == "document_number_invalid"
    assert response.json()["field"] == "representative_nif"


def test_request_then_accept(client, citizen_headers, gestor_headers):
    request_body = {"represented_nif": DEMO_CITIZEN_NIF, "represented_name": "Lucía Fernández Núñez"}
    created = client.post(f"{BASE}/mandates/requests", json=request_body, headers=gestor_headers).json()

    listed = client.get(f"{BASE}/mandates", headers=citizen_headers).json()
    accepted = client.post(f"{BASE}/mandates/{created['id']}/accept", headers=citizen_headers)

    assert created["status"] == "pending"
    assert [m["id"] for m in listed["as_represented"]] == [created["id"]]
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "authorised"


def test_accept_by_representative_403(client, gestor_headers):
    request_body = {"represented_nif": DEMO_CITIZEN_NIF, "represented_name": "Lucía"}
    created = client.post(f"{BASE}/mandates/requests", json=request_body, headers=gestor_headers).json()

    response = client.post(f"{BASE}/mandates/{created['id']}/accept", headers=gestor_headers)

    assert response.status_code == 403
    assert response.json()["code"] == "mandate_accept_not_represented"


def test_revoke_by_represented(client, runtime, citizen_headers):
    mandate_id = _mandate(runtime)

    response = client.post(f"{BASE}/mandates/{mandate_id}/revoke", headers=citizen_headers)

    assert response.status_code == 200
    assert response.json()["status"] == "revoked"


def test_revoke_unrelated_404(client, runtime, citizen_headers):
    with session_scope(runtime.engine) as session:
        mandate_id = add_mandate(session, OUTSIDER_NIF, "22222222J").id

    response = client.post(f"{BASE}/mandates/{mandate_id}/revoke", headers=citizen_headers)

    assert response.status_code == 404
    assert response.json()["code"] == "mandate_not_found"


def test_expired_mandate_reads_expired(client, runtime, citizen_headers):
    _mandate(runtime, expired=True)

    listed = client.get(f"{BASE}/mandates", headers=citizen_headers).json()

    assert [m["status"] for m in listed["as_represented"]] == ["expired"]


def test_staff_register_and_search(client, staff_headers):
    body = {
        "representative_nif": OUTSIDER_NIF,
        "represented_nif": COMPANY_CIF,
        "represented_name": "Ejemplo Servicios SL",
        "represented_kind": "company",
    }

    created = client.post(f"{BASE}/staff/mandates", json=body, headers=staff_headers)
    found = client.get(f"{BASE}/staff/mandates", params={"nif": COMPANY_CIF}, headers=staff_headers)

    assert created.status_code == 201
    assert created.json()["status"] == "authorised"
    assert created.json()["origin"] == "staff"
    assert [m["id"] for m in found.json()] == [created.json()["id"]]


def test_staff_routes_denied_to_citizen(client, citizen_headers):
    body = {"representative_nif": OUTSIDER_NIF, "represented_nif": DEMO_CITIZEN_NIF, "represented_name": "Lucía"}

    registered = client.post(f"{BASE}/staff/mandates", json=body, headers=citizen_headers)
    searched = client.get(f"{BASE}/staff/mandates", headers=citizen_headers)

    assert registered.status_code == 403
    assert searched.status_code == 403


def test_parties_of_representative(client, runtime, gestor_headers):
    _mandate(runtime)

    body = client.get(f"{BASE}/parties", headers=gestor_headers).json()

    assert [party["nif"] for party in body["parties"]] == [OUTSIDER_NIF, DEMO_CITIZEN_NIF]
    assert body["acting_for"]["is_self"] is True


def test_acting_for_reads_represented_census(client, runtime, gestor_headers):
    _mandate(runtime)

    switched = _act_for(client, gestor_headers, DEMO_CITIZEN_NIF)
    response = client.get(ME_URL, headers=gestor_headers)

    assert switched.status_code == 200
    assert switched.json()["name"] == "Lucía Fernández Núñez"
    assert response.status_code == 200
    assert response.json()["person"]["document_number"] == DEMO_CITIZEN_NIF
    assert len(response.json()["members"]) == 3


def test_acting_for_audited_with_both(client, runtime, gestor_headers):
    _mandate(runtime)
    _act_for(client, gestor_headers, DEMO_CITIZEN_NIF)

    client.get(ME_URL, headers=gestor_headers)
    client.post(VOLANTES_URL, json={"kind": "household"}, headers=gestor_headers)

    with session_scope(runtime.engine) as session:
        events = session.exec(
            select(AuditEvent).where(
                AuditEvent.action.in_([AuditAction.PERSONAL_DATA_READ, AuditAction.DOCUMENT_ISSUED])
            )
        ).all()
        gestor_id = outsider_account(session).id
    assert [event.action for event in events] == [AuditAction.PERSONAL_DATA_READ, AuditAction.DOCUMENT_ISSUED]
    assert {event.represented_nif for event in events} == {DEMO_CITIZEN_NIF}
    assert {event.actor_user_id for event in events} == {gestor_id}


def test_switch_back_to_self(client, runtime, gestor_headers):
    _mandate(runtime)
    _act_for(client, gestor_headers, DEMO_CITIZEN_NIF)

    switched = _act_for(client, gestor_headers, None)
    response = client.get(ME_URL, headers=gestor_headers)

    assert switched.json()["is_self"] is True
    assert response.status_code == 404
    assert response.json()["code"] == "no_census_record"


def test_switch_to_unlisted_403(client, citizen_headers, gestor_headers):
    response = _act_for(client, gestor_headers, DEMO_CITIZEN_NIF)

    me = client.get(ME_URL, headers=gestor_headers)
    assert response.status_code == 403
    assert response.json()["code"] == "party_not_available"
    assert DEMO_CITIZEN_NIF not in me.text


def test_switch_needs_token(client):
    assert _act_for(client, {}, DEMO_CITIZEN_NIF).status_code == 401


def _change_mandate(runtime, mandate_id: int, **values) -> None:
    with session_scope(runtime.engine) as session:
        mandate = session.get(Mandate, mandate_id)
        for name, value in values.items():
            setattr(mandate, name, value)
        session.add(mandate)


def test_volante_out_of_scope_403(client, runtime, gestor_headers):
    _mandate(runtime, procedures=("padron.consulta",))
    _act_for(client, gestor_headers, DEMO_CITIZEN_NIF)

    read = client.get(ME_URL, headers=gestor_headers)
    issued = client.post(VOLANTES_URL, json={"kind": "individual"}, headers=gestor_headers)

    assert read.status_code == 200
    assert issued.status_code == 403
    assert issued.json()["code"] == "mandate_out_of_scope"


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"status": MandateStatus.REVOKED}, "mandate_revoked"),
        ({"valid_from": date(2020, 1, 1), "valid_until": date(2021, 1, 1)}, "mandate_expired"),
    ],
    ids=["revoked", "expired"],
)
def test_reads_denied_after_mandate_ends(client, runtime, gestor_headers, values, code):
    mandate_id = _mandate(runtime)
    _act_for(client, gestor_headers, DEMO_CITIZEN_NIF)
    _change_mandate(runtime, mandate_id, **values)

    read = client.get(ME_URL, headers=gestor_headers)
    issued = client.post(VOLANTES_URL, json={"kind": "household"}, headers=gestor_headers)

    assert read.status_code == 403
    assert read.json()["code"] == code
    assert issued.status_code == 403
    assert DEMO_CITIZEN_NIF not in read.text


def test_second_citizen_cannot_act_for_first(client, runtime):
    with session_scope(runtime.engine) as session:
        neighbour = neighbour_person(session, demo_family(session))
        account_for(session, neighbour)
    headers = _headers_for(client, neighbour.document_number, PASSWORD)

    switched = _act_for(client, headers, DEMO_CITIZEN_NIF)
    me = client.get(ME_URL, headers=headers)

    assert switched.status_code == 403
    assert me.status_code == 200
    assert DEMO_CITIZEN_NIF not in me.text
    assert "Fernández Núñez" not in me.text
