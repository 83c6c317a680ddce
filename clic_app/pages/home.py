# SPDX-License-Identifier: EUPL-1.2
"""Home page of the electronic office."""

from __future__ import annotations

import reflex as rx

from clic_app.components import page_frame
from clic_app.state.session import SessionState

_T = SessionState.t


def _card(title_key: str, text_key: str, href: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(rx.link(_T[title_key], href=href), as_="h2", size="4"),
            rx.text(_T[text_key]),
        ),
        width="100%",
    )


def home_page() -> rx.Component:
    return page_frame(
        rx.heading(_T["home.heading"], as_="h1", size="7"),
        rx.text(_T["home.intro"], size="4"),
        rx.grid(
            _card("nav.census", "home.census_card", "/padron"),
            _card("nav.verify", "home.verify_card", "/verificar"),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="4",
            width="100%",
        ),
    )
