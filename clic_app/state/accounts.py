# SPDX-License-Identifier: EUPL-1.2
"""Public account screens: access request, email confirmation, password recovery and reset."""

from __future__ import annotations

import asyncio

import reflex as rx

from clic_app.services import accounts, password_reset
from clic_app.services.db import session_scope
from clic_app.services.errors import ClicError
from clic_app.services.runtime import get_runtime
from clic_app.state.session import SessionState

REGISTER_FIELDS = {
    "nif": "register-nif",
    "full_name": "register-name",
    "email": "register-email",
    "password": "register-password",
    "password_repeat": "register-password-repeat",
    "accepted": "register-accepted",
}
RECOVER_NIF_ID = "recover-nif"
RESET_FIELDS = {"new_password": "reset-password", "password_repeat": "reset-password-repeat"}
CONFIRM_BUTTON_ID = "confirm-button"


def _checked(form: dict, name: str) -> bool:
    # A checked Radix checkbox posts "on"; an unchecked one posts nothing.
    return form.get(name) in ("on", "true", True)


class AccountFormMixin(rx.State, mixin=True):
    """Error, field at fault, finished flag and busy flag of one account form.

    A mixin, because vars of a common parent state would be one shared copy for every
    form instead of one each.
    """

    error: str = ""
    error_field: str = ""
    done: bool = False
    working: bool = False

    def _fail(self, message: str, field: str, field_ids: dict[str, str]):
        self.error, self.error_field, self.working = message, field, False
        return rx.set_focus(field_ids.get(field, next(iter(field_ids.values()))))

    def _passwords_differ(self, form: dict, name: str) -> bool:
        return form.get(name, "") != form.get("password_repeat", "")


class RegistrationState(AccountFormMixin, SessionState):
    """'/registro': the form of an access request to the portal."""

    @rx.event
    def reset_form(self):
        self.error, self.error_field, self.done, self.working = "", "", False, False

    @rx.event
    async def submit(self, form: dict):
        """Send the request; the response is the same whether or not the NIF already has an account."""
        self.error, self.error_field, self.working = "", "", True
        yield
        if self._passwords_differ(form, "password"):
            yield self._fail(self.t["accounts.passwords_differ"], "password_repeat", REGISTER_FIELDS)
            return
        registration = accounts.RegistrationForm(
            form.get("nif", ""), form.get("full_name", ""), form.get("email", ""), form.get("password", ""),
            _checked(form, "accepted"),
        )
        client = self.router.session.client_ip or "unknown"
        try:
            await asyncio.to_thread(_request_account, registration, client, self.language)
        except ClicError as error:
            yield self._fail(self.error_text(error), error.field or "nif", REGISTER_FIELDS)
            return
        self.working, self.done = False, True


class ConfirmationState(AccountFormMixin, SessionState):
    """'/confirmar?token=…': the link of a confirmation email, used by pressing a button.

    The button keeps mail scanners that open links on their own from using the token.
    """

    _token: str = ""
    message: str = ""

    @rx.event
    def load(self):
        self.error, self.message, self.done, self.working = "", "", False, False
        self._token = self.router.url.query_parameters.get("token", "")

    @rx.event
    async def confirm(self):
        self.error, self.working = "", True
        yield
        client = self.router.session.client_ip or "unknown"
        try:
            outcome = await asyncio.to_thread(_confirm_email, self._token, client)
        except ClicError as error:
            yield self._fail(self.error_text(error), "token", {"token": CONFIRM_BUTTON_ID})
            return
        self.message = self.t[f"confirm.{outcome}"]
        self.working, self.done = False, True


class RecoveryState(AccountFormMixin, SessionState):
    """'/recuperar': the request of a password reset link by NIF/NIE."""

    @rx.event
    def reset_form(self):
        self.error, self.error_field, self.done, self.working = "", "", False, False

    @rx.event
    async def submit(self, form: dict):
        """Request a reset link; the response is the same whether or not the NIF has an account."""
        self.error, self.working = "", True
        yield
        client = self.router.session.client_ip or "unknown"
        try:
            await asyncio.to_thread(_request_reset, form.get("nif", ""), client, self.language)
        except ClicError as error:
            yield self._fail(self.error_text(error), "nif", {"nif": RECOVER_NIF_ID})
            return
        self.working, self.done = False, True


class ResetState(AccountFormMixin, SessionState):
    """'/restablecer?token=…': choose a new password with the link of a reset email."""

    _token: str = ""

    @rx.event
    def load(self):
        self.error, self.error_field, self.done, self.working = "", "", False, False
        self._token = self.router.url.query_parameters.get("token", "")

    @rx.event
    async def submit(self, form: dict):
        """Set the new password; every open session of the account ends."""
        self.error, self.error_field, self.working = "", "", True
        yield
        if self._passwords_differ(form, "new_password"):
            yield self._fail(self.t["accounts.passwords_differ"], "password_repeat", RESET_FIELDS)
            return
        client = self.router.session.client_ip or "unknown"
        try:
            await asyncio.to_thread(_reset_password, self._token, form.get("new_password", ""), client, self.language)
        except ClicError as error:
            yield self._fail(self.error_text(error), error.field or "new_password", RESET_FIELDS)
            return
        self.working, self.done = False, True


def _request_account(registration: accounts.RegistrationForm, client: str, language: str) -> None:
    runtime = get_runtime()
    with session_scope(runtime.engine) as session:
        accounts.request_account(session, runtime.settings, registration, client, language)


def _confirm_email(token: str, client: str) -> accounts.ConfirmationOutcome:
    with session_scope(get_runtime().engine) as session:
        return accounts.confirm_email(session, token, client)


def _request_reset(nif: str, client: str, language: str) -> None:
    runtime = get_runtime()
    with session_scope(runtime.engine) as session:
        password_reset.request_password_reset(session, runtime.settings, nif, client, language)


def _reset_password(token: str, password: str, client: str, language: str) -> None:
    runtime = get_runtime()
    with session_scope(runtime.engine) as session:
        password_reset.reset_password(session, runtime.settings, token, password, client, language)
