# SPDX-License-Identifier: EUPL-1.2
"""An administrator manages staff accounts, and the citizen whose data they read sees it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from clic_app.services.demo_data import DEMO_CITIZEN_NIF, DEMO_PASSWORD, DEMO_STAFF_NIF
from tests.e2e.conftest import axe_violations

pytestmark = pytest.mark.e2e
NEW_STAFF_NIF = "20000030N"
NEW_STAFF_PASSWORD = "journey staff password 2026"


def _log_in(page: Page, base_url: str, nif: str) -> None:
    page.goto(f"{base_url}/login")
    page.locator("#login-nif").fill(nif)
    page.locator("#login-password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url("**/padron**")


def _staff_page(page: Page) -> None:
    page.get_by_role("link", name="Personal", exact=True).click()
    page.wait_for_url("**/personal/cuentas")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cuentas del personal")


def test_administrator_manages_staff(portal, page):
    violations: dict[str, list] = {}
    _log_in(page, portal.base_url, DEMO_STAFF_NIF)
    _staff_page(page)
    expect(page.get_by_role("rowheader", name=DEMO_STAFF_NIF)).to_be_visible()
    violations["staff list"] = axe_violations(page)

    page.locator("#staff-new-nif").fill(NEW_STAFF_NIF)
    page.locator("#staff-new-name").fill("Ana Gómez Ruiz")
    page.get_by_role("checkbox", name="Firma").click()
    page.locator("#staff-new-password").fill(NEW_STAFF_PASSWORD)
    page.get_by_role("button", name="Crear la cuenta").click()
    expect(page.get_by_role("status").filter(has_text="creada")).to_be_visible()
    expect(page.get_by_role("rowheader", name=NEW_STAFF_NIF)).to_be_visible()
    expect(page.locator("#staff-new-password")).to_have_value("")
    violations["account created"] = axe_violations(page)

    page.get_by_role("button", name="Conceder «Registro»").click()
    expect(page.get_by_role("status").filter(has_text="Rol «Registro» concedido")).to_be_visible()
    page.get_by_role("button", name="Desactivar la cuenta").click()
    expect(page.get_by_role("status").filter(has_text="desactivada")).to_be_visible()
    page.get_by_role("button", name="Activar la cuenta").click()
    expect(page.get_by_role("status").filter(has_text="activada")).to_be_visible()

    page.get_by_role("button", name=f"Gestionar la cuenta {DEMO_STAFF_NIF}").click()
    page.get_by_role("button", name="Retirar «Administración»").click()
    expect(page.get_by_role("alert")).to_contain_text("No puede retirarse a sí mismo el rol de administración")
    violations["error shown"] = axe_violations(page)

    page.locator("#staff-search-nif").fill(DEMO_CITIZEN_NIF)
    page.get_by_role("button", name="Buscar").click()
    expect(page.get_by_role("heading", name="Cuenta seleccionada")).to_be_visible()
    expect(page.get_by_text(DEMO_CITIZEN_NIF, exact=True)).to_be_visible()

    assert violations == {name: [] for name in violations}


def test_citizen_sees_who_read_their_data(portal, page, browser):
    staff_context = browser.new_context(locale="es-ES")
    staff_page = staff_context.new_page()
    _log_in(staff_page, portal.base_url, DEMO_STAFF_NIF)
    _staff_page(staff_page)
    staff_page.locator("#staff-search-nif").fill(DEMO_CITIZEN_NIF)
    staff_page.get_by_role("button", name="Buscar").click()
    expect(staff_page.get_by_role("heading", name="Cuenta seleccionada")).to_be_visible()
    staff_context.close()

    _log_in(page, portal.base_url, DEMO_CITIZEN_NIF)
    page.get_by_role("link", name="Quién ha accedido a mis datos").click()
    page.wait_for_url("**/mis-accesos")

    expect(page.get_by_role("heading", level=1)).to_have_text("Quién ha accedido a mis datos")
    first_row = page.get_by_role("row").nth(1)
    expect(first_row).to_contain_text("Personal municipal")
    expect(first_row).to_contain_text("Administración")
    expect(first_row).to_contain_text("Cuenta de acceso")
    assert axe_violations(page) == []


def test_citizen_cannot_open_staff_page(portal, page):
    _log_in(page, portal.base_url, DEMO_CITIZEN_NIF)
    expect(page.get_by_role("link", name="Personal", exact=True)).to_have_count(0)

    page.goto(f"{portal.base_url}/personal/cuentas")

    expect(page.get_by_role("status")).to_contain_text("Solo el personal con el rol de administración")
    expect(page.get_by_role("table")).to_have_count(0)
    expect(page.get_by_text(DEMO_STAFF_NIF)).to_have_count(0)
    assert axe_violations(page) == []


def test_data_access_page_requires_login(portal, page):
    page.goto(f"{portal.base_url}/mis-accesos")

    page.wait_for_url("**/login**")


def test_audit_chain_intact_after_journeys(portal):
    env = os.environ | {"CLIC_DATA_DIR": str(portal.data_dir)}
    env.pop("CLIC_DATABASE_URL", None)

    finished = subprocess.run([Path(sys.executable).parent / "clic", "audit", "verify"], env=env,
                              capture_output=True, text=True, timeout=120)

    assert finished.returncode == 0, finished.stderr
    assert "Audit chain intact" in finished.stdout
