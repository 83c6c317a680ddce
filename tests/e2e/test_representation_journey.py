# SPDX-License-Identifier: EUPL-1.2
"""Household consent, a mandate given in the portal, acting for the represented person, and staff mandates.

The journey leaves the demo data as it found it: the consent it grants and the mandates
it creates are withdrawn before it ends, so other journeys see the usual demo town.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from clic_app.services.demo_data import DEMO_CITIZEN_NIF, DEMO_PASSWORD, DEMO_STAFF_NIF
from tests.e2e.conftest import axe_violations
from tests.pdfcheck import pdf_text

pytestmark = pytest.mark.e2e
COMPANY_CIF = "B12345674"


def _log_in(page: Page, base_url: str, nif: str) -> None:
    page.goto(f"{base_url}/login")
    page.locator("#login-nif").fill(nif)
    page.locator("#login-password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url("**/padron**")


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="Cerrar sesión").click()
    page.wait_for_url(re.compile(r".*/$"))


def _act_for(page: Page, nif: str) -> None:
    page.locator("#acting-for-party").select_option(nif)
    page.get_by_role("button", name="Cambiar").click()


def _follow_nav_link(page: Page, name: str, url_glob: str) -> None:
    page.get_by_role("link", name=name, exact=True).click()
    page.wait_for_url(url_glob)


def _notice(page: Page, text: str):
    return page.get_by_role("status").filter(has_text=text)


def _grant_and_withdraw_consent(page: Page, violations: dict[str, list]) -> None:
    section = page.get_by_role("region", name="Cesión de datos en la hoja padronal")
    expect(section.get_by_role("row", name=re.compile("Ștefan Ionuț Popescu"))).to_contain_text("Sí")
    violations["census with consent section"] = axe_violations(page)

    page.get_by_role("button", name="Autorizar a Ștefan Ionuț Popescu a ver mis datos").click()
    expect(_notice(page, "Autorización concedida.")).to_be_visible()
    page.get_by_role("button", name="Retirar la autorización a Ștefan Ionuț Popescu").click()
    expect(_notice(page, "Autorización retirada.")).to_be_visible()
    expect(page.get_by_role("button", name="Autorizar a Ștefan Ionuț Popescu a ver mis datos")).to_be_visible()


def _authorise_staff_account(page: Page, violations: dict[str, list]) -> None:
    _follow_nav_link(page, "Representación", "**/representacion")
    expect(page.get_by_role("heading", level=1)).to_have_text("Representación y apoderamientos")
    violations["representation"] = axe_violations(page)

    page.locator("#propose-nif").fill(DEMO_STAFF_NIF)
    page.locator("#propose-scope-some").check()
    page.locator("#propose-procedure-padron-consulta").check()
    page.locator("#propose-procedure-padron-volante").check()
    page.get_by_role("button", name="Autorizar", exact=True).click()
    expect(_notice(page, "Apoderamiento otorgado")).to_be_visible()
    expect(page.get_by_role("rowheader", name=DEMO_STAFF_NIF)).to_be_visible()
    expect(page.locator("#propose-nif")).to_have_value("")
    violations["mandate proposed"] = axe_violations(page)


def _volante_as_representative(page: Page, tmp_path, violations: dict[str, list]) -> None:
    expect(page.locator("#acting-for-current")).to_contain_text(DEMO_STAFF_NIF)
    _act_for(page, DEMO_CITIZEN_NIF)
    expect(page.locator("#acting-for-current")).to_contain_text("Lucía Fernández Núñez")
    expect(page.get_by_role("rowheader", name="Ștefan Ionuț Popescu")).to_be_visible()
    violations["census acting for Lucía"] = axe_violations(page)

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Volante colectivo (toda la vivienda)").click()
    pdf_path = tmp_path / "volante-representante.pdf"
    download_info.value.save_as(pdf_path)
    text = pdf_text(pdf_path)
    assert "Lucía Fernández Núñez" in text
    assert "Ștefan Ionuț Popescu" in text
    assert "Martín Popescu Fernández" in text


def _register_and_revoke_company_mandate(page: Page, violations: dict[str, list]) -> None:
    _follow_nav_link(page, "Apoderamientos (personal)", "**/personal/apoderamientos")
    expect(page.get_by_role("heading", level=1)).to_have_text("Registro de apoderamientos")
    violations["staff mandates"] = axe_violations(page)

    page.locator("#register-representative").fill(DEMO_CITIZEN_NIF)
    page.locator("#register-kind-company").check()
    page.locator("#register-nif").fill("B-1234567-5")
    page.locator("#register-name").fill("Ejemplo Servicios SL")
    page.get_by_role("button", name="Registrar").click()
    expect(page.get_by_role("alert")).to_contain_text("no es un CIF válido")
    expect(page.locator("#register-nif")).to_be_focused()
    violations["staff mandates with error"] = axe_violations(page)

    page.locator("#register-nif").fill(COMPANY_CIF)
    page.get_by_role("button", name="Registrar").click()
    expect(_notice(page, "registrado")).to_be_visible()
    company_row = page.get_by_role("row").filter(has_text=f"Ejemplo Servicios SL ({COMPANY_CIF})")
    expect(company_row).to_contain_text("Autorizado")
    company_row.get_by_role("button").click()
    expect(_notice(page, "Apoderamiento revocado.")).to_be_visible()
    expect(company_row).to_contain_text("Revocado")


def test_representation_journey(portal, page, tmp_path):
    violations: dict[str, list] = {}
    _log_in(page, portal.base_url, DEMO_CITIZEN_NIF)
    expect(page.locator("#acting-for-current")).to_have_count(0)
    _grant_and_withdraw_consent(page, violations)
    _authorise_staff_account(page, violations)
    _log_out(page)

    _log_in(page, portal.base_url, DEMO_STAFF_NIF)
    _volante_as_representative(page, tmp_path, violations)
    _act_for(page, DEMO_STAFF_NIF)
    expect(page.locator("#acting-for-current")).to_contain_text(DEMO_STAFF_NIF)
    _register_and_revoke_company_mandate(page, violations)
    _log_out(page)

    _log_in(page, portal.base_url, DEMO_CITIZEN_NIF)
    page.goto(f"{portal.base_url}/representacion")
    staff_row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=DEMO_STAFF_NIF))
    staff_row.get_by_role("button", name=re.compile("Revocar el apoderamiento")).click()
    expect(_notice(page, "Apoderamiento revocado.")).to_be_visible()
    expect(staff_row).to_contain_text("Revocado")

    assert violations == {name: [] for name in violations}


def test_representation_page_requires_login(portal, page):
    page.goto(f"{portal.base_url}/representacion")

    page.wait_for_url("**/login**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Acceso a la sede")


def test_staff_mandates_denied_to_citizen(portal, page):
    _log_in(page, portal.base_url, DEMO_CITIZEN_NIF)

    page.goto(f"{portal.base_url}/personal/apoderamientos")

    expect(page.get_by_role("alert")).to_contain_text("No tiene permiso")
    expect(page.locator("#register-representative")).to_have_count(0)
    assert axe_violations(page) == []
