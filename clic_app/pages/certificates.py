# SPDX-License-Identifier: EUPL-1.2
"""'Mis certificados' page, and the certificate login section of the login page."""

from __future__ import annotations

import reflex as rx

from clic_app.components import error_alert, notice_box, page_frame
from clic_app.services.certificate_profiles import MAX_CERTIFICATE_SIZE
from clic_app.state.certificates import (
    CERTIFICATE_LINK_ID,
    LIST_HEADING_ID,
    UPLOAD_BUTTON_ID,
    UPLOAD_ID,
    CertificateLoginState,
    CertificatesState,
)

_T = CertificatesState.t
UPLOAD_HELP_ID = "certificate-upload-help"
# Browsers use these to filter the file dialog. The service checks the content anyway.
_ACCEPTED_FILES = {
    "application/pkix-cert": [".cer", ".crt"],
    "application/x-x509-ca-cert": [".cer", ".crt"],
    "application/x-pem-file": [".pem"],
}


def _upload_section() -> rx.Component:
    return rx.el.section(
        rx.heading(_T["certificates.upload_heading"], as_="h2", size="5"),
        rx.text(_T["certificates.upload_help"], id=UPLOAD_HELP_ID),
        # The label names the dropzone's file input, the first control inside it. A click
        # on the button does not activate the label, because the button is interactive.
        rx.el.label(
            rx.el.span(_T["certificates.upload_label"], style={"display": "block", "fontWeight": 600}),
            _upload_zone(),
        ),
    )


def _upload_zone() -> rx.Component:
    return rx.upload.root(
        rx.button(
            rx.cond(CertificatesState.working, _T["certificates.uploading"], _T["certificates.upload_button"]),
            id=UPLOAD_BUTTON_ID,
            type="button",
            # No loading state: a disabled button cannot take the focus that an error
            # moves back to it.
            aria_busy=CertificatesState.working,
            aria_describedby=UPLOAD_HELP_ID,
            size="3",
        ),
        id=UPLOAD_ID,
        multiple=False,
        max_files=1,
        max_size=MAX_CERTIFICATE_SIZE,
        accept=_ACCEPTED_FILES,
        no_keyboard=True,
        on_drop=CertificatesState.upload_certificate(rx.upload_files(upload_id=UPLOAD_ID)),
        on_drop_rejected=CertificatesState.reject_file,
    )


def _certificate_row(certificate: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(
            rx.text(certificate["holder"]),
            rx.cond(certificate["represents"] != "", rx.text(certificate["represents"], size="2")),
        ),
        rx.table.cell(certificate["profile"]),
        rx.table.cell(certificate["issuer"]),
        rx.table.cell(
            certificate["expires"],
            rx.cond(certificate["expired"] != "", rx.badge(certificate["expired"], color_scheme="red", ml="2")),
        ),
        rx.table.cell(
            rx.button(
                _T["certificates.remove"],
                on_click=CertificatesState.remove(certificate["id"]),
                aria_label=certificate["remove_label"],
                variant="outline",
                color_scheme="red",
                size="2",
            )
        ),
    )


def _list_section() -> rx.Component:
    return rx.el.section(
        rx.heading(_T["certificates.list_heading"], as_="h2", size="5", id=LIST_HEADING_ID, tab_index=-1),
        rx.cond(
            CertificatesState.certificates.length() > 0,
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell(_T["certificates.holder"]),
                        rx.table.column_header_cell(_T["certificates.profile"]),
                        rx.table.column_header_cell(_T["certificates.issuer"]),
                        rx.table.column_header_cell(_T["certificates.expires"]),
                        rx.table.column_header_cell(_T["certificates.actions"]),
                    )
                ),
                rx.table.body(rx.foreach(CertificatesState.certificates, _certificate_row)),
                variant="surface",
                width="100%",
            ),
            rx.text(_T["certificates.none"]),
        ),
    )


def certificates_page() -> rx.Component:
    return page_frame(
        rx.heading(_T["certificates.heading"], as_="h1", size="7"),
        rx.text(_T["certificates.intro"]),
        error_alert(CertificatesState.error),
        notice_box(CertificatesState.notice),
        # Nothing of the account shows until the guard has checked the session.
        rx.cond(CertificatesState.loaded, rx.fragment(_upload_section(), _list_section())),
    )


def certificate_login_section() -> rx.Component:
    """Build the 'Acceder con certificado' link, with the error of a failed certificate login."""
    login_t = CertificateLoginState.t
    return rx.el.section(
        rx.heading(login_t["login.certificate_heading"], as_="h2", size="5"),
        error_alert(CertificateLoginState.certificate_error),
        rx.text(login_t["login.certificate_intro"]),
        rx.link(
            login_t["login.certificate_link"],
            href=CertificateLoginState.certificate_login_url,
            # The browser must load the address from the server, through the proxy that
            # requests the certificate, instead of routing to it inside the page.
            reload_document=True,
            id=CERTIFICATE_LINK_ID,
            weight="bold",
            high_contrast=True,
        ),
        on_mount=CertificateLoginState.show_certificate_error,
        width="100%",
    )
