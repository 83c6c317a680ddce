# SPDX-License-Identifier: EUPL-1.2
"""'/representacion' (my mandates, both ways) and '/personal/apoderamientos' (staff register)."""

from __future__ import annotations

import reflex as rx

from clic_app.components import error_alert, field_label, notice_box, page_frame
from clic_app.state.representation import (
    PROPOSE_FIELDS,
    REGISTER_FIELDS,
    REQUEST_FIELDS,
    SEARCH_FIELD_ID,
    RepresentationState,
    StaffMandatesState,
)

_T = RepresentationState.t
_R = RepresentationState
_S = StaffMandatesState
_INPUT_WIDTH = "24rem"


def _text_field(state, label_key: str, name: str, field_ids: dict[str, str], **props) -> rx.Component:
    field_id = field_ids[name]
    return rx.vstack(
        field_label(_T[label_key], field_id),
        rx.input(
            id=field_id,
            name=name,
            aria_invalid=rx.cond(state.error_field == name, "true", "false"),
            width="100%",
            max_width=_INPUT_WIDTH,
            **props,
        ),
        spacing="1",
        width="100%",
    )


def _radio(name: str, value: str, label: rx.Var, element_id: str, checked: bool = False) -> rx.Component:
    return rx.el.div(
        rx.el.input(type="radio", id=element_id, name=name, value=value, default_checked=checked),
        rx.el.label(label, html_for=element_id, style={"marginLeft": "0.4rem"}),
    )


def _procedure_checkbox(prefix: str, choice: rx.Var) -> rx.Component:
    element_id = f"{prefix}-procedure-" + choice["slug"].to(str)
    return rx.el.div(
        rx.el.input(type="checkbox", id=element_id, name="procedure-" + choice["code"].to(str), value="on"),
        rx.el.label(choice["label"], html_for=element_id, style={"marginLeft": "0.4rem"}),
        style={"marginLeft": "1.5rem"},
    )


def _scope_fieldset(state, prefix: str) -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(_T["representation.scope_legend"], style={"fontWeight": 600}),
        _radio("scope", "all", _T["representation.scope_all_option"], f"{prefix}-scope-all", checked=True),
        _radio("scope", "some", _T["representation.scope_some_option"], f"{prefix}-scope-some"),
        rx.foreach(state.procedure_choices, lambda choice: _procedure_checkbox(prefix, choice)),
        style={"border": "1px solid #c9d6e3", "borderRadius": "6px", "padding": "0.5rem 1rem"},
    )


def _period_fields(state, field_ids: dict[str, str], prefix: str) -> rx.Component:
    help_id = f"{prefix}-until-help"
    return rx.vstack(
        _text_field(state, "representation.valid_from", "valid_from", field_ids, type="date"),
        _text_field(state, "representation.valid_until", "valid_until", field_ids, type="date",
                    aria_describedby=help_id),
        rx.text(_T["representation.valid_until_help"], id=help_id, size="2"),
        spacing="2",
        width="100%",
    )


def _revoke_button(state, row: rx.Var) -> rx.Component:
    return rx.cond(
        row["can_revoke"] == "yes",
        rx.button(row["revoke_text"], on_click=state.revoke(row["id"]), aria_label=row["revoke_label"],
                  color_scheme="red", variant="soft", size="2"),
    )


def _mandate_actions(state, row: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.cond(
            row["can_accept"] == "yes",
            rx.button(_T["representation.accept"], on_click=state.accept(row["id"]),
                      aria_label=row["accept_label"], size="2"),
        ),
        _revoke_button(state, row),
        spacing="2",
    )


def _mandate_table(state, rows: rx.Var, first_column_key: str, first_column: str) -> rx.Component:
    def row_of(row: rx.Var) -> rx.Component:
        return rx.table.row(
            rx.table.row_header_cell(row[first_column]),
            rx.table.cell(row["scope"]),
            rx.table.cell(row["period"]),
            rx.table.cell(row["status"]),
            rx.table.cell(_mandate_actions(state, row)),
        )

    return rx.cond(
        rows.length() > 0,
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    rx.table.column_header_cell(_T[first_column_key]),
                    rx.table.column_header_cell(_T["representation.scope"]),
                    rx.table.column_header_cell(_T["representation.period"]),
                    rx.table.column_header_cell(_T["representation.status"]),
                    rx.table.column_header_cell(_T["representation.actions"]),
                )
            ),
            rx.table.body(rx.foreach(rows, row_of)),
            variant="surface",
            width="100%",
        ),
        rx.text(_T["representation.none"]),
    )


def _section(heading_key: str, *children: rx.Component) -> rx.Component:
    return rx.el.section(
        rx.heading(_T[heading_key], as_="h2", size="5"),
        rx.vstack(*children, spacing="3", width="100%"),
        width="100%",
    )


