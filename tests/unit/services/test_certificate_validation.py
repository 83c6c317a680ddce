# SPDX-License-Identifier: EUPL-1.2
"""Tests of certificate validation: chain to trusted CAs, dates, key usage and CRLs."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives import serialization

from clic_app.services.certificate_profiles import read_certificate
from clic_app.services.certificate_validation import TrustStore, load_trust_store, validate_certificate
from clic_app.services.errors import InvalidInput
from tests import certfactory
from tests.conftest import SHARED_DIR

MOMENT = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
NIF = "12345678Z"
SHARED_CERTIFICATES = SHARED_DIR / "certificates"


@pytest.fixture
def pki(tmp_path) -> certfactory.Pki:
    return certfactory.build_pki(tmp_path, MOMENT)


def _trust(pki: certfactory.Pki) -> TrustStore:
    return load_trust_store(pki.ca_dir, pki.crl_dir)


def _current(pki: certfactory.Pki, factory=certfactory.persona_fisica, **options) -> certfactory.Issued:
    options.setdefault("valid_from", MOMENT - timedelta(days=30))
    return factory(pki.intermediate, NIF, **options)


def _code(der: bytes, trust: TrustStore, moment: datetime = MOMENT) -> str:
    with pytest.raises(InvalidInput) as raised:
        validate_certificate(der, trust, moment)
    assert raised.value.field == "certificate"
    return raised.value.code


@pytest.mark.parametrize(
    "factory", [certfactory.persona_fisica, certfactory.dnie, certfactory.empleado_publico]
)
def test_valid_certificate_passes(pki, factory):
    validate_certificate(_current(pki, factory).der, _trust(pki), MOMENT)


def test_representative_passes(pki):
    issued = certfactory.representante(pki.intermediate, NIF, "B19603968", valid_from=MOMENT - timedelta(days=1))

    validate_certificate(issued.der, _trust(pki), MOMENT)


def test_no_trusted_ca_disables_login(pki, tmp_path):
    empty = load_trust_store(tmp_path / "missing", None)

    assert not empty.enabled
    assert _code(_current(pki).der, empty) == "certificate_login_disabled"


def test_expired_rejected_with_date(pki):
    issued = _current(pki, valid_from=MOMENT - timedelta(days=400), valid_until=MOMENT - timedelta(days=2))

    with pytest.raises(InvalidInput) as raised:
        validate_certificate(issued.der, _trust(pki), MOMENT)

    assert raised.value.code == "certificate_expired"
    assert raised.value.params == {"date": "28/02/2026"}


def test_not_yet_valid_rejected(pki):
    issued = _current(pki, valid_from=MOMENT + timedelta(days=1))

    assert _code(issued.der, _trust(pki)) == "certificate_not_yet_valid"


def test_other_ca_untrusted(pki):
    other = certfactory.CertificateAuthority.root("Otra CA", valid_from=MOMENT - timedelta(days=10))
    issued = certfactory.persona_fisica(other, NIF, valid_from=MOMENT - timedelta(days=1))

    assert _code(issued.der, _trust(pki)) == "certificate_untrusted"


def test_self_signed_untrusted(pki):
    assert _code(pki.root.der, _trust(pki)) == "certificate_untrusted"


def test_intermediate_alone_is_not_an_anchor(pki):
    (pki.ca_dir / "root.pem").unlink()

    trust = _trust(pki)

    assert not trust.enabled
    assert _code(_current(pki).der, trust) == "certificate_login_disabled"


def test_signing_only_certificate_rejected(pki):
    issued = _current(pki, certfactory.dnie, authentication=False)

    assert _code(issued.der, _trust(pki)) == "certificate_usage_invalid"


def test_expired_intermediate_rejected(tmp_path):
    root = certfactory.CertificateAuthority.root(valid_from=MOMENT - timedelta(days=900))
    intermediate = root.intermediate("Caducada", valid_from=MOMENT - timedelta(days=900),
                                     valid_until=MOMENT - timedelta(days=1))
    issued = certfactory.persona_fisica(intermediate, NIF, valid_from=MOMENT - timedelta(days=30))
    ca_dir = tmp_path / "ca"
    ca_dir.mkdir()
    (ca_dir / "bundle.pem").write_bytes(root.pem + intermediate.pem)

    assert _code(issued.der, load_trust_store(ca_dir, None)) == "certificate_issuer_expired"


def test_revoked_in_crl_rejected(pki):
    revoked = _current(pki)
    pki.write_crl(pki.intermediate.crl([revoked], this_update=MOMENT - timedelta(hours=2)))

    assert _code(revoked.der, _trust(pki)) == "certificate_revoked"


def test_unlisted_in_crl_passes(pki):
    revoked, unlisted = _current(pki), _current(pki)
    pki.write_crl(pki.intermediate.crl([revoked], this_update=MOMENT - timedelta(hours=2)))

    validate_certificate(unlisted.der, _trust(pki), MOMENT)


def test_revocation_unchecked_without_crl(pki):
    """Revocation is checked only against CRLs in the CRL folder, and nothing is fetched."""
    revoked = _current(pki)
    pki.write_crl(pki.root.crl([], this_update=MOMENT - timedelta(hours=2)), "root.crl")

    validate_certificate(revoked.der, _trust(pki), MOMENT)


def test_out_of_date_crl_rejects(pki):
    issued = _current(pki)
    pki.write_crl(pki.intermediate.crl([], this_update=MOMENT - timedelta(days=20),
                                       next_update=MOMENT - timedelta(days=13)))

    assert _code(issued.der, _trust(pki)) == "certificate_revocation_unknown"


def test_revoked_intermediate_rejected(pki):
    issued = _current(pki)
    pki.write_crl(pki.intermediate.crl([], this_update=MOMENT - timedelta(hours=2)))
    pki.write_crl(pki.root.crl([pki.intermediate], this_update=MOMENT - timedelta(hours=2)), "root.crl")

    assert _code(issued.der, _trust(pki)) == "certificate_revoked"


def test_der_files_read(pki):
    (pki.ca_dir / "root.pem").unlink()
    (pki.ca_dir / "root.cer").write_bytes(pki.root.der)
    revoked = _current(pki)
    crl = pki.intermediate.crl([revoked], this_update=MOMENT - timedelta(hours=2))
    (pki.crl_dir / "intermediate.crl").write_bytes(crl.public_bytes(serialization.Encoding.DER))

    trust = _trust(pki)

    assert (len(trust.roots), len(trust.intermediates), len(trust.crls)) == (1, 1, 1)
    assert _code(revoked.der, trust) == "certificate_revoked"


def test_unreadable_and_end_entity_files_skipped(pki, caplog):
    (pki.ca_dir / "notes.txt").write_text("not a certificate")
    (pki.ca_dir / "user.pem").write_bytes(_current(pki).pem)

    trust = _trust(pki)

    assert (len(trust.roots), len(trust.intermediates)) == (1, 1)
    assert "trust_file_skipped reason=unreadable file=notes.txt" in caplog.text
    assert "trusted_ca_skipped reason=not_a_ca" in caplog.text


def test_trust_store_reloads_changed_folder(pki):
    issued = _current(pki)
    assert _trust(pki).crls == ()

    pki.write_crl(pki.intermediate.crl([issued], this_update=MOMENT - timedelta(hours=2)))
    # Some file systems keep modification times to the second.
    later = time.time() + 2
    os.utime(pki.crl_dir / "intermediate.crl", (later, later))

    assert len(_trust(pki).crls) == 1
    assert _code(issued.der, _trust(pki)) == "certificate_revoked"


@pytest.fixture
def fnmt_trust() -> TrustStore:
    return load_trust_store(SHARED_CERTIFICATES / "ca", None)


@pytest.mark.parametrize(
    ("name", "moment"),
    [
        ("fnmt-pf-eidas-99999999R-2020-2024.pem", datetime(2022, 6, 1, tzinfo=UTC)),
        ("fnmt-pf-reconocido-00000000T-2016-2020.pem", datetime(2018, 6, 1, tzinfo=UTC)),
        ("fnmt-rep-pj-00000000T-A99999989.pem", datetime(2017, 6, 1, tzinfo=UTC)),
        ("fnmt-ap-empleado-publico-software-00000000T.pem", datetime(2018, 6, 1, tzinfo=UTC)),
    ],
)
def test_real_fnmt_chain_valid_then(fnmt_trust, name, moment):
    der = read_certificate((SHARED_CERTIFICATES / name).read_bytes())

    validate_certificate(der, fnmt_trust, moment)


def test_real_fnmt_certificate_expired_now(fnmt_trust):
    der = read_certificate((SHARED_CERTIFICATES / "fnmt-pf-eidas-99999999R-2016-2020.pem").read_bytes())

    assert _code(der, fnmt_trust, datetime(2022, 6, 1, tzinfo=UTC)) == "certificate_expired"


@pytest.mark.parametrize(
    "name", ["dnie-test-autenticacion-acdnie004-99999018D.pem", "dgp-empleado-publico-test-autenticacion-99999139S.pem"]
)
def test_real_certificate_of_other_ca_untrusted(fnmt_trust, name):
    der = read_certificate((SHARED_CERTIFICATES / name).read_bytes())

    assert _code(der, fnmt_trust, datetime(2018, 9, 1, tzinfo=UTC)) == "certificate_untrusted"



@pytest.mark.parametrize("name", sorted(path.name for path in SHARED_CERTIFICATES.glob("*.pem")))
def test_every_shared_certificate_gets_a_code(fnmt_trust, name):
    """Foreign and malformed extensions end in a coded rejection, never in a crash."""
    der = read_certificate((SHARED_CERTIFICATES / name).read_bytes())

    try:
        validate_certificate(der, fnmt_trust, datetime(2018, 9, 1, tzinfo=UTC))
    except InvalidInput as error:
        assert error.code.startswith("certificate_")
