# SPDX-License-Identifier: EUPL-1.2
"""'/personal/solicitudes': pending access requests, for registry clerks and administrators."""

from __future__ import annotations

import reflex as rx

from clic_app.components import error_alert, field_label, notice_box, page_frame
from clic_app.state.account_requests import AccountRequestsState

_T = AccountRequestsState.t


def _data(label_key: str, value: rx.Var) -> rx.Component:
    return rx.data_list.item(rx.data_list.label(_T[label_key]), rx.data_list.value(value))


def _reject_form(request: rx.Var) -> rx.Component:
    reason_id = "reason-" + request["id"]
    help_id = "reason-help-" + request["id"]
    return rx.form(
        rx.el.input(type="hidden", name="account_id", value=request["id"]),
        rx.vstack(
            field_label(_T["requests.reason"], reason_id),
            rx.text_area(id=reason_id, name="reason", aria_describedby=help_id, rows="2", width="100%",
                         max_width="36rem",
                         aria_invalid=rx.cond(AccountRequestsState.error_request == request["id"], "true", "false")),
            rx.text(_T["requests.reason_help"], id=help_id, size="2"),
            rx.button(_T["requests.reject"], type="submit", color_scheme="red", variant="outline"),
            spacing="1",
            width="100%",
        ),
        on_submit=AccountRequestsState.reject,
        reset_on_submit=False,
        width="100%",
    )


def _request_card(request: rx.Var) -> rx.Component:
    heading_id = "request-" + request["id"]
    return rx.card(
        rx.vstack(
            rx.heading(request["name"], as_="h2", size="4", id=heading_id),
            rx.cond(
                AccountRequestsState.error_request == request["id"],
                error_alert(AccountRequestsState.error),
            ),
            rx.data_list.root(
                _data("accounts.nif", request["nif"]),
                _data("accounts.email", request["email"]),
                _data("requests.requested_at", request["requested_at"]),
                _data("requests.confirmed_at", request["confirmed_at"]),
                _data("requests.census", request["census"]),
            ),
            rx.button(_T["requests.approve"], on_click=AccountRequestsState.approve(request["id"]),
                      color_scheme="green", aria_describedby=heading_id),
            _reject_form(request),
            spacing="3",
            width="100%",
        ),
        role="region",
        aria_labelledby=heading_id,
        width="100%",
    )


def account_requests_page() -> rx.Component:
    return page_frame(
        rx.heading(_T["requests.heading"], as_="h1", size="7"),
        rx.cond(AccountRequestsState.error_request == "", error_alert(AccountRequestsState.error)),
        rx.box(notice_box(AccountRequestsState.notice), aria_live="polite", width="100%"),
        rx.cond(
            AccountRequestsState.allowed,
            rx.vstack(
                rx.text(_T["requests.intro"]),
                rx.cond(
                    AccountRequestsState.requests.length() == 0,
                    rx.text(_T["requests.none"]),
                    rx.vstack(rx.foreach(AccountRequestsState.requests, _request_card), spacing="4", width="100%"),
                ),
                spacing="4",
                width="100%",
            ),
        ),
    )
