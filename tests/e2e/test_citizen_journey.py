# SPDX-License-Identifier: EUPL-1.2
"""A citizen logs in, downloads a household volante and anyone verifies it by its CSV."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from clic_app.services.demo_data import DEMO_CITIZEN_NIF, DEMO_PASSWORD
from tests.e2e.conftest import axe_violations
from tests.pdfcheck import create_nss_database, pdf_text, pdfsig_report

pytestmark = pytest.mark.e2e
CSV_DISPLAY = re.compile(r"[2-9A-HJKMNP-Z]{5}(?:-[2-9A-HJKMNP-Z]{5}){3}")


def _log_in(page: Page, base_url: str, password: str) -> None:
    page.goto(f"{base_url}/login")
    page.locator("#login-nif").fill(DEMO_CITIZEN_NIF)
    page.locator("#login-password").fill(password)
    page.get_by_role("button", name="Entrar").click()


def test_household_volante_journey(portal, page, tmp_path):
    violations: dict[str, list] = {}
    page.goto(f"{portal.base_url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bienvenida a la sede electrónica")
    violations["home"] = axe_violations(page)

    _log_in(page, portal.base_url, "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("El NIF/NIE o la contraseña no son correctos.")
    violations["login with error"] = axe_violations(page)

    _log_in(page, portal.base_url, DEMO_PASSWORD)
    page.wait_for_url("**/padron**")
    expect(page.get_by_role("rowheader", name="Ștefan Ionuț Popescu")).to_be_visible()
    violations["census"] = axe_violations(page)

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Volante colectivo (toda la vivienda)").click()
    pdf_path = tmp_path / "volante.pdf"
    download_info.value.save_as(pdf_path)
    expect(page.get_by_role("status")).to_contain_text("Volante emitido. CSV:")
    csv = CSV_DISPLAY.search(page.get_by_role("status").inner_text()).group(0)

    (tmp_path / "nss").mkdir()
    nss = create_nss_database(tmp_path / "nss", portal.data_dir / "pki" / "dev-ca.pem")
    report = pdfsig_report(pdf_path, nss)
    assert "Signature is Valid." in report
    assert "Certificate is Trusted." in report
    assert "Total document signed" in report
    text = pdf_text(pdf_path)
    assert csv in text
    assert "Fernández Núñez" in text
    assert "Ștefan Ionuț Popescu" in text
    assert "Martín Popescu Fernández" in text
    assert "SIN VALIDEZ LEGAL" in text

    page.goto(f"{portal.base_url}/verificar")
    violations["verification form"] = axe_violations(page)
    page.locator("#verify-csv").fill(csv.lower())
    page.get_by_role("button", name="Verificar").click()
    expect(page.get_by_role("heading", name="Documento auténtico")).to_be_visible()
    expect(page.get_by_text("Volante de empadronamiento colectivo")).to_be_visible()
    violations["verification result"] = axe_violations(page)

    with page.expect_download() as original_info:
        page.get_by_role("link", name="Descargar el documento original (PDF)").click()
    original_path = tmp_path / "original.pdf"
    original_info.value.save_as(original_path)
    assert hashlib.sha256(original_path.read_bytes()).hexdigest() == hashlib.sha256(pdf_path.read_bytes()).hexdigest()

    assert violations == {name: [] for name in violations}


def test_verification_from_qr_link(portal, page, tmp_path):
    _log_in(page, portal.base_url, DEMO_PASSWORD)
    page.wait_for_url("**/padron**")
    with page.expect_download():
        page.get_by_role("button", name="Volante individual").click()
    csv = CSV_DISPLAY.search(page.get_by_role("status").inner_text()).group(0)

    page.goto(f"{portal.base_url}/verificar?csv={csv.replace('-', '')}")

    expect(page.get_by_role("heading", name="Documento auténtico")).to_be_visible()
    expect(page.locator("#verify-csv")).to_have_value(csv.replace("-", ""))
    expect(page.get_by_text("Volante de empadronamiento individual")).to_be_visible()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("22222-22222-22222-22222", "No existe ningún documento con ese CSV."),
        ("ABC-123", "El CSV no tiene un formato válido"),
    ],
)
def test_verification_rejects_bad_csv(portal, page, typed, message):
    page.goto(f"{portal.base_url}/verificar")

    page.locator("#verify-csv").fill(typed)
    page.get_by_role("button", name="Verificar").click()

    expect(page.get_by_role("alert")).to_contain_text(message)
    expect(page.locator("#verify-csv")).to_be_focused()
    assert axe_violations(page) == []


def test_census_page_requires_login(portal, page):
    page.goto(f"{portal.base_url}/padron")

    page.wait_for_url("**/login**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Acceso a la sede")


def test_api_docs_render_offline(portal, page):
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))

    page.goto(f"{portal.base_url}/api/docs")

    expect(page.get_by_text("/api/v1/auth/token")).to_be_visible()
    expect(page.get_by_text("/api/v1/verification/{csv}/document")).to_be_visible()
    assert hosts == {urlsplit(portal.base_url).netloc}
