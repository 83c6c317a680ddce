# SPDX-License-Identifier: EUPL-1.2
"""Public account pages: '/registro', '/confirmar', '/recuperar' and '/restablecer'.

Each form appears only once the page is hydrated, so its on_load handler has run; a
form submitted before that would be lost or reset by the late on_load.
"""

from __future__ import annotations

import reflex as rx

from clic_app.components import error_alert, field_label, notice_box, page_frame
from clic_app.state.accounts import (
    CONFIRM_BUTTON_ID,
    RECOVER_NIF_ID,
    REGISTER_FIELDS,
    RESET_FIELDS,
    ConfirmationState,
    RecoveryState,
    RegistrationState,
    ResetState,
)
from clic_app.state.session import SessionState

_T = SessionState.t
_INPUT_WIDTH = {"width": "100%", "max_width": "28rem"}


def text_field(
    label_key: str, field_id: str, name: str, state, help_key: str = "", **input_props
) -> rx.Component:
    """Build a labelled input, with optional help text, marked invalid when ``state.error_field`` names it."""
    help_id = f"{field_id}-help"
    described = {"aria_describedby": help_id} if help_key else {}
    return rx.vstack(
        field_label(_T[label_key], field_id),
        rx.input(
            id=field_id,
            name=name,
            aria_invalid=rx.cond(state.error_field == name, "true", "false"),
            **described,
            **_INPUT_WIDTH,
            **input_props,
        ),
        rx.text(_T[help_key], id=help_id, size="2") if help_key else rx.fragment(),
        spacing="1",
        width="100%",
    )


def _submit(label_key: str, state) -> rx.Component:
    return rx.button(rx.cond(state.working, _T["accounts.working"], _T[label_key]), type="submit",
                     loading=state.working, size="3")


def _account_links() -> rx.Component:
    return rx.hstack(
        rx.link(_T["accounts.have_account"], href="/login"),
        rx.link(_T["accounts.forgot_password"], href="/recuperar"),
        spacing="5",
        wrap="wrap",
    )


def _registration_form() -> rx.Component:
    state, ids = RegistrationState, REGISTER_FIELDS
    return rx.form(
        rx.vstack(
            text_field("accounts.nif", ids["nif"], "nif", state, "accounts.nif_help", auto_complete="username",
                       required=True),
            text_field("accounts.full_name", ids["full_name"], "full_name", state, auto_complete="name",
                       required=True),
            text_field("accounts.email", ids["email"], "email", state, type="email", auto_complete="email",
                       required=True),
            text_field("accounts.password", ids["password"], "password", state, "accounts.password_help",
                       type="password", auto_complete="new-password", required=True),
            text_field("accounts.password_repeat", ids["password_repeat"], "password_repeat", state,
                       type="password", auto_complete="new-password", required=True),
            rx.hstack(
                rx.checkbox(id=ids["accepted"], name="accepted", required=True,
                            aria_invalid=rx.cond(state.error_field == "accepted", "true", "false")),
                rx.el.label(_T["register.accept"], html_for=ids["accepted"]),
                align="start",
                spacing="2",
            ),
            _submit("register.submit", state),
            spacing="3",
            width="100%",
        ),
        on_submit=RegistrationState.submit,
        reset_on_submit=False,
    )


def registration_page() -> rx.Component:
    return page_frame(
        rx.heading(_T["register.heading"], as_="h1", size="7"),
        rx.text(_T["register.intro"]),
        error_alert(RegistrationState.error),
        rx.box(notice_box(rx.cond(RegistrationState.done, _T["register.done"], "")), aria_live="polite",
               width="100%"),
        rx.cond(RegistrationState.is_hydrated & ~RegistrationState.done, _registration_form()),
        _account_links(),
    )


def _confirmation_button() -> rx.Component:
    state = ConfirmationState
    return rx.vstack(
        rx.text(_T["confirm.intro"]),
        rx.button(rx.cond(state.working, _T["accounts.working"], _T["confirm.submit"]), id=CONFIRM_BUTTON_ID,
                  on_click=state.confirm, loading=state.working, size="3"),
        spacing="3",
    )


def confirmation_page() -> rx.Component:
    state = ConfirmationState
    return page_frame(
        rx.heading(_T["confirm.heading"], as_="h1", size="7"),
        error_alert(state.error),
        rx.box(notice_box(state.message), aria_live="polite", width="100%"),
        rx.cond(
            state.done,
            rx.link(_T["accounts.to_login"], href="/login"),
            rx.cond(state.is_hydrated, _confirmation_button()),
        ),
    )


def _recovery_form() -> rx.Component:
    state = RecoveryState
    return rx.form(
        rx.vstack(
            text_field("accounts.nif", RECOVER_NIF_ID, "nif", state, "accounts.nif_help", auto_complete="username",
                       required=True),
            _submit("recover.submit", state),
            spacing="3",
            width="100%",
        ),
        on_submit=state.submit,
        reset_on_submit=False,
    )


def recovery_page() -> rx.Component:
    state = RecoveryState
    return page_frame(
        rx.heading(_T["recover.heading"], as_="h1", size="7"),
        rx.text(_T["recover.intro"]),
        error_alert(state.error),
        rx.box(notice_box(rx.cond(state.done, _T["recover.done"], "")), aria_live="polite", width="100%"),
        rx.cond(state.is_hydrated & ~state.done, _recovery_form()),
    )


def _reset_form() -> rx.Component:
    state = ResetState
    return rx.form(
        rx.vstack(
            text_field("reset.new_password", RESET_FIELDS["new_password"], "new_password", state,
                       "accounts.password_help", type="password", auto_complete="new-password", required=True),
            text_field("accounts.password_repeat", RESET_FIELDS["password_repeat"], "password_repeat", state,
                       type="password", auto_complete="new-password", required=True),
            _submit("reset.submit", state),
            spacing="3",
            width="100%",
        ),
        on_submit=state.submit,
        reset_on_submit=False,
    )


def reset_page() -> rx.Component:
    state = ResetState
    return page_frame(
        rx.heading(_T["reset.heading"], as_="h1", size="7"),
        error_alert(state.error),
        rx.box(notice_box(rx.cond(state.done, _T["reset.done"], "")), aria_live="polite", width="100%"),
        rx.cond(
            state.done,
            rx.link(_T["accounts.to_login"], href="/login"),
            rx.cond(state.is_hydrated, _reset_form()),
        ),
    )
