# SPDX-License-Identifier: EUPL-1.2
"""A citizen associates a certificate with the account, sees it listed and removes it.

The portal of this run trusts a test CA, put in its data folder's ``trusted-ca`` (the
default CLIC_TRUSTED_CA_DIR), which CLIC reads again whenever the folder changes. No
nginx stands in front of it, so the certificate login link comes back with an error.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from clic_app.services.demo_data import DEMO_CITIZEN_NIF, DEMO_PASSWORD
from tests import certfactory
from tests.e2e.conftest import axe_violations

pytestmark = pytest.mark.e2e
OTHER_NIF = "71234567W"
UPLOAD_INPUT = "#certificate-upload input[type=file]"


@pytest.fixture
def certificates(portal, tmp_path) -> dict[str, str]:
    """Certificate files of a CA that the portal trusts: the citizen's own, and someone else's."""
    pki = certfactory.build_pki(tmp_path / "pki")
    trusted = portal.data_dir / "trusted-ca"
    trusted.mkdir(exist_ok=True)
    (trusted / "e2e-root.pem").write_bytes(pki.root.pem)
    (trusted / "e2e-intermediate.pem").write_bytes(pki.intermediate.pem)
    own = tmp_path / "mi-certificado.cer"
    own.write_bytes(certfactory.persona_fisica(pki.intermediate, DEMO_CITIZEN_NIF).der)
    other = tmp_path / "otro.pem"
    other.write_bytes(certfactory.persona_fisica(pki.intermediate, OTHER_NIF).pem)
    return {"own": str(own), "other": str(other)}


def _log_in(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/login")
    page.locator("#login-nif").fill(DEMO_CITIZEN_NIF)
    page.locator("#login-password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url("**/padron**")


def _axe(page: Page) -> list[dict]:
    return axe_violations(page)


def test_certificate_association_journey(portal, page, certificates):
    violations: dict[str, list] = {}
    _log_in(page, portal.base_url)
    page.get_by_role("link", name="Mis certificados").click()
    page.wait_for_url("**/perfil/certificados**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mis certificados electrónicos")
    expect(page.get_by_text("Todavía no ha asociado ningún certificado.")).to_be_visible()
    violations["empty list"] = _axe(page)

    page.locator(UPLOAD_INPUT).set_input_files(certificates["other"])
    expect(page.get_by_role("alert")).to_contain_text(f"El certificado pertenece al NIF {OTHER_NIF}")
    expect(page.locator("#certificate-upload-button")).to_be_focused()
    violations["upload rejected"] = _axe(page)

    page.locator(UPLOAD_INPUT).set_input_files(certificates["own"])
    expect(page.get_by_role("status")).to_contain_text("Certificado asociado")
    holder = page.get_by_role("rowheader", name=f"LUCÍA FERNÁNDEZ NÚÑEZ ({DEMO_CITIZEN_NIF})")
    expect(holder).to_be_visible()
    expect(page.get_by_role("row").filter(has=holder)).to_contain_text("Persona física")
    expect(page.get_by_role("row").filter(has=holder)).to_contain_text("CLIC Test Usuarios")
    violations["one certificate"] = _axe(page)

    page.get_by_role("button", name="Eliminar el certificado de LUCÍA FERNÁNDEZ NÚÑEZ").click()
    expect(page.get_by_role("status")).to_contain_text("Certificado eliminado de su cuenta")
    expect(page.get_by_text("Todavía no ha asociado ningún certificado.")).to_be_visible()
    violations["after removal"] = _axe(page)

    assert violations == {name: [] for name in violations}


def test_certificate_login_without_proxy_explains(portal, page):
    page.goto(f"{portal.base_url}/login")
    link = page.get_by_role("link", name="Acceder con certificado")

    link.click()

    page.wait_for_url("**/login**certificate_error=certificate_missing**")
    expect(page.get_by_role("alert")).to_contain_text("No se ha recibido ningún certificado")
    expect(page.get_by_role("link", name="Acceder con certificado")).to_be_focused()
    assert _axe(page) == []


def test_certificates_page_needs_login(portal, page):
    page.goto(f"{portal.base_url}/perfil/certificados")

    page.wait_for_url("**/login**")

    expect(page.get_by_role("heading", level=1)).to_have_text("Acceso a la sede")


def test_session_cookie_set_by_server_logs_in(portal, page):
    """The certificate session route sets clic_session itself: the UI must accept such a cookie."""
    token_response = page.request.post(
        f"{portal.base_url}/api/v1/auth/token", form={"username": DEMO_CITIZEN_NIF, "password": DEMO_PASSWORD}
    )
    token = token_response.json()["access_token"]
    # The attributes of the cookie that the certificate session route sets.
    page.context.add_cookies([{"name": "clic_session", "value": token, "url": portal.base_url, "sameSite": "Strict"}])

    page.goto(f"{portal.base_url}/padron")

    expect(page.get_by_role("rowheader", name="Ștefan Ionuț Popescu")).to_be_visible()
