# SPDX-License-Identifier: EUPL-1.2
"""'/mis-accesos': "Quién ha accedido a mis datos", the reads of the holder's personal data."""

from __future__ import annotations

import reflex as rx

from clic_app.components import page_frame
from clic_app.state.audit import DataAccessState

_T = DataAccessState.t


def _access_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(row["when"]),
        rx.table.cell(row["who"]),
        rx.table.cell(row["roles"]),
        rx.table.cell(row["kind"]),
        rx.table.cell(row["what"]),
    )


def _access_table() -> rx.Component:
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                rx.table.column_header_cell(_T["data_access.when"]),
                rx.table.column_header_cell(_T["data_access.who"]),
                rx.table.column_header_cell(_T["data_access.roles"]),
                rx.table.column_header_cell(_T["data_access.kind"]),
                rx.table.column_header_cell(_T["data_access.what"]),
            )
        ),
        rx.table.body(rx.foreach(DataAccessState.rows, _access_row)),
        variant="surface",
        width="100%",
    )


def data_access_page() -> rx.Component:
    return page_frame(
        rx.heading(_T["data_access.heading"], as_="h1", size="7"),
        rx.text(_T["data_access.intro"]),
        rx.cond(
            DataAccessState.loaded,
            rx.cond(
                DataAccessState.rows.length() > 0,
                _access_table(),
                rx.callout(_T["data_access.empty"], icon="info", role="status", width="100%"),
            ),
        ),
    )
