# SPDX-License-Identifier: EUPL-1.2
"""'/perfil': the logged-in person's account data, contact, notifications and password."""

from __future__ import annotations

import reflex as rx

from clic_app.components import error_alert, notice_box, page_frame
from clic_app.pages.accounts import text_field
from clic_app.state.profile import FIELD_IDS, ProfileState

_T = ProfileState.t


def _messages(section: str) -> rx.Component:
    """Show the error or notice of the last action inside the section it belongs to."""
    return rx.cond(
        ProfileState.section == section,
        rx.box(error_alert(ProfileState.error), notice_box(ProfileState.notice), aria_live="polite", width="100%"),
    )


def _section(heading_key: str, section_id: str, *children: rx.Component) -> rx.Component:
    return rx.el.section(
        rx.heading(_T[heading_key], as_="h2", size="5", id=f"{section_id}-heading"),
        rx.vstack(*children, spacing="3", width="100%", padding_top="0.5rem"),
        aria_labelledby=f"{section_id}-heading",
        width="100%",
    )


def _account_section() -> rx.Component:
    return _section(
        "profile.account",
        "account",
        rx.data_list.root(
            rx.data_list.item(rx.data_list.label(_T["accounts.nif"]), rx.data_list.value(ProfileState.nif)),
            rx.data_list.item(rx.data_list.label(_T["accounts.full_name"]),
                              rx.data_list.value(ProfileState.full_name)),
        ),
        rx.cond(ProfileState.reviews_requests,
                rx.link(_T["profile.staff_requests"], href="/personal/solicitudes")),
    )


def _email_section() -> rx.Component:
    return _section(
        "profile.email_heading",
        "email",
        rx.text(_T["profile.email_current"], ": ",
                rx.cond(ProfileState.email != "", rx.text.strong(ProfileState.email), _T["profile.email_none"])),
        rx.cond(ProfileState.pending_email != "",
                rx.text(_T["profile.email_pending"].replace("{email}", ProfileState.pending_email))),
        _messages("email"),
        rx.form(
            rx.vstack(
                text_field("profile.email_new", FIELD_IDS["email"], "email", ProfileState, type="email",
                           auto_complete="email", required=True),
                rx.button(_T["profile.email_submit"], type="submit", loading=ProfileState.working),
                spacing="2",
                width="100%",
            ),
            on_submit=ProfileState.save_email,
            reset_on_submit=False,
        ),
    )


def _checkbox(name: str, field_id: str, label_key: str, checked: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.checkbox(id=field_id, name=name, default_checked=checked, key=checked.to_string()),
        rx.el.label(_T[label_key], html_for=field_id),
        spacing="2",
        align="center",
    )


def _contact_section() -> rx.Component:
    return _section(
        "profile.contact_heading",
        "contact",
        _messages("contact"),
        rx.form(
            rx.vstack(
                text_field("profile.phone", FIELD_IDS["phone"], "phone", ProfileState, "profile.phone_help",
                           type="tel", auto_complete="tel", default_value=ProfileState.phone,
                           key=ProfileState.phone),
                _checkbox("notify_by_email", "profile-notify-email", "profile.notify_email",
                          ProfileState.notify_by_email),
                _checkbox("notify_by_sms", FIELD_IDS["notify_by_sms"], "profile.notify_sms",
                          ProfileState.notify_by_sms),
                rx.button(_T["profile.contact_submit"], type="submit", loading=ProfileState.working),
                spacing="2",
                width="100%",
            ),
            on_submit=ProfileState.save_contact,
            reset_on_submit=False,
        ),
    )


def _password_section() -> rx.Component:
    return _section(
        "profile.password_heading",
        "password",
        _messages("password"),
        rx.form(
            rx.vstack(
                text_field("profile.current_password", FIELD_IDS["current_password"], "current_password",
                           ProfileState, type="password", auto_complete="current-password", required=True),
                text_field("reset.new_password", FIELD_IDS["new_password"], "new_password", ProfileState,
                           "accounts.password_help", type="password", auto_complete="new-password", required=True),
                text_field("accounts.password_repeat", FIELD_IDS["password_repeat"], "password_repeat",
                           ProfileState, type="password", auto_complete="new-password", required=True),
                rx.button(_T["profile.password_submit"], type="submit", loading=ProfileState.working),
                spacing="2",
                width="100%",
            ),
            on_submit=ProfileState.change_password,
            reset_on_submit=False,
        ),
    )


def profile_page() -> rx.Component:
    return page_frame(
        rx.heading(_T["profile.heading"], as_="h1", size="7"),
        rx.cond(
            ProfileState.loaded,
            rx.vstack(_account_section(), _email_section(), _contact_section(), _password_section(),
                      spacing="7", width="100%"),
        ),
    )
