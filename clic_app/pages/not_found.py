# SPDX-License-Identifier: EUPL-1.2
"""Page shown for an address that does not exist."""

from __future__ import annotations

import reflex as rx

from clic_app.components import page_frame
from clic_app.state.session import SessionState

_T = SessionState.t


def not_found_page() -> rx.Component:
    return page_frame(
        rx.heading(_T["not_found.heading"], as_="h1", size="7"),
        rx.text(_T["not_found.text"]),
        rx.link(_T["nav.home"], href="/"),
    )
