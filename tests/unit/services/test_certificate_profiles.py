# SPDX-License-Identifier: EUPL-1.2
"""Tests of reading certificates and the identities of the Spanish certificate profiles."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization

from clic_app.models import CertificateProfile
from clic_app.services.certificate_profiles import (
    MAX_CERTIFICATE_SIZE,
    describe_certificate,
    entity_nif,
    person_nif,
    read_certificate,
)
from clic_app.services.errors import InvalidInput
from tests import certfactory
from tests.conftest import SHARED_DIR

CERTIFICATES_DIR = SHARED_DIR / "certificates"
P = CertificateProfile

# The published test certificates and the identifiers each must yield.
SHARED_CERTIFICATES = {
    "fnmt-pf-eidas-99999999R-2020-2024.pem": (P.PERSONA_FISICA, "99999999R", None),
    "fnmt-pf-eidas-99999999R-2016-2020.pem": (P.PERSONA_FISICA, "99999999R", None),
    "fnmt-pf-reconocido-00000000T-2016-2020.pem": (P.PERSONA_FISICA, "00000000T", None),
    "fnmt-rep-admin-unico-00000000T-A99999989.pem": (P.REPRESENTANTE, "00000000T", "A99999989"),
    "fnmt-rep-pj-00000000T-A99999989.pem": (P.REPRESENTANTE, "00000000T", "A99999989"),
    "fnmt-rep-espj-00000000T-A99999989.pem": (P.REPRESENTANTE, "00000000T", "A99999989"),
    "fnmt-rep-admin-unico-00000000T-Q9999999G-revocado.pem": (P.REPRESENTANTE, "00000000T", "Q9999999G"),
    "fnmt-rep-pj-00000000T-Q9999999G-revocado.pem": (P.REPRESENTANTE, "00000000T", "Q9999999G"),
    "fnmt-rep-espj-00000000T-Q9999999G-revocado.pem": (P.REPRESENTANTE, "00000000T", "Q9999999G"),
    "fnmt-ap-empleado-publico-software-00000000T.pem": (P.EMPLEADO_PUBLICO, "00000000T", "Q0000000J"),
    "fnmt-ap-empleado-publico-tarjeta-00000000T.pem": (P.EMPLEADO_PUBLICO, "00000000T", "Q0000000J"),
    "fnmt-ap-sello-Q0000000J.pem": (P.SELLO, None, "Q0000000J"),
    "dnie-test-autenticacion-acdnie001-99999018D.pem": (P.DNIE, "99999018D", None),
    "dnie-test-firma-acdnie001-99999018D.pem": (P.DNIE, "99999018D", None),
    "dnie-test-autenticacion-acdnie004-99999018D.pem": (P.DNIE, "99999018D", None),
    "dnie-test-firma-acdnie004-99999018D.pem": (P.DNIE, "99999018D", None),
    "camerfirma-rep-pj-test-00000000T-R0599999J.pem": (P.REPRESENTANTE, "00000000T", "R0599999J"),
    "firmaprofesional-pf-test-PNOES-X9999999J.pem": (P.PERSONA_FISICA, "X9999999J", None),
    "izenpe-pf-test-99999990S.pem": (P.PERSONA_FISICA, "99999990S", None),
    # IDCFJ- is an identity card of Fiji in the ETSI form, not a Spanish NIF.
    "bewor-pf-test-IDCFJ-99999999R.pem": (P.PERSONA_FISICA, None, None),
    # 38864159X fails the DNI check letter.
    "anf-pf-test-clase2-firma.pem": (P.PERSONA_FISICA, None, None),
    "dgp-empleado-publico-test-autenticacion-99999139S.pem": (P.EMPLEADO_PUBLICO, "99999139S", "S2816015H"),
    "dgp-empleado-publico-test-firma-99999139S.pem": (P.EMPLEADO_PUBLICO, "99999139S", "S2816015H"),
    # Pseudonym certificates identify the employee by a number known to the body only.
    "dgp-empleado-publico-seudonimo-test-NIP800139.pem": (P.EMPLEADO_PUBLICO, None, "S2816015H"),
}
CA_CERTIFICATES = sorted(path.name for path in (CERTIFICATES_DIR / "ca").glob("*.pem"))


def _shared(name: str) -> bytes:
    return (CERTIFICATES_DIR / name).read_bytes()


def test_table_lists_every_shared_certificate():
    on_disk = {path.name for path in CERTIFICATES_DIR.glob("*.pem")}

    assert on_disk == set(SHARED_CERTIFICATES)


@pytest.mark.parametrize(("name", "expected"), sorted(SHARED_CERTIFICATES.items()))
def test_shared_certificate_identity(name, expected):
    profile, holder_nif, company_nif = expected

    identity = describe_certificate(read_certificate(_shared(name))).identity

    assert identity.profile is profile
    assert identity.holder_nif == holder_nif
    assert identity.entity_nif == company_nif


@pytest.mark.parametrize("name", CA_CERTIFICATES)
def test_ca_certificate_has_no_holder(name):
    identity = describe_certificate(read_certificate((CERTIFICATES_DIR / "ca" / name).read_bytes())).identity

    assert identity.profile is P.UNKNOWN
    assert identity.holder_nif is None


@pytest.mark.parametrize(
    ("name", "holder_name"),
    [
        ("fnmt-pf-eidas-99999999R-2020-2024.pem", "PRUEBAS EIDAS CERTIFICADO"),
        ("fnmt-rep-pj-00000000T-A99999989.pem", "PRUEBASPF APELLIDO1PF APELLIDO2PF"),
        ("dnie-test-autenticacion-acdnie001-99999018D.pem", "Ciudadano Ficticio Activo"),
        ("dnie-test-autenticacion-acdnie004-99999018D.pem", "Ciudadano Ficticio Activo"),
        ("fnmt-ap-empleado-publico-software-00000000T.pem", "JUAN ESPAÑOL ESPAÑOL"),
        ("fnmt-ap-sello-Q0000000J.pem", "Sello Pruebas eIDAS"),
    ],
)
def test_shared_certificate_holder_name(name, holder_name):
    assert describe_certificate(read_certificate(_shared(name))).identity.name == holder_name


def test_representative_company_name():
    identity = describe_certificate(read_certificate(_shared("fnmt-rep-pj-00000000T-A99999989.pem"))).identity

    assert identity.entity_name == "ENTIDAD 1 PRUEBAS"


def test_describe_listing_fields():
    facts = describe_certificate(read_certificate(_shared("fnmt-pf-eidas-99999999R-2020-2024.pem")))

    assert facts.issuer_name == "AC FNMT Usuarios"
    assert facts.subject.startswith("CN=EIDAS CERTIFICADO PRUEBAS - 99999999R,")
    assert "serialNumber=IDCES-99999999R" in facts.subject
    assert facts.not_after.isoformat().startswith("2024-11-05")
    assert len(facts.fingerprint_sha256) == 64


@pytest.mark.parametrize(
    ("factory", "profile", "holder", "company"),
    [
        (lambda ca: certfactory.persona_fisica(ca, "12345678Z"), P.PERSONA_FISICA, "12345678Z", None),
        (lambda ca: certfactory.representante(ca, "12345678Z", "B19603968"), P.REPRESENTANTE, "12345678Z",
         "B19603968"),
        (lambda ca: certfactory.dnie(ca, "12345678Z"), P.DNIE, "12345678Z", None),
        (lambda ca: certfactory.empleado_publico(ca, "12345678Z", "P9999901C"), P.EMPLEADO_PUBLICO, "12345678Z",
         "P9999901C"),
        (lambda ca: certfactory.sello(ca, "P9999901C"), P.SELLO, None, "P9999901C"),
    ],
)
def test_generated_profiles_read_like_real_ones(factory, profile, holder, company):
    ca = certfactory.CertificateAuthority.root()

    identity = describe_certificate(read_certificate(factory(ca).pem)).identity

    assert (identity.profile, identity.holder_nif, identity.entity_nif) == (profile, holder, company)


def test_read_der_and_pem_alike():
    pem_bytes = _shared("izenpe-pf-test-99999990S.pem")
    der = read_certificate(pem_bytes)

    assert read_certificate(der) == der


def test_read_first_of_several_pem_blocks():
    first, second = _shared("fnmt-pf-eidas-99999999R-2020-2024.pem"), _shared("izenpe-pf-test-99999990S.pem")

    der = read_certificate(first + second)

    assert der == read_certificate(first)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "certificate_required"),
        (b"not a certificate", "certificate_unreadable"),
        (b"-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n", "certificate_unreadable"),
        (b"0" * (MAX_CERTIFICATE_SIZE + 1), "certificate_too_large"),
    ],
)
def test_read_rejects(data, code):
    with pytest.raises(InvalidInput) as raised:
        read_certificate(data)

    assert raised.value.code == code
    assert raised.value.field == "certificate"


def test_read_rejects_truncated_der():
    der = read_certificate(_shared("izenpe-pf-test-99999990S.pem"))

    with pytest.raises(InvalidInput) as raised:
        read_certificate(der[: len(der) // 2])

    assert raised.value.code == "certificate_unreadable"


def test_read_accepts_crlf_pem():
    issued = certfactory.persona_fisica(certfactory.CertificateAuthority.root(), "12345678Z")

    der = read_certificate(issued.pem.replace(b"\n", b"\r\n"))

    assert der == issued.certificate.public_bytes(serialization.Encoding.DER)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("IDCES-99999999R", "99999999R"),
        ("99999999R", "99999999R"),
        ("PNOES-X9999999J", "X9999999J"),
        ("TINES-12345678Z", "12345678Z"),
        ("IDCFJ-99999999R", None),
        ("PASES-12345678Z", None),
        ("38864159X", None),
        ("", None),
        (None, None),
    ],
)
def test_person_nif(value, expected):
    assert person_nif(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("VATES-A99999989", "A99999989"), ("Q0000000J", "Q0000000J"), ("VATFR-A99999989", None), ("A99999988", None)],
)
def test_entity_nif(value, expected):
    assert entity_nif(value) == expected
