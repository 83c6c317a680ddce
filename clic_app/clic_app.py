# SPDX-License-Identifier: EUPL-1.2
"""The Reflex application: every page with its loader, and the mounted API."""

from __future__ import annotations

import logging

import reflex as rx

from clic_app.api import create_api
from clic_app.pages import census_page, home_page, login_page, not_found_page, verification_page
from clic_app.pages.account_requests import account_requests_page
from clic_app.pages.accounts import confirmation_page, recovery_page, registration_page, reset_page
from clic_app.pages.audit import data_access_page
from clic_app.pages.certificates import certificates_page
from clic_app.pages.profile import profile_page
from clic_app.pages.representation import representation_page, staff_mandates_page
from clic_app.pages.staff import staff_accounts_page
from clic_app.state import CensusState, VerificationState
from clic_app.state.account_requests import AccountRequestsState
from clic_app.state.accounts import ConfirmationState, RecoveryState, RegistrationState, ResetState
from clic_app.state.audit import DataAccessState
from clic_app.state.certificates import CertificatesState
from clic_app.state.profile import ProfileState
from clic_app.state.representation import RepresentationState, StaffMandatesState
from clic_app.state.staff import StaffAccountsState

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")

app = rx.App(
    stylesheets=["/clic.css"],
    html_lang="es",
    api_transformer=create_api(),
)
app.add_page(home_page, route="/", title="Sede electrónica · CLIC")
app.add_page(login_page, route="/login", title="Acceso · CLIC")
app.add_page(census_page, route="/padron", title="Mis datos de padrón · CLIC", on_load=CensusState.load)
app.add_page(
    verification_page, route="/verificar", title="Verificar documento · CLIC", on_load=VerificationState.load
)
app.add_page(registration_page, route="/registro", title="Solicitud de acceso · CLIC",
             on_load=RegistrationState.reset_form)
app.add_page(confirmation_page, route="/confirmar", title="Confirmar correo · CLIC", on_load=ConfirmationState.load)
app.add_page(recovery_page, route="/recuperar", title="Recuperar contraseña · CLIC", on_load=RecoveryState.reset_form)
app.add_page(reset_page, route="/restablecer", title="Nueva contraseña · CLIC", on_load=ResetState.load)
app.add_page(profile_page, route="/perfil", title="Mi perfil · CLIC", on_load=ProfileState.load)
app.add_page(account_requests_page, route="/personal/solicitudes", title="Solicitudes de acceso · CLIC",
             on_load=AccountRequestsState.load)
app.add_page(staff_accounts_page, route="/personal/cuentas", title="Cuentas del personal · CLIC",
             on_load=StaffAccountsState.load)
app.add_page(data_access_page, route="/mis-accesos", title="Quién ha accedido a mis datos · CLIC",
             on_load=DataAccessState.load)
app.add_page(certificates_page, route="/perfil/certificados", title="Mis certificados · CLIC",
             on_load=CertificatesState.load)
app.add_page(representation_page, route="/representacion", title="Representación · CLIC",
             on_load=RepresentationState.load)
app.add_page(staff_mandates_page, route="/personal/apoderamientos", title="Registro de apoderamientos · CLIC",
             on_load=StaffMandatesState.load)
app.add_page(not_found_page, route="404", title="Página no encontrada · CLIC")
