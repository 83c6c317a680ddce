# SPDX-License-Identifier: EUPL-1.2
"""Login page: NIF/NIE and password."""

from __future__ import annotations

import reflex as rx

from clic_app.components import error_alert, field_label, page_frame
from clic_app.pages.certificates import certificate_login_section
from clic_app.state.login import NIF_FIELD_ID, PASSWORD_FIELD_ID, LoginState

_T = LoginState.t


def login_page() -> rx.Component:
    return page_frame(
        rx.heading(_T["login.heading"], as_="h1", size="7"),
        error_alert(LoginState.error),
        rx.form(
            rx.vstack(
                field_label(_T["login.nif"], NIF_FIELD_ID),
                rx.input(
                    id=NIF_FIELD_ID,
                    name="nif",
                    auto_complete="username",
                    required=True,
                    aria_describedby="login-nif-help",
                    aria_invalid=rx.cond(LoginState.error_field == "nif", "true", "false"),
                    width="100%",
                    max_width="24rem",
                ),
                rx.text(_T["login.nif_help"], id="login-nif-help", size="2"),
                field_label(_T["login.password"], PASSWORD_FIELD_ID),
                rx.input(
                    id=PASSWORD_FIELD_ID,
                    name="password",
                    type="password",
                    auto_complete="current-password",
                    required=True,
                    aria_invalid=rx.cond(LoginState.error_field == "password", "true", "false"),
                    width="100%",
                    max_width="24rem",
                ),
                rx.button(
                    rx.cond(LoginState.working, _T["login.working"], _T["login.submit"]),
                    type="submit",
                    loading=LoginState.working,
                    size="3",
                ),
                spacing="2",
            ),
            on_submit=LoginState.submit,
            reset_on_submit=False,
        ),
        rx.hstack(
            rx.link(_T["login.forgot_password"], href="/recuperar"),
            rx.link(_T["login.no_account"], href="/registro"),
            spacing="5",
            wrap="wrap",
        ),
        certificate_login_section(),
    )
