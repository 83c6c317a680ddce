# SPDX-License-Identifier: EUPL-1.2
"""A person requests access, confirms the email link, staff approve, and the new user logs in."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from clic_app.services.demo_data import DEMO_PASSWORD, DEMO_STAFF_NIF
from tests.e2e.conftest import axe_violations
from tests.mailbox import body_of, link_in, wait_for_message

pytestmark = pytest.mark.e2e
# DNI numbers above 80,000,000 are never drawn for the demo town, so this NIF has no account.
APPLICANT_NIF = "99999990S"
APPLICANT_NAME = "Irene Ortega Sanz"
APPLICANT_EMAIL = "irene.ortega@example.org"
APPLICANT_PASSWORD = "la casa del molino viejo"


def _log_in(page: Page, base_url: str, nif: str, password: str) -> None:
    page.goto(f"{base_url}/login")
    page.locator("#login-nif").fill(nif)
    page.locator("#login-password").fill(password)
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url("**/padron**")


def _fill_registration(page: Page, password: str, repeat: str) -> None:
    page.locator("#register-nif").fill(APPLICANT_NIF)
    page.locator("#register-name").fill(APPLICANT_NAME)
    page.locator("#register-email").fill(APPLICANT_EMAIL)
    page.locator("#register-password").fill(password)
    page.locator("#register-password-repeat").fill(repeat)
    if not page.get_by_role("checkbox").is_checked():
        page.get_by_role("checkbox").click()
    page.get_by_role("button", name="Enviar solicitud").click()


def _new_page(browser: Browser) -> Page:
    opened = browser.new_context(locale="es-ES").new_page()
    opened.set_default_timeout(20_000)
    return opened


def test_registration_approval_journey(portal, page, browser):
    violations: dict[str, list] = {}
    page.goto(f"{portal.base_url}/")
    page.get_by_role("link", name="Registrarse").click()
    page.wait_for_url("**/registro")
    expect(page.get_by_role("heading", level=1)).to_have_text("Solicitud de acceso al portal")
    violations["registration form"] = axe_violations(page)

    _fill_registration(page, "qwertyuiop123", "qwertyuiop123")
    expect(page.get_by_role("alert")).to_contain_text("Esa contraseña es de las más usadas")
    expect(page.locator("#register-password")).to_be_focused()
    violations["registration with error"] = axe_violations(page)

    _fill_registration(page, APPLICANT_PASSWORD, APPLICANT_PASSWORD)
    expect(page.get_by_role("status")).to_contain_text("Solicitud recibida.")
    violations["registration sent"] = axe_violations(page)

    message = wait_for_message(portal.data_dir / "outbox", APPLICANT_EMAIL, "Confirme su dirección de correo")
    link = link_in(message, "/confirmar")
    assert link.startswith(f"{portal.base_url}/confirmar?token=")
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirmar la dirección de correo")
    violations["confirmation"] = axe_violations(page)
    page.get_by_role("button", name="Confirmar la dirección").click()
    expect(page.get_by_role("status")).to_contain_text("Dirección confirmada.")
    violations["confirmed"] = axe_violations(page)

    staff = _new_page(browser)
    _log_in(staff, portal.base_url, DEMO_STAFF_NIF, DEMO_PASSWORD)
    staff.goto(f"{portal.base_url}/personal/solicitudes")
    expect(staff.get_by_role("heading", level=1)).to_have_text("Solicitudes de acceso pendientes")
    card = staff.get_by_role("region", name=APPLICANT_NAME)
    expect(card).to_contain_text(APPLICANT_NIF)
    expect(card).to_contain_text(APPLICANT_EMAIL)
    violations["staff requests"] = axe_violations(staff)
    card.get_by_role("button", name="Aprobar").click()
    expect(staff.get_by_role("status")).to_contain_text(f"Solicitud de {APPLICANT_NAME} aprobada.")
    expect(staff.get_by_role("region", name=APPLICANT_NAME)).to_have_count(0)
    violations["staff request approved"] = axe_violations(staff)
    staff.context.close()

    approved = wait_for_message(portal.data_dir / "outbox", APPLICANT_EMAIL,
                                "Su cuenta de la sede electrónica está activa")
    assert f"{portal.base_url}/login" in body_of(approved)
    _log_in(page, portal.base_url, APPLICANT_NIF, APPLICANT_PASSWORD)
    page.get_by_role("link", name="Mi perfil").click()
    page.wait_for_url("**/perfil")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mi perfil")
    expect(page.get_by_text(APPLICANT_NIF)).to_be_visible()
    expect(page.get_by_text(APPLICANT_EMAIL)).to_be_visible()
    violations["profile"] = axe_violations(page)

    page.locator("#profile-phone").fill("600 123 456")
    page.get_by_role("button", name="Guardar teléfono y avisos").click()
    expect(page.get_by_role("status")).to_contain_text("Cambios guardados.")
    expect(page.locator("#profile-phone")).to_have_value("+34600123456")
    violations["profile saved"] = axe_violations(page)

    assert violations == {name: [] for name in violations}


def test_recovery_same_message(portal, page):
    page.goto(f"{portal.base_url}/recuperar")
    expect(page.get_by_role("heading", level=1)).to_have_text("Recuperar la contraseña")

    page.locator("#recover-nif").fill("40000001B")
    page.get_by_role("button", name="Enviar el enlace").click()

    expect(page.get_by_role("status")).to_contain_text("Si existe una cuenta activa con ese NIF/NIE")
    assert axe_violations(page) == []


def test_profile_requires_login(portal, page):
    page.goto(f"{portal.base_url}/perfil")

    page.wait_for_url("**/login**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Acceso a la sede")
