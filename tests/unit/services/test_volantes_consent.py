# SPDX-License-Identifier: EUPL-1.2
"""Collective volantes under household consent and representation, read back with pdftotext."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlmodel import select

from clic_app.models import AuditAction, AuditEvent, HouseholdConsent, IssuedDocument, UserAccount, utcnow
from clic_app.services.access import actor_for
from clic_app.services.db import session_scope
from clic_app.services.demo_data import DEMO_CITIZEN_NIF
from clic_app.services.errors import PermissionDenied
from clic_app.services.pdf import render_volante
from clic_app.services.volantes import VolanteKind, issue_volante_for
from tests.pdfcheck import pdf_text
from tests.perf.samples import sample_content
from tests.representation_builders import (
    OUTSIDER_NIF,
    Family,
    account_for,
    add_mandate,
    demo_family,
    neighbour_person,
    outsider_account,
)

WITHHELD_ONE = "Además, consta inscrita en este domicilio 1 persona más que no ha autorizado"


@pytest.fixture
def family(runtime, demo_citizen) -> Family:
    with session_scope(runtime.engine) as session:
        return demo_family(session)


def _issue(runtime, user_nif: str, kind=VolanteKind.HOUSEHOLD, acting_for_nif: str | None = None) -> str:
    """Issue a volante as the account ``user_nif`` and return its text."""
    with session_scope(runtime.engine) as session:
        user = session.exec(select(UserAccount).where(UserAccount.nif == user_nif)).one()
        document = issue_volante_for(session, runtime, actor_for(session, user, acting_for_nif=acting_for_nif), kind)
    return pdf_text(runtime.store.path_for(document.sha256))


def _revoke_demo_consent(runtime, family: Family) -> None:
    with session_scope(runtime.engine) as session:
        consent = session.exec(
            select(HouseholdConsent).where(HouseholdConsent.grantor_person_id == family.stefan.id)
        ).one()
        consent.revoked_at = utcnow()
        session.add(consent)


def test_with_consent_lists_family(runtime, family):
    text = _issue(runtime, DEMO_CITIZEN_NIF)

    for person in (family.lucia, family.stefan, family.martin):
        assert person.full_name in text
        assert person.document_number in text
    assert "Además" not in text


def test_without_consent_counts_adult(runtime, family):
    _revoke_demo_consent(runtime, family)

    text = _issue(runtime, DEMO_CITIZEN_NIF)

    assert "Lucía Fernández Núñez" in text
    assert "Martín Popescu Fernández" in text
    assert "Ștefan" not in text
    assert family.stefan.document_number not in text
    assert WITHHELD_ONE in " ".join(text.split())


def test_partner_without_consent(runtime, family):
    with session_scope(runtime.engine) as session:
        account_for(session, family.stefan)

    text = _issue(runtime, family.stefan.document_number)

    assert "Ștefan Ionuț Popescu" in text
    assert "Martín Popescu Fernández" in text
    assert "Lucía" not in text
    assert DEMO_CITIZEN_NIF not in text
    assert WITHHELD_ONE in " ".join(text.split())


def test_individual_volante_states_no_count(runtime, family):
    _revoke_demo_consent(runtime, family)

    text = _issue(runtime, DEMO_CITIZEN_NIF, VolanteKind.INDIVIDUAL)

    assert "Lucía Fernández Núñez" in text
    assert "Martín" not in text
    assert "Además" not in text


def test_neighbour_volante_never_lists_family(runtime, family):
    with session_scope(runtime.engine) as session:
        neighbour = neighbour_person(session, family)
        account_for(session, neighbour)

    text = _issue(runtime, neighbour.document_number)

    assert neighbour.full_name in text
    for person in (family.lucia, family.stefan, family.martin):
        assert person.full_name not in text
        assert person.document_number not in text


def test_pdf_counts_several_people(tmp_path):
    content = replace(sample_content(0), withheld=3)
    path = tmp_path / "volante.pdf"
    path.write_bytes(render_volante(content))

    text = " ".join(pdf_text(path).split())

    assert "Además, constan inscritas en este domicilio 3 personas más que no han autorizado" in text


def test_representative_volante_of_represented(runtime, family):
    with session_scope(runtime.engine) as session:
        gestor_id = outsider_account(session).id
        add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF, procedures=("padron.volante",))

    text = _issue(runtime, OUTSIDER_NIF, acting_for_nif=DEMO_CITIZEN_NIF)

    with session_scope(runtime.engine) as session:
        document = session.exec(select(IssuedDocument)).one()
        (event,) = session.exec(select(AuditEvent).where(AuditEvent.action == AuditAction.DOCUMENT_ISSUED)).all()
    assert "Lucía Fernández Núñez" in text
    assert "Ștefan Ionuț Popescu" in text
    assert document.requested_by_user_id == gestor_id
    assert document.subject_person_id == family.lucia.id
    assert event.actor_user_id == gestor_id
    assert event.represented_nif == DEMO_CITIZEN_NIF
    assert event.object_id == str(document.id)


def test_representative_volante_out_of_scope(runtime, family):
    with session_scope(runtime.engine) as session:
        outsider_account(session)
        add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF, procedures=("padron.consulta",))

    with pytest.raises(PermissionDenied) as caught:
        _issue(runtime, OUTSIDER_NIF, acting_for_nif=DEMO_CITIZEN_NIF)

    with session_scope(runtime.engine) as session:
        issued = session.exec(select(IssuedDocument)).all()
    assert caught.value.code == "mandate_out_of_scope"
    assert issued == []


def test_own_volante_audited_without_represented(runtime, family):
    _issue(runtime, DEMO_CITIZEN_NIF)

    with session_scope(runtime.engine) as session:
        (event,) = session.exec(select(AuditEvent).where(AuditEvent.action == AuditAction.DOCUMENT_ISSUED)).all()
    assert event.represented_nif is None
    assert event.subject_person_id == family.lucia.id

