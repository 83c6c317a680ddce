# SPDX-License-Identifier: EUPL-1.2
"""Public page '/verificar': check a document by its CSV, no login needed."""

from __future__ import annotations

import reflex as rx

from clic_app.components import error_alert, field_label, page_frame
from clic_app.state.verification import CSV_FIELD_ID, VerificationState

_T = VerificationState.t


def _result() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(_T["verify.result"], as_="h2", size="5", color_scheme="green"),
            rx.cond(
                VerificationState.test_document,
                rx.callout(_T["verify.test_document"], icon="info", color_scheme="red"),
            ),
            rx.data_list.root(
                rx.data_list.item(rx.data_list.label("CSV"), rx.data_list.value(VerificationState.csv_display)),
                rx.data_list.item(
                    rx.data_list.label(_T["verify.kind"]), rx.data_list.value(VerificationState.kind_label)
                ),
                rx.data_list.item(
                    rx.data_list.label(_T["verify.issued_at"]), rx.data_list.value(VerificationState.issued_at)
                ),
                rx.data_list.item(
                    rx.data_list.label(_T["verify.sha256"]),
                    rx.data_list.value(rx.code(VerificationState.sha256, style={"wordBreak": "break-all"})),
                ),
            ),
            # Reflex renders anchors as router links, which would look for a page at the
            # API path; reloadDocument makes the browser fetch the file itself.
            rx.el.a(
                _T["verify.download"],
                href=VerificationState.download_url,
                download=True,
                custom_attrs={"reloadDocument": True},
                style={"color": "var(--accent-11)", "textDecoration": "underline", "fontWeight": 500},
            ),
            spacing="3",
        ),
        width="100%",
        role="region",
        aria_live="polite",
    )


def verification_page() -> rx.Component:
    return page_frame(
        rx.heading(_T["verify.heading"], as_="h1", size="7"),
        rx.text(_T["verify.intro"]),
        error_alert(VerificationState.error),
        rx.form(
            rx.vstack(
                field_label(_T["verify.csv"], CSV_FIELD_ID),
                rx.input(
                    id=CSV_FIELD_ID,
                    name="csv",
                    default_value=VerificationState.csv_input,
                    key=VerificationState.csv_input,
                    required=True,
                    auto_complete="off",
                    spell_check=False,
                    aria_describedby="verify-csv-help",
                    aria_invalid=rx.cond(VerificationState.error != "", "true", "false"),
                    width="100%",
                    max_width="28rem",
                    style={"textTransform": "uppercase", "fontFamily": "monospace"},
                ),
                rx.text(_T["verify.csv_help"], id="verify-csv-help", size="2"),
                rx.button(_T["verify.submit"], type="submit", size="3"),
                spacing="2",
            ),
            on_submit=VerificationState.check,
            reset_on_submit=False,
        ),
        rx.cond(VerificationState.found, _result()),
    )
