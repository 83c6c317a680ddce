# SPDX-License-Identifier: EUPL-1.2
"""Tests of acting for others: listed parties, switching, the mandate check and its audit trail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from clic_app.models import (
    AuditAction,
    AuditEvent,
    AuthSession,
    CertificateProfile,
    MandateStatus,
    PartyKind,
    UserAccount,
    UserCertificate,
    utcnow,
)
from clic_app.services.access import Actor, actor_for
from clic_app.services.acting_for import (
    check_mandate,
    parties_for,
    parties_for_token,
    represented_person_id,
    switch_party,
)
from clic_app.services.census import census_record_of
from clic_app.services.demo_data import DEMO_CITIZEN_NIF
from clic_app.services.errors import NotAuthenticated, NotFound, PermissionDenied
from clic_app.services.identity import open_session, session_for_token
from clic_app.services.procedures import Procedure
from clic_app.services.representation import today_in_madrid
from tests.representation_builders import COMPANY_CIF, OUTSIDER_NIF, add_mandate, outsider_account

COMPANY_SUBJECT = "CN=11111111H JUAN PRUEBA (R: B12345674),O=EJEMPLO SERVICIOS SL,C=ES"


@pytest.fixture
def gestor(session, demo_citizen) -> UserAccount:
    """An account with no padron record that represents others; made after the demo login commits."""
    return outsider_account(session)


def _acting(session, user: UserAccount, nif: str | None) -> Actor:
    return actor_for(session, user, acting_for_nif=nif)


def _certificate(session, user: UserAccount, *, expired: bool = False) -> UserCertificate:
    now = utcnow()
    certificate = UserCertificate(
        user_id=user.id,
        fingerprint_sha256="ab" * 32,
        subject=COMPANY_SUBJECT,
        issuer="CN=AC Representación,O=FNMT-RCM,C=ES",
        serial_number="1234",
        not_before=now - timedelta(days=400),
        not_after=now - timedelta(days=1) if expired else now + timedelta(days=400),
        profile=CertificateProfile.REPRESENTANTE,
        holder_nif=user.nif,
        entity_nif=COMPANY_CIF,
        der=b"not used by these tests",
    )
    session.add(certificate)
    session.flush()
    return certificate


def test_parties_self_only(session, gestor):
    parties = parties_for(session, _acting(session, gestor, None))

    assert [party.nif for party in parties] == [OUTSIDER_NIF]
    assert parties[0].is_self


def test_parties_list_authorised_mandates(session, gestor):
    add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF, name="Lucía Fernández Núñez")
    add_mandate(session, OUTSIDER_NIF, COMPANY_CIF, kind=PartyKind.COMPANY, name="Ejemplo SL")

    parties = parties_for(session, _acting(session, gestor, None))

    assert [party.nif for party in parties] == [OUTSIDER_NIF, COMPANY_CIF, DEMO_CITIZEN_NIF]
    assert parties[2].name == "Lucía Fernández Núñez"
    assert parties[1].kind is PartyKind.COMPANY


@pytest.mark.parametrize(
    "flags",
    [
        {"status": MandateStatus.PENDING},
        {"status": MandateStatus.REVOKED},
        {"expired": True},
        {"valid_from": today_in_madrid() + timedelta(days=1)},
    ],
    ids=["pending", "revoked", "expired", "not-yet-valid"],
)
def test_parties_skip_mandates_not_in_force(session, gestor, flags):
    add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF, **flags)

    parties = parties_for(session, _acting(session, gestor, None))

    assert [party.nif for party in parties] == [OUTSIDER_NIF]


def test_parties_one_entry_per_party(session, gestor):
    add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF, procedures=("padron.consulta",))
    add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF, procedures=("padron.volante",))

    parties = parties_for(session, _acting(session, gestor, None))

    assert [party.nif for party in parties] == [OUTSIDER_NIF, DEMO_CITIZEN_NIF]


def test_parties_of_citizen_named_from_padron(session, demo_citizen):
    parties = parties_for(session, _acting(session, demo_citizen, None))

    assert parties[0].name == "Lucía Fernández Núñez"


def test_parties_include_login_certificate_company(session, gestor):
    certificate = _certificate(session, gestor)

    with_certificate = parties_for(session, _acting(session, gestor, None), certificate_id=certificate.id)
    without = parties_for(session, _acting(session, gestor, None))

    assert [party.nif for party in with_certificate] == [OUTSIDER_NIF, COMPANY_CIF]
    assert with_certificate[1].name == "EJEMPLO SERVICIOS SL"
    assert with_certificate[1].via_certificate
    assert [party.nif for party in without] == [OUTSIDER_NIF]


def test_parties_honour_acting_party_set_by_login(session, gestor):
    _certificate(session, gestor)

    parties = parties_for(session, _acting(session, gestor, COMPANY_CIF))

    assert COMPANY_CIF in [party.nif for party in parties]


def test_parties_skip_expired_certificate(session, gestor):
    certificate = _certificate(session, gestor, expired=True)

    parties = parties_for(session, _acting(session, gestor, COMPANY_CIF), certificate_id=certificate.id)

    assert [party.nif for party in parties] == [OUTSIDER_NIF]


def test_switch_to_listed_party(session, gestor):
    add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF)
    token, _expires = open_session(session, gestor, timedelta(hours=1))

    party = switch_party(session, token, "12345678-z")

    _user, row = session_for_token(session, token)
    assert party.nif == DEMO_CITIZEN_NIF
    assert row.acting_for_nif == DEMO_CITIZEN_NIF


def test_switch_back_to_self(session, gestor):
    add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF)
    token, _expires = open_session(session, gestor, timedelta(hours=1))
    switch_party(session, token, DEMO_CITIZEN_NIF)

    party = switch_party(session, token, "")

    _user, row = session_for_token(session, token)
    assert party.is_self
    assert row.acting_for_nif is None


@pytest.mark.parametrize("status", [MandateStatus.PENDING, MandateStatus.REVOKED])
def test_switch_to_unlisted_party_denied(session, gestor, status):
    add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF, status=status)
    token, _expires = open_session(session, gestor, timedelta(hours=1))

    with pytest.raises(PermissionDenied) as caught:
        switch_party(session, token, DEMO_CITIZEN_NIF)

    _user, row = session_for_token(session, token)
    assert caught.value.code == "party_not_available"
    assert row.acting_for_nif is None


def test_switch_to_certificate_company(session, gestor):
    certificate = _certificate(session, gestor)
    token, _expires = open_session(session, gestor, timedelta(hours=1))
    _user, row = session_for_token(session, token)
    row.certificate_id = certificate.id

    party = switch_party(session, token, COMPANY_CIF)

    assert party.kind is PartyKind.COMPANY
    assert row.acting_for_nif == COMPANY_CIF


def test_switch_needs_valid_token(session, gestor):
    with pytest.raises(NotAuthenticated):
        switch_party(session, "not-a-token", DEMO_CITIZEN_NIF)


def test_parties_for_token_current_party(session, gestor):
    add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF)
    token, _expires = open_session(session, gestor, timedelta(hours=1))
    switch_party(session, token, DEMO_CITIZEN_NIF)

    parties, current = parties_for_token(session, token)

    assert len(parties) == 2
    assert current.nif == DEMO_CITIZEN_NIF


def test_check_mandate_self_needs_none(session, demo_citizen):
    assert check_mandate(session, _acting(session, demo_citizen, None), Procedure.CENSUS_VOLANTE) is None
    assert check_mandate(session, _acting(session, demo_citizen, DEMO_CITIZEN_NIF), Procedure.CENSUS_VOLANTE) is None


def test_check_mandate_in_scope(session, gestor):
    mandate = add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF, procedures=("padron.volante",))

    found = check_mandate(session, _acting(session, gestor, DEMO_CITIZEN_NIF), Procedure.CENSUS_VOLANTE)

    assert found.id == mandate.id


def test_check_mandate_all_procedures(session, gestor):
    add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF)

    for procedure in Procedure:
        assert check_mandate(session, _acting(session, gestor, DEMO_CITIZEN_NIF), procedure) is not None


@pytest.mark.parametrize(
    ("flags", "code"),
    [
        ({"procedures": ("padron.consulta",)}, "mandate_out_of_scope"),
        ({"expired": True}, "mandate_expired"),
        ({"status": MandateStatus.EXPIRED}, "mandate_expired"),
        ({"status": MandateStatus.REVOKED}, "mandate_revoked"),
        ({"status": MandateStatus.PENDING}, "mandate_pending"),
        ({"valid_from": today_in_madrid() + timedelta(days=3)}, "mandate_not_yet_valid"),
    ],
    ids=["out-of-scope", "past-end-date", "marked-expired", "revoked", "pending", "not-yet-valid"],
)
def test_check_mandate_denied(session, gestor, flags, code):
    add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF, **flags)

    with pytest.raises(PermissionDenied) as caught:
        check_mandate(session, _acting(session, gestor, DEMO_CITIZEN_NIF), Procedure.CENSUS_VOLANTE)

    assert caught.value.code == code
    assert caught.value.params["procedure"] == "padron.volante"


def test_check_mandate_missing(session, gestor):
    with pytest.raises(PermissionDenied) as caught:
        check_mandate(session, _acting(session, gestor, DEMO_CITIZEN_NIF), Procedure.CENSUS_READ)

    assert caught.value.code == "mandate_missing"


def test_check_mandate_other_representative_denied(session, gestor, demo_citizen):
    add_mandate(session, "22222222J", DEMO_CITIZEN_NIF)

    with pytest.raises(PermissionDenied) as caught:
        check_mandate(session, _acting(session, gestor, DEMO_CITIZEN_NIF), Procedure.CENSUS_READ)

    assert caught.value.code == "mandate_missing"


def test_check_mandate_prefers_live_one(session, gestor):
    add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF, status=MandateStatus.REVOKED)
    live = add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF)

    found = check_mandate(session, _acting(session, gestor, DEMO_CITIZEN_NIF), Procedure.CENSUS_READ)

    assert found.id == live.id


def test_check_mandate_certificate_company(session, gestor):
    _certificate(session, gestor)

    assert check_mandate(session, _acting(session, gestor, COMPANY_CIF), Procedure.CENSUS_READ) is None


def test_represented_company_has_no_census_record(session, gestor):
    add_mandate(session, OUTSIDER_NIF, COMPANY_CIF, kind=PartyKind.COMPANY)

    with pytest.raises(NotFound) as caught:
        represented_person_id(session, _acting(session, gestor, COMPANY_CIF), Procedure.CENSUS_READ)

    assert caught.value.code == "represented_no_census_record"


def test_represented_person_id(session, gestor, demo_citizen):
    add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF)

    person_id = represented_person_id(session, _acting(session, gestor, DEMO_CITIZEN_NIF), Procedure.CENSUS_READ)

    assert person_id == demo_citizen.person_id


def test_census_read_for_other_audited(session, gestor, demo_citizen):
    add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF)
    actor = _acting(session, gestor, DEMO_CITIZEN_NIF)

    record = census_record_of(session, actor)

    (event,) = session.exec(select(AuditEvent).where(AuditEvent.action == AuditAction.PERSONAL_DATA_READ)).all()
    assert record.person.document_number == DEMO_CITIZEN_NIF
    assert event.actor_user_id == gestor.id
    assert event.represented_nif == DEMO_CITIZEN_NIF
    assert event.subject_person_id == demo_citizen.person_id


def test_census_read_for_self_not_audited(session, demo_citizen):
    census_record_of(session, _acting(session, demo_citizen, None))

    events = session.exec(select(AuditEvent).where(AuditEvent.action == AuditAction.PERSONAL_DATA_READ)).all()
    assert events == []


def test_census_read_denied_out_of_scope(session, gestor):
    add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF, procedures=("padron.volante",))

    with pytest.raises(PermissionDenied) as caught:
        census_record_of(session, _acting(session, gestor, DEMO_CITIZEN_NIF))

    assert caught.value.code == "mandate_out_of_scope"


def test_session_rows_untouched_by_reads(session, gestor):
    add_mandate(session, OUTSIDER_NIF, DEMO_CITIZEN_NIF)
    open_session(session, gestor, timedelta(hours=1))

    parties_for(session, _acting(session, gestor, None))

    rows = session.exec(select(AuthSession).where(AuthSession.user_id == gestor.id)).all()
    assert [row.acting_for_nif for row in rows] == [None]