def _propose_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.text(_T["representation.propose_help"]),
            _text_field(_R, "representation.representative_nif", "representative_nif", PROPOSE_FIELDS,
                        required=True, auto_complete="off"),
            _scope_fieldset(_R, "propose"),
            _period_fields(_R, PROPOSE_FIELDS, "propose"),
            rx.button(_T["representation.propose_submit"], type="submit", size="3"),
            spacing="3",
            width="100%",
        ),
        on_submit=_R.propose,
        reset_on_submit=False,
        key="propose-" + _R.form_key.to(str),
    )


def _request_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.text(_T["representation.request_help"]),
            _text_field(_R, "representation.represented_nif", "represented_nif", REQUEST_FIELDS,
                        required=True, auto_complete="off"),
            _text_field(_R, "representation.represented_name", "represented_name", REQUEST_FIELDS,
                        required=True, auto_complete="off"),
            _scope_fieldset(_R, "request"),
            _period_fields(_R, REQUEST_FIELDS, "request"),
            rx.button(_T["representation.request_submit"], type="submit", size="3", variant="outline"),
            spacing="3",
            width="100%",
        ),
        on_submit=_R.request,
        reset_on_submit=False,
        key="request-" + _R.form_key.to(str),
    )


def representation_page() -> rx.Component:
    return page_frame(
        rx.heading(_T["representation.heading"], as_="h1", size="7"),
        rx.text(_T["representation.intro"]),
        error_alert(_R.error),
        rx.box(notice_box(_R.notice), aria_live="polite", width="100%"),
        rx.cond(
            _R.loaded,
            rx.vstack(
                _section("representation.as_representative",
                         _mandate_table(_R, _R.as_representative, "representation.party", "party")),
                _section("representation.as_represented",
                         _mandate_table(_R, _R.as_represented, "representation.representative", "representative")),
                _section("representation.propose_heading", _propose_form()),
                _section("representation.request_heading", _request_form()),
                spacing="6",
                width="100%",
            ),
        ),
    )


def _kind_fieldset() -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(_T["representation.represented_kind"], style={"fontWeight": 600}),
        _radio("represented_kind", "person", _T["party_kind.person"], "register-kind-person", checked=True),
        _radio("represented_kind", "company", _T["party_kind.company"], "register-kind-company"),
        style={"border": "1px solid #c9d6e3", "borderRadius": "6px", "padding": "0.5rem 1rem"},
    )


def _register_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            _text_field(_S, "representation.representative_nif", "representative_nif", REGISTER_FIELDS,
                        required=True, auto_complete="off"),
            _kind_fieldset(),
            _text_field(_S, "representation.represented_company_nif", "represented_nif", REGISTER_FIELDS,
                        required=True, auto_complete="off"),
            _text_field(_S, "representation.represented_party_name", "represented_name", REGISTER_FIELDS,
                        required=True, auto_complete="off"),
            _scope_fieldset(_S, "register"),
            _period_fields(_S, REGISTER_FIELDS, "register"),
            rx.button(_T["staff_mandates.register_submit"], type="submit", size="3"),
            spacing="3",
            width="100%",
        ),
        on_submit=_S.register,
        reset_on_submit=False,
        key="register-" + _S.form_key.to(str),
    )


def _staff_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(row["id"]),
        rx.table.cell(row["representative"]),
        rx.table.cell(row["party"]),
        rx.table.cell(row["scope"]),
        rx.table.cell(row["period"]),
        rx.table.cell(row["status"]),
        rx.table.cell(row["origin"]),
        rx.table.cell(_revoke_button(_S, row)),
    )


def _staff_list() -> rx.Component:
    headings = ("staff_mandates.id", "representation.representative", "representation.party",
                "representation.scope", "representation.period", "representation.status", "staff_mandates.origin",
                "representation.actions")
    return rx.vstack(
        rx.form(
            rx.hstack(
                field_label(_T["staff_mandates.search_nif"], SEARCH_FIELD_ID),
                rx.input(id=SEARCH_FIELD_ID, name="nif", default_value=_S.search_nif, auto_complete="off"),
                rx.button(_T["staff_mandates.search_submit"], type="submit", variant="outline"),
                align="center",
                wrap="wrap",
            ),
            on_submit=_S.search,
            reset_on_submit=False,
        ),
        rx.cond(
            _S.mandates.length() > 0,
            rx.table.root(
                rx.table.header(rx.table.row(*(rx.table.column_header_cell(_T[key]) for key in headings))),
                rx.table.body(rx.foreach(_S.mandates, _staff_row)),
                variant="surface",
                width="100%",
            ),
            rx.text(_T["representation.none"]),
        ),
        spacing="3",
        width="100%",
    )


def staff_mandates_page() -> rx.Component:
    return page_frame(
        rx.heading(_T["staff_mandates.heading"], as_="h1", size="7"),
        error_alert(_S.error),
        rx.box(notice_box(_S.notice), aria_live="polite", width="100%"),
        rx.cond(
            _S.allowed,
            rx.vstack(
                rx.text(_T["staff_mandates.intro"]),
                _section("staff_mandates.register_heading", _register_form()),
                _section("staff_mandates.search_heading", _staff_list()),
                spacing="6",
                width="100%",
            ),
        ),
    )
