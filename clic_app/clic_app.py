# SPDX-License-Identifier: EUPL-1.2
"""The Reflex application: pages, the mounted API and the theme."""

from __future__ import annotations

import logging

import reflex as rx

from clic_app.api import create_api
from clic_app.pages import census_page, home_page, login_page, verification_page
from clic_app.state import CensusState, VerificationState

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
