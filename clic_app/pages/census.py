# SPDX-License-Identifier: EUPL-1.2
"""'Mis datos de padrón': registration, household sheet and volante downloads."""

from __future__ import annotations

import reflex as rx

from clic_app.components import error_alert, notice_box, page_frame
from clic_app.state.census import CensusState
from clic_app.state.consent import ConsentState

_T = CensusState.t


def _data_row(label_key: str, value: rx.Var) -> rx.Component:
    return rx.data_list.item(rx.data_list.label(_T[label_key]), rx.data_list.value(value))


def _person_section() -> rx.Component:
    return rx.el.section(
        rx.heading(_T["census.person"], as_="h2", size="5"),
        rx.data_list.root(
            _data_row("census.name", CensusState.person["name"]),
            _data_row("census.document", CensusState.person["document"]),
            _data_row("census.birth_date", CensusState.person["birth_date"]),
            _data_row("census.nationality", CensusState.person["nationality"]),
            _data_row("census.address", CensusState.address),
            _data_row("census.sheet", CensusState.sheet_number),
            _data_row("census.member_since", CensusState.person["since"]),
        ),
        aria_labelledby="person-heading",
    )


def _member_row(member: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(member["name"]),
        rx.table.cell(member["document"]),
        rx.table.cell(member["birth_date"]),
        rx.table.cell(member["nationality"]),
        rx.table.cell(member["since"]),
    )


def _members_section() -> rx.Component:
    return rx.el.section(
        rx.heading(_T["census.members"], as_="h2", size="5"),
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    rx.table.column_header_cell(_T["census.member_name"]),
                    rx.table.column_header_cell(_T["census.document"]),
                    rx.table.column_header_cell(_T["census.member_birth"]),
                    rx.table.column_header_cell(_T["census.nationality"]),
                    rx.table.column_header_cell(_T["census.member_since"]),
                )
            ),
            rx.table.body(rx.foreach(CensusState.members, _member_row)),
            variant="surface",
            width="100%",
        ),
        rx.cond(CensusState.withheld_note != "", rx.text(CensusState.withheld_note, padding_top="0.5rem")),
    )


def _housemate_row(housemate: rx.Var) -> rx.Component:
    # A plain cell, not a row header, so that the name heads only one row of the page.
    return rx.table.row(
        rx.table.cell(housemate["name"]),
        rx.table.cell(housemate["granted_text"]),
        rx.table.cell(housemate["received"]),
        rx.table.cell(
            rx.cond(
                housemate["granted"] == "yes",
                rx.button(_T["consent.revoke"], on_click=ConsentState.revoke(housemate["member_id"]),
                          aria_label=housemate["revoke_label"], color_scheme="red", variant="soft", size="2"),
                rx.button(_T["consent.grant"], on_click=ConsentState.grant(housemate["member_id"]),
                          aria_label=housemate["grant_label"], size="2"),
            )
        ),
    )


def _housemates_table() -> rx.Component:
    return rx.cond(
        ConsentState.housemates.length() > 0,
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    rx.table.column_header_cell(_T["consent.housemate"]),
                    rx.table.column_header_cell(_T["consent.granted"]),
                    rx.table.column_header_cell(_T["consent.received"]),
                    rx.table.column_header_cell(_T["representation.actions"]),
                )
            ),
            rx.table.body(rx.foreach(ConsentState.housemates, _housemate_row)),
            variant="surface",
            width="100%",
        ),
        rx.text(_T["consent.none"]),
    )


def _consent_section() -> rx.Component:
    """Consent between adults of the sheet; it loads itself, after the page guard has run."""
    return rx.box(
        rx.cond(
            ConsentState.loaded,
            rx.el.section(
                rx.vstack(
                    rx.heading(_T["consent.heading"], as_="h2", size="5", id="consent-heading"),
                    rx.text(_T["consent.intro"]),
                    error_alert(ConsentState.error),
                    rx.box(notice_box(ConsentState.notice), aria_live="polite", width="100%"),
                    rx.cond(ConsentState.viewer_is_adult, _housemates_table(), rx.text(_T["consent.minor"])),
                    spacing="3",
                    width="100%",
                ),
                aria_labelledby="consent-heading",
            ),
        ),
        on_mount=ConsentState.load,
        width="100%",
    )


def _volante_section() -> rx.Component:
    return rx.el.section(
        rx.heading(_T["census.volante_heading"], as_="h2", size="5"),
        rx.text(_T["census.volante_intro"]),
        rx.hstack(
            rx.button(
                _T["census.volante_individual"],
                on_click=CensusState.issue("individual"),
                loading=CensusState.issuing,
                size="3",
            ),
            rx.button(
                _T["census.volante_household"],
                on_click=CensusState.issue("household"),
                loading=CensusState.issuing,
                size="3",
                variant="outline",
            ),
            wrap="wrap",
            spacing="3",
            padding_top="0.75rem",
        ),
        rx.box(notice_box(CensusState.notice), aria_live="polite", padding_top="0.75rem"),
    )


def census_page() -> rx.Component:
    return page_frame(
        rx.heading(_T["census.heading"], as_="h1", size="7"),
        error_alert(CensusState.error),
        rx.cond(
            CensusState.loaded,
            rx.vstack(
                _person_section(), _members_section(), _volante_section(), _consent_section(),
                spacing="6", width="100%",
            ),
        ),
    )
