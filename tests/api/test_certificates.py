# SPDX-License-Identifier: EUPL-1.2
"""Tests of certificate login through proxy headers and of the account's certificate routes."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from http.cookies import SimpleCookie
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from clic_app.api import create_api
from clic_app.api.certificates import SESSION_COOKIE
from clic_app.locales import CATALOGUES
from clic_app.models import AuthSession, UserAccount, utcnow
from clic_app.services.certificate_profiles import MAX_CERTIFICATE_SIZE
from clic_app.services.db import session_scope
from clic_app.services.demo_data import DEMO_CITIZEN_NIF, DEMO_PASSWORD
from clic_app.services.identity import create_account, session_for_token
from clic_app.state.session import SESSION_COOKIE as UI_SESSION_COOKIE
from tests import certfactory

PROXY = "127.0.0.1"
TOKEN_URL = "/api/v1/auth/certificate"
SESSION_URL = "/api/v1/auth/certificate/session"
CERTIFICATES_URL = "/api/v1/certificates"
COMPANY_NIF = "B19603968"
OTHER_NIF = "71234567W"
OTHER_PASSWORD = "otra contraseña bastante larga"


@pytest.fixture
def pki(tmp_path) -> certfactory.Pki:
    return certfactory.build_pki(tmp_path / "pki")


@pytest.fixture
def certificate_runtime(runtime, pki):
    settings = replace(runtime.settings, trusted_ca_dir=pki.ca_dir, crl_dir=pki.crl_dir, trusted_proxies=(PROXY,),
                       public_base_url="https://sede.example.es")
    return replace(runtime, settings=settings)


def _client(certificate_runtime, host: str) -> TestClient:
    return TestClient(create_api(lambda: certificate_runtime), client=(host, 50000), follow_redirects=False)


@pytest.fixture
def via_proxy(certificate_runtime, demo_town):
    """A client whose TCP address is the trusted proxy's."""
    with _client(certificate_runtime, PROXY) as test_client:
        yield test_client


@pytest.fixture
def direct(certificate_runtime, demo_town):
    """A client reaching the backend from an address that is not a trusted proxy."""
    with _client(certificate_runtime, "192.0.2.50") as test_client:
        yield test_client


