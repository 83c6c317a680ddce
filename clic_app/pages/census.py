# SPDX-License-Identifier: EUPL-1.2
"""'Mis datos de padrón': registration, household sheet and volante downloads."""

from __future__ import annotations

import reflex as rx

from clic_app.components import error_alert, notice_box, page_frame
from clic_app.state.census import CensusState

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
            rx.vstack(_person_section(), _members_section(), _volante_section(), spacing="6", width="100%"),
        ),
    )
