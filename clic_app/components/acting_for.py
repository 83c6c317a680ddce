# SPDX-License-Identifier: EUPL-1.2
"""Header bar: 'Actuando en nombre de' with a selector to switch the represented party."""

from __future__ import annotations

import reflex as rx

from clic_app.state.representation import PARTY_SELECT_ID, ActingForState

_T = ActingForState.t
# An amber tint marks acting for someone else. Dark text on either tint keeps a
# contrast of 4.5:1 or more, which WCAG 2.1 AA requires for normal text.
_OTHER_PARTY_BACKGROUND, _SELF_BACKGROUND = "#fff4d6", "#eef3f8"


def _party_option(party: rx.Var) -> rx.Component:
    return rx.el.option(party["label"], value=party["nif"])


def _switch_form() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.el.label(_T["acting_for.select"], html_for=PARTY_SELECT_ID, style={"fontWeight": 600}),
            rx.el.select(
                rx.foreach(ActingForState.parties, _party_option),
                id=PARTY_SELECT_ID,
                name="party",
                default_value=ActingForState.acting_nif,
                key=ActingForState.acting_nif,
                style={"padding": "0.25rem", "maxWidth": "22rem"},
            ),
            rx.button(_T["acting_for.switch"], type="submit", variant="outline", size="2"),
            align="center",
            wrap="wrap",
            spacing="2",
        ),
        on_submit=ActingForState.switch,
        reset_on_submit=False,
    )


def _bar() -> rx.Component:
    return rx.el.section(
        rx.hstack(
            rx.text(
                _T["acting_for.label"],
                " ",
                rx.el.strong(ActingForState.acting_name),
                id="acting-for-current",
            ),
            rx.spacer(),
            rx.cond(ActingForState.can_switch, _switch_form()),
            align="center",
            wrap="wrap",
            width="100%",
        ),
        rx.cond(
            ActingForState.acting_error != "",
            rx.callout(ActingForState.acting_error, icon="triangle_alert", color_scheme="red", role="alert"),
        ),
        aria_label=_T["acting_for.region"],
        style={
            "background": rx.cond(ActingForState.acting_for_other, _OTHER_PARTY_BACKGROUND, _SELF_BACKGROUND),
            "borderTop": "1px solid #b0b8c0",
            "padding": "0.5rem 1.5rem",
        },
    )


def acting_for_bar() -> rx.Component:
    """Show whom the session acts for when it may act for someone else; loads on mount."""
    return rx.box(
        rx.cond(ActingForState.can_switch | ActingForState.acting_for_other, _bar()),
        on_mount=ActingForState.load_parties,
        width="100%",
    )
