# SPDX-License-Identifier: EUPL-1.2
"""Login form: NIF/NIE and password."""

from __future__ import annotations

import asyncio

import reflex as rx

from clic_app.services.db import session_scope
from clic_app.services.errors import ClicError
from clic_app.services.identity import LoginResult, login
from clic_app.services.runtime import get_runtime
from clic_app.state.session import SessionState

NIF_FIELD_ID = "login-nif"
PASSWORD_FIELD_ID = "login-password"


class LoginState(SessionState):
    """The login form's error and busy flag."""

    error: str = ""
    error_field: str = ""
    working: bool = False

    @rx.event
    async def submit(self, form: dict):
        """Check the credentials, open a session and go to the census page."""
        self.error, self.error_field, self.working = "", "", True
        yield
        client = self.router.session.client_ip or "unknown"
        try:
            result = await asyncio.to_thread(_login, form.get("nif", ""), form.get("password", ""), client)
        except ClicError as error:
            self.error = self.error_text(error)
            self.error_field = "password" if error.field == "password" else "nif"
            self.working = False
            yield rx.set_focus(PASSWORD_FIELD_ID if self.error_field == "password" else NIF_FIELD_ID)
            return
        self.working = False
        self.session_token = result.token
        self.user_nif = result.user.nif
        self.is_staff = result.is_staff
        self.roles = sorted(result.roles)
        yield rx.redirect("/padron")


def _login(nif: str, password: str, client: str) -> LoginResult:
    runtime = get_runtime()
    with session_scope(runtime.engine) as session:
        return login(session, nif, password, client, runtime.session_lifetime)
