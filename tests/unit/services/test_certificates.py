# SPDX-License-Identifier: EUPL-1.2
"""Tests of associating certificates with accounts and of login with a certificate."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest
from sqlmodel import select

from clic_app.models import (
    AccountStatus,
    AuditAction,
    AuditEvent,
    CertificateProfile,
    UserCertificate,
)
from clic_app.services.access import actor_for
from clic_app.services.audit import verify_chain
from clic_app.services.certificate_validation import load_trust_store
from clic_app.services.certificates import (
    add_certificate,
    certificate_from_proxy,
    is_trusted_proxy,
    list_certificates,
    login_with_certificate,
    remove_certificate,
)
from clic_app.services.demo_data import DEMO_CITIZEN_NIF
from clic_app.services.errors import InvalidInput, NotAuthenticated, NotFound
from clic_app.services.identity import create_account, session_for_token
from tests import certfactory

MOMENT = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
LIFETIME = timedelta(hours=1)
ADDRESS = "192.0.2.20"
COMPANY_NIF = "B19603968"
OTHER_NIF = "71234567W"


@pytest.fixture
def pki(tmp_path) -> certfactory.Pki:
    return certfactory.build_pki(tmp_path, MOMENT)


@pytest.fixture
def trust(pki):
    return load_trust_store(pki.ca_dir, pki.crl_dir)


@pytest.fixture
def citizen(session, demo_citizen):
    return actor_for(session, demo_citizen, ADDRESS)


def _issue(pki, factory=certfactory.persona_fisica, *args, **options) -> certfactory.Issued:
    options.setdefault("valid_from", MOMENT - timedelta(days=30))
    return factory(pki.intermediate, *(args or (DEMO_CITIZEN_NIF,)), **options)


def _events(session, action: AuditAction) -> list[AuditEvent]:
    return session.exec(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.sequence)).all()


def test_add_stores_certificate(session, citizen, pki, trust):
    issued = _issue(pki)

    summary = add_certificate(session, citizen, issued.pem, trust, MOMENT)

    row = session.get(UserCertificate, summary.id)
    assert row.user_id == citizen.user.id
    assert row.profile is CertificateProfile.PERSONA_FISICA
    assert row.holder_nif == DEMO_CITIZEN_NIF
    assert row.der == issued.der
    assert summary.issuer_name == "CLIC Test Usuarios"
    assert summary.holder_name == "LUCÍA FERNÁNDEZ NÚÑEZ"


def test_add_is_audited(session, citizen, pki, trust):
    summary = add_certificate(session, citizen, _issue(pki).der, trust, MOMENT)

    event = _events(session, AuditAction.CERTIFICATE_ADDED)[-1]
    assert event.actor_user_id == citizen.user.id
    assert event.object_id == str(summary.id)
    assert json.loads(event.details)["fingerprint_sha256"] == summary.fingerprint_sha256
    assert verify_chain(session).intact


def test_add_representative_certificate(session, citizen, pki, trust):
    issued = _issue(pki, certfactory.representante, DEMO_CITIZEN_NIF, COMPANY_NIF)

    summary = add_certificate(session, citizen, issued.pem, trust, MOMENT)

    assert summary.profile is CertificateProfile.REPRESENTANTE
    assert summary.entity_nif == COMPANY_NIF
    assert summary.entity_name == "EMPRESA PRUEBAS SL"


@pytest.mark.parametrize(
    ("factory", "args", "code"),
    [
        (certfactory.persona_fisica, (OTHER_NIF,), "certificate_nif_mismatch"),
        (certfactory.representante, (OTHER_NIF, COMPANY_NIF), "certificate_nif_mismatch"),
        (certfactory.sello, ("P9999901C",), "certificate_no_nif"),
    ],
)
def test_add_requires_own_nif(session, citizen, pki, trust, factory, args, code):
    issued = _issue(pki, factory, *args)

    with pytest.raises(InvalidInput) as raised:
        add_certificate(session, citizen, issued.pem, trust, MOMENT)

    assert raised.value.code == code
    assert session.exec(select(UserCertificate)).all() == []


def test_add_dnie_authentication_certificate(session, citizen, pki, trust):
    summary = add_certificate(session, citizen, _issue(pki, certfactory.dnie).pem, trust, MOMENT)

    assert summary.profile is CertificateProfile.DNIE
    assert summary.holder_name == "LUCÍA FERNÁNDEZ NÚÑEZ"


def test_add_twice_rejected(session, citizen, pki, trust):
    issued = _issue(pki)
    add_certificate(session, citizen, issued.pem, trust, MOMENT)

    with pytest.raises(InvalidInput) as raised:
        add_certificate(session, citizen, issued.der, trust, MOMENT)

    assert raised.value.code == "certificate_already_associated"


@pytest.mark.parametrize(
    ("options", "code"),
    [
        ({"valid_from": MOMENT - timedelta(days=400), "valid_until": MOMENT - timedelta(days=1)},
         "certificate_expired"),
        ({"digital_signature": False}, "certificate_usage_invalid"),
    ],
)
def test_add_validates_certificate(session, citizen, pki, trust, options, code):
    with pytest.raises(InvalidInput) as raised:
        add_certificate(session, citizen, _issue(pki, **options).pem, trust, MOMENT)

    assert raised.value.code == code


def test_add_from_untrusted_ca_rejected(session, citizen, trust):
    other = certfactory.CertificateAuthority.root("Otra CA", valid_from=MOMENT - timedelta(days=10))
    issued = certfactory.persona_fisica(other, DEMO_CITIZEN_NIF, valid_from=MOMENT - timedelta(days=1))

    with pytest.raises(InvalidInput) as raised:
        add_certificate(session, citizen, issued.pem, trust, MOMENT)

    assert raised.value.code == "certificate_untrusted"


def test_list_shows_own_certificates_only(session, citizen, pki, trust):
    other_account = create_account(session, OTHER_NIF, "otra contraseña larga")
    other = actor_for(session, other_account)
    mine = add_certificate(session, citizen, _issue(pki).pem, trust, MOMENT)
    add_certificate(session, other, _issue(pki, certfactory.persona_fisica, OTHER_NIF).pem, trust, MOMENT)

    listed = list_certificates(session, citizen)

    assert [summary.id for summary in listed] == [mine.id]


def test_remove_deletes_and_audits(session, citizen, pki, trust):
    summary = add_certificate(session, citizen, _issue(pki).pem, trust, MOMENT)

    remove_certificate(session, citizen, summary.id)

    assert session.get(UserCertificate, summary.id) is None
    event = _events(session, AuditAction.CERTIFICATE_REMOVED)[-1]
    assert event.object_id == str(summary.id)
    assert json.loads(event.details)["fingerprint_sha256"] == summary.fingerprint_sha256


def test_remove_other_accounts_certificate_not_found(session, citizen, pki, trust):
    other = actor_for(session, create_account(session, OTHER_NIF, "otra contraseña larga"))
    theirs = add_certificate(session, other, _issue(pki, certfactory.persona_fisica, OTHER_NIF).pem, trust, MOMENT)

    with pytest.raises(NotFound) as raised:
        remove_certificate(session, citizen, theirs.id)

    assert raised.value.code == "certificate_not_found"
    assert session.get(UserCertificate, theirs.id) is not None


def test_remove_ends_sessions_opened_with_it(session, citizen, pki, trust):
    issued = _issue(pki)
    summary = add_certificate(session, citizen, issued.pem, trust, MOMENT)
    result = login_with_certificate(session, issued.der, ADDRESS, LIFETIME, trust, moment=MOMENT)

    remove_certificate(session, citizen, summary.id)

    with pytest.raises(NotAuthenticated):
        session_for_token(session, result.token)


def test_login_with_associated_certificate(session, citizen, pki, trust):
    issued = _issue(pki)
    summary = add_certificate(session, citizen, issued.pem, trust, MOMENT)

    result = login_with_certificate(session, issued.der, ADDRESS, LIFETIME, trust, moment=MOMENT)

    user, login_session = session_for_token(session, result.token)
    assert user.id == citizen.user.id
    assert login_session.certificate_id == summary.id
    assert login_session.acting_for_nif is None
    event = _events(session, AuditAction.LOGIN_SUCCESS)[-1]
    assert event.actor_user_id == citizen.user.id
    assert json.loads(event.details) == {"method": "certificate", "fingerprint_sha256": summary.fingerprint_sha256}


def test_login_with_representative_acts_for_company(session, citizen, pki, trust):
    issued = _issue(pki, certfactory.representante, DEMO_CITIZEN_NIF, COMPANY_NIF)
    add_certificate(session, citizen, issued.pem, trust, MOMENT)

    result = login_with_certificate(session, issued.der, ADDRESS, LIFETIME, trust, moment=MOMENT)

    _user, login_session = session_for_token(session, result.token)
    assert login_session.acting_for_nif == COMPANY_NIF
    assert _events(session, AuditAction.LOGIN_SUCCESS)[-1].represented_nif == COMPANY_NIF


def _login_code(session, der, trust, **options) -> str:
    with pytest.raises(NotAuthenticated) as raised:
        login_with_certificate(session, der, ADDRESS, LIFETIME, trust, **options)
    assert raised.value.field == "certificate"
    return raised.value.code


def test_login_unassociated_rejected_and_audited(session, citizen, pki, trust):
    issued = _issue(pki)

    code = _login_code(session, issued.der, trust, moment=MOMENT)

    assert code == "certificate_not_associated"
    session.rollback()
    event = _events(session, AuditAction.LOGIN_FAILURE)[-1]
    details = json.loads(event.details)
    assert details["code"] == "certificate_not_associated"
    assert details["fingerprint_sha256"] == hashlib.sha256(issued.der).hexdigest()
    assert event.client_address == ADDRESS


def test_login_revoked_rejected(session, citizen, pki, trust):
    issued = _issue(pki)
    add_certificate(session, citizen, issued.pem, trust, MOMENT)
    pki.write_crl(pki.intermediate.crl([issued], this_update=MOMENT - timedelta(hours=1)))

    code = _login_code(session, issued.der, load_trust_store(pki.ca_dir, pki.crl_dir), moment=MOMENT)

    assert code == "certificate_revoked"


def test_login_expired_rejected(session, citizen, pki, trust):
    issued = _issue(pki, valid_until=MOMENT + timedelta(days=1))
    add_certificate(session, citizen, issued.pem, trust, MOMENT)

    code = _login_code(session, issued.der, trust, moment=MOMENT + timedelta(days=2))

    assert code == "certificate_expired"


def test_login_inactive_account_rejected(session, citizen, pki, trust):
    issued = _issue(pki)
    add_certificate(session, citizen, issued.pem, trust, MOMENT)
    citizen.user.status = AccountStatus.DISABLED
    session.add(citizen.user)
    session.flush()

    assert _login_code(session, issued.der, trust, moment=MOMENT) == "certificate_account_inactive"


def test_login_rejected_by_proxy_rejected(session, citizen, pki, trust):
    issued = _issue(pki)
    add_certificate(session, citizen, issued.pem, trust, MOMENT)

    code = _login_code(session, issued.der, trust, moment=MOMENT, proxy_verified=False)

    assert code == "certificate_invalid"


def test_login_without_trusted_cas_disabled(session, citizen, pki, tmp_path):
    code = _login_code(session, _issue(pki).der, load_trust_store(tmp_path / "none", None), moment=MOMENT)

    assert code == "certificate_login_disabled"


def test_audit_chain_intact_after_logins(session, citizen, pki, trust):
    issued = _issue(pki)
    add_certificate(session, citizen, issued.pem, trust, MOMENT)
    login_with_certificate(session, issued.der, ADDRESS, LIFETIME, trust, moment=MOMENT)
    with pytest.raises(NotAuthenticated):
        login_with_certificate(session, _issue(pki).der, ADDRESS, LIFETIME, trust, moment=MOMENT)

    assert verify_chain(session).intact


@pytest.mark.parametrize(
    ("address", "proxies", "trusted"),
    [
        ("127.0.0.1", ("127.0.0.1",), True),
        ("10.0.0.7", ("10.0.0.0/24",), True),
        ("::1", ("127.0.0.1", "::1"), True),
        ("127.0.0.1", (), False),
        ("127.0.0.2", ("127.0.0.1",), False),
        ("testclient", ("127.0.0.1",), False),
        (None, ("127.0.0.1",), False),
        ("127.0.0.1", ("not-an-address",), False),
        ("127.0.0.1", ("not-an-address", "127.0.0.1"), True),
    ],
)
def test_is_trusted_proxy(address, proxies, trusted):
    assert is_trusted_proxy(address, proxies) is trusted


def test_certificate_from_proxy_decodes_escaped_pem(pki):
    issued = _issue(pki)

    der, verified = certificate_from_proxy(quote(issued.pem.decode(), safe=""), "SUCCESS")

    assert der == issued.der
    assert verified is True


def test_certificate_from_proxy_failed_verification(pki):
    issued = _issue(pki)

    _der, verified = certificate_from_proxy(quote(issued.pem.decode(), safe=""), "FAILED:certificate has expired")

    assert verified is False


@pytest.mark.parametrize(
    ("escaped", "status", "code"),
    [("", "NONE", "certificate_missing"), (None, None, "certificate_missing"), ("abc", "NONE", "certificate_missing"),
     ("abc", "SUCCESS", "certificate_unreadable")],
)
def test_certificate_from_proxy_rejects(escaped, status, code):
    with pytest.raises(NotAuthenticated) as raised:
        certificate_from_proxy(escaped, status)

    assert raised.value.code == code
