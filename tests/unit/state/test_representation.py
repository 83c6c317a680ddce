# SPDX-License-Identifier: EUPL-1.2
"""Tests of the representation screens' helpers: reading mandate forms and building table rows."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from clic_app.models import MandateStatus, Role, UserAccount
from clic_app.services.access import actor_for
from clic_app.services.demo_data import DEMO_CITIZEN_NIF, DEMO_STAFF_NIF
from clic_app.services.errors import InvalidInput
from clic_app.state.representation import mandate_row, terms_from_form
from tests.representation_builders import OUTSIDER_NIF, add_mandate


def _actor(session, nif: str):
    return actor_for(session, session.exec(select(UserAccount).where(UserAccount.nif == nif)).one())


def test_form_all_procedures():
    terms = terms_from_form({"scope": "all", "procedure-padron.volante": "on"})

    assert terms.all_procedures is True
    assert terms.valid_from is None
    assert terms.valid_until is None


def test_form_ticked_procedures():
    form = {"scope": "some", "procedure-padron.volante": "on", "procedure-padron.consulta": "on",
            "valid_from": "2027-01-01", "valid_until": "2027-12-31"}

    terms = terms_from_form(form)

    assert terms.all_procedures is False
    assert terms.procedures == ("padron.consulta", "padron.volante")
    assert terms.valid_from == date(2027, 1, 1)
    assert terms.valid_until == date(2027, 12, 31)


def test_form_invalid_date():
    with pytest.raises(InvalidInput) as caught:
        terms_from_form({"valid_until": "31/12/2027"})

    assert caught.value.field == "valid_until"


def test_row_for_represented_pending(session, demo_citizen):
    mandate = add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF, status=MandateStatus.PENDING,
                          procedures=("padron.volante",), name="Lucía Fernández Núñez")

    row = mandate_row(mandate, _actor(session, DEMO_CITIZEN_NIF), "es")

    assert row["id"] == str(mandate.id)
    assert row["status"] == "Pendiente de aceptación"
    assert row["scope"] == "Volantes de empadronamiento"
    assert row["party"] == f"Lucía Fernández Núñez ({DEMO_CITIZEN_NIF})"
    assert row["can_accept"] == "yes"
    assert row["can_revoke"] == "yes"
    assert row["revoke_text"] == "Revocar"


def test_row_for_representative_pending(session, demo_citizen):
    mandate = add_mandate(session, DEMO_CITIZEN_NIF, OUTSIDER_NIF, status=MandateStatus.PENDING)

    row = mandate_row(mandate, _actor(session, DEMO_CITIZEN_NIF), "en")

    assert row["can_accept"] == ""
    assert row["can_revoke"] == "yes"
    assert row["revoke_text"] == "Withdraw request"
    assert row["scope"] == "All procedures"


def test_row_expired_has_no_buttons(session, demo_citizen):
    mandate = add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF, expired=True)

    row = mandate_row(mandate, _actor(session, DEMO_CITIZEN_NIF), "es")

    assert row["status"] == "Caducado"
    assert row["can_accept"] == ""
    assert row["can_revoke"] == ""


def test_row_for_staff_may_revoke(session, demo_citizen):
    mandate = add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF)
    staff = _actor(session, DEMO_STAFF_NIF)

    row = mandate_row(mandate, staff, "es")

    assert Role.REGISTRY_CLERK in staff.roles
    assert row["can_revoke"] == "yes"
    assert row["revoke_text"] == "Revocar"
    assert row["origin"] == "Registrado por el ayuntamiento"
