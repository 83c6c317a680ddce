# SPDX-License-Identifier: EUPL-1.2
"""Page frame shared by every screen: skip link, header, navigation, main, footer."""

from __future__ import annotations

import reflex as rx

from clic_app.components.acting_for import acting_for_bar
from clic_app.state.session import SessionState

MAIN_ID = "contenido"
_T = SessionState.t


def _nav_link(key: str, href: str) -> rx.Component:
    # Radix's link lightens under the pointer below the 4.5:1 contrast of WCAG 1.4.3,
    # so header links take their colours from clic.css instead.
    return rx.el.li(rx.el.a(_T[key], href=href, class_name="nav-link"))


def _header() -> rx.Component:
    return rx.el.header(
        rx.hstack(
            rx.vstack(
                rx.text(SessionState.council_name, weight="bold", size="4"),
                rx.text(_T["app.title"], size="2"),
                spacing="0",
            ),
            rx.spacer(),
            rx.el.nav(
                rx.el.ul(
                    _nav_link("nav.home", "/"),
                    _nav_link("nav.census", "/padron"),
                    _nav_link("nav.verify", "/verificar"),
                    rx.cond(
                        SessionState.logged_in & ~SessionState.is_staff,
                        _nav_link("nav.my_data_access", "/mis-accesos"),
                    ),
                    rx.cond(SessionState.is_administrator, _nav_link("nav.staff", "/personal/cuentas")),
                    rx.cond(SessionState.logged_in, _nav_link("nav.representation", "/representacion")),
                    rx.cond(
                        SessionState.is_registry_staff, _nav_link("nav.staff_mandates", "/personal/apoderamientos")
                    ),
                    rx.el.li(
                        rx.cond(
                            SessionState.logged_in,
                            rx.el.a(_T["nav.profile"], href="/perfil", class_name="nav-link"),
                            rx.el.a(_T["nav.register"], href="/registro", class_name="nav-link"),
                        )
                    ),
                    rx.cond(SessionState.logged_in, _nav_link("nav.certificates", "/perfil/certificados")),
                    rx.el.li(
                        rx.cond(
                            SessionState.logged_in,
                            rx.button(_T["nav.logout"], on_click=SessionState.log_out, variant="soft", size="2"),
                            rx.el.a(_T["nav.login"], href="/login", class_name="nav-link"),
                        )
                    ),
                    rx.el.li(
                        rx.button(
                            _T["nav.language"],
                            on_click=SessionState.switch_language,
                            variant="outline",
                            size="2",
                            lang=SessionState.other_language,
                            title=_T["nav.language_label"],
                        )
                    ),
                    style={"display": "flex", "gap": "1.25rem", "alignItems": "center", "listStyle": "none",
                           "flexWrap": "wrap", "margin": 0, "padding": 0},
                ),
                aria_label=_T["nav.main"],
            ),
            align="center",
            wrap="wrap",
            width="100%",
            padding="1rem 1.5rem",
        ),
        rx.cond(SessionState.logged_in, acting_for_bar()),
        style={"borderBottom": "3px solid #00467f"},
    )


def page_frame(*children: rx.Component) -> rx.Component:
    """Wrap a page's content in the portal frame, in the visitor's language."""
    return rx.box(
        rx.el.a(
            _T["app.skip_to_content"],
            href=f"#{MAIN_ID}",
            class_name="skip-link",
        ),
        _header(),
        rx.el.main(
            rx.container(rx.vstack(*children, spacing="5", width="100%"), size="3", padding_y="2rem"),
            id=MAIN_ID,
            tab_index=-1,
        ),
        rx.el.footer(
            rx.text(_T["footer.text"], size="2"),
            style={"borderTop": "1px solid #ccc", "padding": "1rem 1.5rem", "marginTop": "2rem"},
        ),
        lang=SessionState.language,
        on_mount=SessionState.refresh_session,
    )


def error_alert(message: rx.Var) -> rx.Component:
    """Show ``message`` in an alert that screen readers announce as soon as it appears."""
    return rx.cond(
        message != "",
        rx.callout(message, icon="triangle_alert", color_scheme="red", role="alert", width="100%"),
    )


def notice_box(message: rx.Var) -> rx.Component:
    return rx.cond(
        message != "",
        # High contrast, because Radix's green callout text measured 4.28:1 on its
        # background with axe-core 4, below the 4.5:1 of WCAG 2.1 (1.4.3).
        rx.callout(message, icon="circle_check", color_scheme="green", role="status", width="100%",
                   high_contrast=True),
    )


def field_label(text: rx.Var, html_for: str) -> rx.Component:
    return rx.el.label(text, html_for=html_for, style={"fontWeight": 600})