def _bearer(client, nif: str = DEMO_CITIZEN_NIF, password: str = DEMO_PASSWORD) -> dict[str, str]:
    response = client.post("/api/v1/auth/token", data={"username": nif, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _proxy_headers(issued: certfactory.Issued, verify: str = "SUCCESS") -> dict[str, str]:
    return {"X-SSL-Client-Cert": quote(issued.pem.decode(), safe=""), "X-SSL-Client-Verify": verify,
            "X-Real-IP": "198.51.100.7"}


def _associate(client, issued: certfactory.Issued, headers: dict[str, str]) -> dict:
    response = client.post(CERTIFICATES_URL, content=issued.pem,
                           headers=headers | {"Content-Type": "application/x-pem-file"})
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def associated(via_proxy, pki) -> certfactory.Issued:
    issued = certfactory.persona_fisica(pki.intermediate, DEMO_CITIZEN_NIF)
    _associate(via_proxy, issued, _bearer(via_proxy))
    return issued


def test_associate_returns_listing_fields(via_proxy, pki):
    issued = certfactory.persona_fisica(pki.intermediate, DEMO_CITIZEN_NIF)

    body = _associate(via_proxy, issued, _bearer(via_proxy))

    assert body["profile"] == "persona_fisica"
    assert body["profile_label"] == "Persona física"
    assert body["holder_nif"] == DEMO_CITIZEN_NIF
    assert body["holder_name"] == "LUCÍA FERNÁNDEZ NÚÑEZ"
    assert body["issuer_name"] == "CLIC Test Usuarios"
    assert body["expired"] is False
    assert "der" not in body


def test_associate_der_body(via_proxy, pki):
    issued = certfactory.dnie(pki.intermediate, DEMO_CITIZEN_NIF)

    response = via_proxy.post(CERTIFICATES_URL, content=issued.der,
                              headers=_bearer(via_proxy) | {"Content-Type": "application/pkix-cert"})

    assert response.status_code == 201
    assert response.json()["profile"] == "dnie"


def test_list_in_english(via_proxy, associated):
    response = via_proxy.get(CERTIFICATES_URL, headers=_bearer(via_proxy) | {"Accept-Language": "en"})

    assert response.status_code == 200
    assert [item["profile_label"] for item in response.json()] == ["Natural person"]


def test_associate_other_nif_422(via_proxy, pki):
    issued = certfactory.persona_fisica(pki.intermediate, OTHER_NIF)

    response = via_proxy.post(CERTIFICATES_URL, content=issued.pem, headers=_bearer(via_proxy))

    assert response.status_code == 422
    assert response.json()["code"] == "certificate_nif_mismatch"
    assert response.json()["field"] == "certificate"


def test_associate_too_large_by_length(via_proxy):
    response = via_proxy.post(CERTIFICATES_URL, content=b"0" * (MAX_CERTIFICATE_SIZE + 1), headers=_bearer(via_proxy))

    assert response.status_code == 422
    assert response.json()["code"] == "certificate_too_large"


def test_associate_too_large_streamed(via_proxy):
    def chunks():
        for _ in range(64):
            yield b"0" * 1024

    response = via_proxy.post(CERTIFICATES_URL, content=chunks(), headers=_bearer(via_proxy))

    assert response.status_code == 422
    assert response.json()["code"] == "certificate_too_large"


def test_associate_needs_login(via_proxy, pki):
    issued = certfactory.persona_fisica(pki.intermediate, DEMO_CITIZEN_NIF)

    response = via_proxy.post(CERTIFICATES_URL, content=issued.pem)

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_remove_then_not_found(via_proxy, associated):
    headers = _bearer(via_proxy)
    certificate_id = via_proxy.get(CERTIFICATES_URL, headers=headers).json()[0]["id"]

    removed = via_proxy.delete(f"{CERTIFICATES_URL}/{certificate_id}", headers=headers)
    again = via_proxy.delete(f"{CERTIFICATES_URL}/{certificate_id}", headers=headers)

    assert removed.status_code == 204
    assert again.status_code == 404
    assert again.json()["code"] == "certificate_not_found"
    assert via_proxy.get(CERTIFICATES_URL, headers=headers).json() == []


def test_other_citizen_cannot_see_or_remove(via_proxy, associated, certificate_runtime):
    with session_scope(certificate_runtime.engine) as session:
        create_account(session, OTHER_NIF, OTHER_PASSWORD)
    owner_headers, other_headers = _bearer(via_proxy), _bearer(via_proxy, OTHER_NIF, OTHER_PASSWORD)
    certificate_id = via_proxy.get(CERTIFICATES_URL, headers=owner_headers).json()[0]["id"]

    listed = via_proxy.get(CERTIFICATES_URL, headers=other_headers)
    removed = via_proxy.delete(f"{CERTIFICATES_URL}/{certificate_id}", headers=other_headers)

    assert listed.json() == []
    assert removed.status_code == 404
    assert len(via_proxy.get(CERTIFICATES_URL, headers=owner_headers).json()) == 1


def test_certificate_token(via_proxy, associated, certificate_runtime):
    response = via_proxy.post(TOKEN_URL, headers=_proxy_headers(associated))

    body = response.json()
    assert response.status_code == 200, response.text
    assert set(body) == {"access_token", "token_type", "expires_in"}
    assert body["expires_in"] == certificate_runtime.settings.session_hours * 3600
    me = via_proxy.get("/api/v1/census/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200
    with session_scope(certificate_runtime.engine) as session:
        _user, login_session = session_for_token(session, body["access_token"])
        assert login_session.client_address == "198.51.100.7"
        assert login_session.certificate_id is not None


def test_representative_token_acts_for_company(via_proxy, pki, certificate_runtime):
    issued = certfactory.representante(pki.intermediate, DEMO_CITIZEN_NIF, COMPANY_NIF)
    _associate(via_proxy, issued, _bearer(via_proxy))

    token = via_proxy.post(TOKEN_URL, headers=_proxy_headers(issued)).json()["access_token"]

    with session_scope(certificate_runtime.engine) as session:
        _user, login_session = session_for_token(session, token)
        assert login_session.acting_for_nif == COMPANY_NIF


@pytest.mark.parametrize(
    ("make", "verify", "code"),
    [
        (lambda pki: certfactory.persona_fisica(pki.intermediate, DEMO_CITIZEN_NIF), "SUCCESS",
         "certificate_not_associated"),
        (lambda pki: certfactory.persona_fisica(
            pki.intermediate, DEMO_CITIZEN_NIF, valid_from=utcnow() - timedelta(days=400),
            valid_until=utcnow() - timedelta(days=1)), "FAILED:certificate has expired", "certificate_expired"),
        (lambda pki: certfactory.persona_fisica(
            certfactory.CertificateAuthority.root("Otra CA"), DEMO_CITIZEN_NIF),
         "FAILED:unable to get local issuer certificate", "certificate_untrusted"),
        (lambda pki: certfactory.dnie(pki.intermediate, DEMO_CITIZEN_NIF, authentication=False), "SUCCESS",
         "certificate_usage_invalid"),
    ],
)
def test_certificate_token_rejected(via_proxy, pki, make, verify, code):
    response = via_proxy.post(TOKEN_URL, headers=_proxy_headers(make(pki), verify=verify))

    assert response.status_code == 401
    assert response.json()["code"] == code
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_revoked_certificate_rejected(via_proxy, associated, pki):
    pki.write_crl(pki.intermediate.crl([associated]))

    response = via_proxy.post(TOKEN_URL, headers=_proxy_headers(associated))

    assert response.status_code == 401
    assert response.json()["code"] == "certificate_revoked"


def test_proxy_rejection_wins(via_proxy, associated):
    headers = _proxy_headers(associated, verify="FAILED:certificate signature failure")

    response = via_proxy.post(TOKEN_URL, headers=headers)

    assert response.status_code == 401
    assert response.json()["code"] == "certificate_invalid"


@pytest.mark.parametrize("headers", [{}, {"X-SSL-Client-Verify": "NONE", "X-SSL-Client-Cert": ""}])
def test_no_certificate_401(via_proxy, headers):
    response = via_proxy.post(TOKEN_URL, headers=headers)

    assert response.status_code == 401
    assert response.json()["code"] == "certificate_missing"


def test_forged_headers_from_untrusted_peer_ignored(direct, associated, caplog):
    response = direct.post(TOKEN_URL, headers=_proxy_headers(associated))

    assert response.status_code == 401
    assert response.json()["code"] == "certificate_missing"
    assert "certificate_header_ignored reason=untrusted_peer peer=192.0.2.50" in caplog.text


def test_no_trusted_proxies_by_default(runtime, demo_town, associated):
    with TestClient(create_api(lambda: runtime), client=(PROXY, 50000)) as default_client:
        response = default_client.post(TOKEN_URL, headers=_proxy_headers(associated))

    assert response.json()["code"] == "certificate_missing"


def test_rejection_message_in_english(via_proxy, pki):
    issued = certfactory.persona_fisica(pki.intermediate, DEMO_CITIZEN_NIF)

    response = via_proxy.post(TOKEN_URL, headers=_proxy_headers(issued) | {"Accept-Language": "en"})

    assert response.json()["message"] == CATALOGUES["en"]["error.certificate_not_associated"]


def test_session_route_sets_cookie(via_proxy, associated, certificate_runtime):
    response = via_proxy.get(SESSION_URL, headers=_proxy_headers(associated))

    assert response.status_code == 303
    assert response.headers["location"] == "https://sede.example.es/padron"
    cookie = SimpleCookie(response.headers["set-cookie"])[SESSION_COOKIE]
    assert cookie["path"] == "/"
    assert cookie["samesite"].lower() == "strict"
    assert cookie["secure"]
    assert not cookie["httponly"]
    with session_scope(certificate_runtime.engine) as session:
        user, _login_session = session_for_token(session, cookie.value)
        assert user.nif == DEMO_CITIZEN_NIF


def test_session_route_failure_goes_to_login(via_proxy, pki):
    issued = certfactory.persona_fisica(pki.intermediate, DEMO_CITIZEN_NIF)

    response = via_proxy.get(SESSION_URL, headers=_proxy_headers(issued))

    assert response.status_code == 303
    assert response.headers["location"] == "https://sede.example.es/login?certificate_error=certificate_not_associated"
    assert "set-cookie" not in response.headers


def test_session_cookie_name_matches_ui():
    assert SESSION_COOKIE == UI_SESSION_COOKIE


def test_failed_login_keeps_no_session(via_proxy, pki, certificate_runtime):
    issued = certfactory.persona_fisica(pki.intermediate, DEMO_CITIZEN_NIF)

    via_proxy.post(TOKEN_URL, headers=_proxy_headers(issued))

    with session_scope(certificate_runtime.engine) as session:
        citizen = session.exec(select(UserAccount).where(UserAccount.nif == DEMO_CITIZEN_NIF)).one()
        sessions = session.exec(select(AuthSession).where(AuthSession.certificate_id.is_not(None))).all()
        assert citizen.id is not None
        assert sessions == []


def test_representative_session_starts_at_home(via_proxy, pki):
    issued = certfactory.representante(pki.intermediate, DEMO_CITIZEN_NIF, COMPANY_NIF)
    _associate(via_proxy, issued, _bearer(via_proxy))

    response = via_proxy.get(SESSION_URL, headers=_proxy_headers(issued))

    assert response.status_code == 303
    assert response.headers["location"] == "https://sede.example.es/"
