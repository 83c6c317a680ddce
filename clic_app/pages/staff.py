# SPDX-License-Identifier: EUPL-1.2
"""'/personal/cuentas': staff accounts, their roles, search, and creation of new ones."""

from __future__ import annotations

import reflex as rx

from clic_app.components import error_alert, field_label, notice_box, page_frame
from clic_app.state.staff import CREATE_FIELDS, SEARCH_NIF_ID, StaffAccountsState

_T = StaffAccountsState.t
_S = StaffAccountsState


def _invalid(field: str) -> rx.Var:
    return rx.cond(_S.error_field == field, "true", "false")


def _account_row(account: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(account["nif"]),
        rx.table.cell(account["name"]),
        rx.table.cell(account["roles"]),
        rx.table.cell(account["status"]),
        rx.table.cell(
            rx.button(
                _T["staff.manage"],
                on_click=_S.select(account["id"]),
                aria_label=account["manage_label"],
                variant="soft",
                size="2",
            )
        ),
    )


def _list_section() -> rx.Component:
    return rx.el.section(
        rx.heading(_T["staff.list_heading"], as_="h2", size="5"),
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    rx.table.column_header_cell(_T["staff.nif"]),
                    rx.table.column_header_cell(_T["staff.full_name"]),
                    rx.table.column_header_cell(_T["staff.roles"]),
                    rx.table.column_header_cell(_T["staff.status"]),
                    rx.table.column_header_cell(_T["staff.manage"]),
                )
            ),
            rx.table.body(rx.foreach(_S.accounts, _account_row)),
            variant="surface",
            width="100%",
        ),
        width="100%",
    )


def _role_button(row: rx.Var) -> rx.Component:
    return rx.button(
        row["label"],
        on_click=_S.toggle_role(row["role"]),
        # Revoking is drawn as a red outline: white text on Radix's solid red or blue
        # falls short of the 4.5:1 contrast that WCAG 2.1 AA requires.
        variant=rx.cond(row["held"] == "yes", "outline", "solid"),
        color_scheme=rx.cond(row["held"] == "yes", "red", "indigo"),
        size="2",
    )


def _selected_section() -> rx.Component:
    selected = _S.selected
    return rx.cond(
        _S.has_selection,
        rx.el.section(
            rx.heading(_T["staff.selected_heading"], as_="h2", size="5"),
            rx.data_list.root(
                rx.data_list.item(rx.data_list.label(_T["staff.account_id"]), rx.data_list.value(selected["id"])),
                rx.data_list.item(rx.data_list.label(_T["staff.nif"]), rx.data_list.value(selected["nif"])),
                rx.data_list.item(rx.data_list.label(_T["staff.full_name"]), rx.data_list.value(selected["name"])),
                rx.data_list.item(rx.data_list.label(_T["staff.email"]), rx.data_list.value(selected["email"])),
                rx.data_list.item(rx.data_list.label(_T["staff.roles"]), rx.data_list.value(selected["roles"])),
                rx.data_list.item(rx.data_list.label(_T["staff.status"]), rx.data_list.value(selected["status"])),
            ),
            rx.hstack(rx.foreach(_S.selected_roles, _role_button), wrap="wrap", spacing="3", padding_top="0.75rem"),
            rx.hstack(
                rx.cond(
                    selected["active"] == "yes",
                    rx.button(_T["staff.disable"], on_click=_S.set_enabled(False), color_scheme="red",
                              variant="outline", size="2"),
                    rx.button(_T["staff.enable"], on_click=_S.set_enabled(True), size="2"),
                ),
                rx.button(_T["staff.close"], on_click=_S.close_selected, variant="soft", size="2"),
                spacing="3",
                padding_top="0.75rem",
            ),
            width="100%",
        ),
    )


def _search_section() -> rx.Component:
    return rx.el.section(
        rx.heading(_T["staff.search_heading"], as_="h2", size="5"),
        rx.text(_T["staff.search_intro"]),
        rx.form(
            rx.hstack(
                rx.vstack(
                    field_label(_T["staff.nif"], SEARCH_NIF_ID),
                    rx.input(id=SEARCH_NIF_ID, name="nif", required=True, aria_invalid=_invalid("search_nif"),
                             max_length=20, width="14rem"),
                    spacing="1",
                ),
                rx.button(_T["staff.search_submit"], type="submit", size="2"),
                align="end",
                spacing="3",
                padding_top="0.5rem",
            ),
            on_submit=_S.search,
            reset_on_submit=False,
        ),
        width="100%",
    )


def _text_field(key: str, field: str, **props) -> rx.Component:
    return rx.vstack(
        field_label(_T[key], CREATE_FIELDS[field]),
        rx.input(id=CREATE_FIELDS[field], name=field, aria_invalid=_invalid(field), width="100%", max_width="28rem",
                 **props),
        spacing="1",
        width="100%",
    )


def _role_checkbox(choice: rx.Var) -> rx.Component:
    return rx.checkbox(choice["label"], name="role_" + choice["role"], id="staff-new-role-" + choice["role"])


def _create_section() -> rx.Component:
    return rx.el.section(
        rx.heading(_T["staff.create_heading"], as_="h2", size="5"),
        rx.form(
            rx.vstack(
                _text_field("staff.nif", "nif", required=True, max_length=20),
                _text_field("staff.full_name", "full_name", required=True, max_length=200, auto_complete="off"),
                _text_field("staff.email", "email", type="email", max_length=254, aria_describedby="staff-email-help"),
                rx.text(_T["staff.email_help"], id="staff-email-help", size="2"),
                rx.el.fieldset(
                    rx.el.legend(_T["staff.roles"], style={"fontWeight": 600}),
                    rx.hstack(rx.foreach(_S.role_choices, _role_checkbox), wrap="wrap", spacing="4"),
                    style={"border": "none", "padding": 0, "margin": 0},
                ),
                _text_field("staff.password", "password", type="password", auto_complete="new-password",
                            max_length=256, aria_describedby="staff-password-help"),
                rx.text(_T["staff.password_help"], id="staff-password-help", size="2"),
                rx.button(_T["staff.create_submit"], type="submit", loading=_S.working, size="3"),
                spacing="3",
                width="100%",
            ),
            on_submit=_S.create,
            reset_on_submit=False,
        ),
        width="100%",
    )


def staff_accounts_page() -> rx.Component:
    return page_frame(
        rx.heading(_T["staff.heading"], as_="h1", size="7"),
        error_alert(_S.error),
        rx.box(notice_box(_S.notice), aria_live="polite", width="100%"),
        rx.cond(
            _S.allowed,
            rx.vstack(
                rx.text(_T["staff.intro"]),
                _selected_section(),
                _list_section(),
                _search_section(),
                _create_section(),
                spacing="6",
                width="100%",
            ),
            rx.cond(_S.checked, rx.callout(_T["staff.admin_only"], icon="info", role="status", width="100%")),
        ),
    )
