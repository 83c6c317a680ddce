# SPDX-License-Identifier: EUPL-1.2
"""Test PKI: a root CA, intermediates and end-entity certificates in the Spanish profiles.

Certificates carry the fields that FNMT, the DNIe and the public-sector profiles put in
real ones (serialNumber ``IDCES-…``, subjectAltName directoryName attributes, policies),
so that CLIC reads them as it reads the real test certificates. Keys are ECDSA P-256,
because generating them is fast.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from ipaddress import ip_address
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

from clic_app.models import utcnow

FNMT_PERSON_POLICY = "1.3.6.1.4.1.5734.3.10.1"
FNMT_REPRESENTATIVE_POLICY = "1.3.6.1.4.1.5734.3.11.2"
DNIE_AUTHENTICATION_POLICY = "2.16.724.1.2.2.2.4"
DNIE_SIGNING_POLICY = "2.16.724.1.2.2.2.3"
EMPLOYEE_POLICY = "2.16.724.1.3.5.7.2"
SEAL_POLICY = "2.16.724.1.3.5.6.2"
_FNMT_SAN = "1.3.6.1.4.1.5734.1."


@dataclass(frozen=True)
class Issued:
    """A certificate with its private key."""

    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @property
    def der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def write(self, folder: Path, name: str) -> tuple[Path, Path]:
        """Write ``name.pem`` and ``name.key`` (unencrypted PKCS#8) and return their paths."""
        folder.mkdir(parents=True, exist_ok=True)
        certificate_path, key_path = folder / f"{name}.pem", folder / f"{name}.key"
        certificate_path.write_bytes(self.pem)
        key_path.write_bytes(
            self.key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        return certificate_path, key_path


class CertificateAuthority(Issued):
    """A CA that issues intermediates, end-entity certificates and CRLs."""

    @classmethod
    def root(cls, name: str = "CLIC Test Root CA", valid_from: datetime | None = None,
             valid_until: datetime | None = None) -> CertificateAuthority:
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "ES"),
                             x509.NameAttribute(NameOID.ORGANIZATION_NAME, "CLIC pruebas"),
                             x509.NameAttribute(NameOID.COMMON_NAME, name)])
        builder = _builder(subject, subject, key.public_key(), valid_from, valid_until, years=20)
        certificate = _with_ca_extensions(builder, key.public_key(), key.public_key()).sign(key, hashes.SHA256())
        return cls(certificate, key)

    def intermediate(self, name: str, valid_from: datetime | None = None,
                     valid_until: datetime | None = None) -> CertificateAuthority:
        """Issue a subordinate CA called ``name``."""
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "ES"),
                             x509.NameAttribute(NameOID.ORGANIZATION_NAME, "CLIC pruebas"),
                             x509.NameAttribute(NameOID.COMMON_NAME, name)])
        builder = _builder(subject, self.certificate.subject, key.public_key(), valid_from, valid_until, years=10)
        certificate = _with_ca_extensions(builder, key.public_key(), self.key.public_key())
        return CertificateAuthority(certificate.sign(self.key, hashes.SHA256()), key)

    def issue(
        self,
        subject: x509.Name,
        *,
        directory_name: Iterable[tuple[str, str]] = (),
        dns_names: Iterable[str] = (),
        ip_addresses: Iterable[str] = (),
        policies: Iterable[str] = (),
        digital_signature: bool = True,
        server: bool = False,
        valid_from: datetime | None = None,
        valid_until: datetime | None = None,
    ) -> Issued:
        """Issue an end-entity certificate. ``directory_name`` lists (OID, value) pairs of the SAN."""
        key = ec.generate_private_key(ec.SECP256R1())
        builder = _builder(subject, self.certificate.subject, key.public_key(), valid_from, valid_until, years=2)
        builder = builder.add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        builder = builder.add_extension(_key_usage(digital_signature), critical=True)
        usage = ExtendedKeyUsageOID.SERVER_AUTH if server else ExtendedKeyUsageOID.CLIENT_AUTH
        builder = builder.add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
        builder = _with_key_identifiers(builder, key.public_key(), self.key.public_key())

        alternative_names = _alternative_names(directory_name, dns_names, ip_addresses)
        if alternative_names:
            builder = builder.add_extension(x509.SubjectAlternativeName(alternative_names), critical=False)
        policy_list = [x509.PolicyInformation(ObjectIdentifier(oid), None) for oid in policies]
        if policy_list:
            builder = builder.add_extension(x509.CertificatePolicies(policy_list), critical=False)
        return Issued(builder.sign(self.key, hashes.SHA256()), key)

    def crl(self, revoked: Iterable[Issued] = (), this_update: datetime | None = None,
            next_update: datetime | None = None) -> x509.CertificateRevocationList:
        """Return a CRL of this CA listing ``revoked``."""
        this_update = this_update or utcnow() - timedelta(hours=1)
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.certificate.subject)
            .last_update(this_update)
            .next_update(next_update or this_update + timedelta(days=7))
            .add_extension(x509.CRLNumber(1), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()), critical=False)
        )
        for issued in revoked:
            entry = (
                x509.RevokedCertificateBuilder()
                .serial_number(issued.certificate.serial_number)
                .revocation_date(this_update - timedelta(minutes=5))
                .build()
            )
            builder = builder.add_revoked_certificate(entry)
        return builder.sign(self.key, hashes.SHA256())


def persona_fisica(ca: CertificateAuthority, nif: str, given_name: str = "LUCÍA",
                   surnames: tuple[str, str] = ("FERNÁNDEZ", "NÚÑEZ"), **options) -> Issued:
    """An FNMT persona física certificate in the eIDAS profile (serialNumber IDCES-<NIF>)."""
    subject = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ES"),
        x509.NameAttribute(NameOID.SERIAL_NUMBER, f"IDCES-{nif}"),
        x509.NameAttribute(NameOID.GIVEN_NAME, given_name),
        x509.NameAttribute(NameOID.SURNAME, " ".join(surnames)),
        x509.NameAttribute(NameOID.COMMON_NAME, f"{' '.join(surnames)} {given_name} - {nif}"),
    ])
    directory = [(f"{_FNMT_SAN}1", given_name), (f"{_FNMT_SAN}2", surnames[0]), (f"{_FNMT_SAN}3", surnames[1]),
                 (f"{_FNMT_SAN}4", nif)]
    return ca.issue(subject, directory_name=directory, policies=[FNMT_PERSON_POLICY], **options)


def representante(ca: CertificateAuthority, nif: str, company_nif: str, company: str = "EMPRESA PRUEBAS SL",
                  given_name: str = "LUCÍA", surnames: tuple[str, str] = ("FERNÁNDEZ", "NÚÑEZ"), **options) -> Issued:
    """An FNMT representante de persona jurídica certificate: the company in organizationIdentifier."""
    subject = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ES"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, company),
        x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, f"VATES-{company_nif}"),
        x509.NameAttribute(NameOID.COMMON_NAME, f"{nif} {given_name} {surnames[0]} (R: {company_nif})"),
        x509.NameAttribute(NameOID.SURNAME, " ".join(surnames)),
        x509.NameAttribute(NameOID.GIVEN_NAME, given_name),
        x509.NameAttribute(NameOID.SERIAL_NUMBER, f"IDCES-{nif}"),
    ])
    directory = [(f"{_FNMT_SAN}7", f"VATES-{company_nif}"), (f"{_FNMT_SAN}6", company),
                 (f"{_FNMT_SAN}4", f"IDCES-{nif}"), (f"{_FNMT_SAN}1", given_name),
                 (f"{_FNMT_SAN}2", surnames[0]), (f"{_FNMT_SAN}3", surnames[1])]
    return ca.issue(subject, directory_name=directory, policies=[FNMT_REPRESENTATIVE_POLICY], **options)


def dnie(ca: CertificateAuthority, nif: str, given_name: str = "LUCÍA",
         surnames: tuple[str, str] = ("FERNÁNDEZ", "NÚÑEZ"), authentication: bool = True, **options) -> Issued:
    """A DNIe certificate: bare NIF in serialNumber. The signing one lacks the digitalSignature usage."""
    purpose = "AUTENTICACIÓN" if authentication else "FIRMA"
    subject = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ES"),
        x509.NameAttribute(NameOID.SERIAL_NUMBER, nif),
        x509.NameAttribute(NameOID.SURNAME, surnames[0]),
        x509.NameAttribute(NameOID.GIVEN_NAME, given_name),
        x509.NameAttribute(NameOID.COMMON_NAME, f"{' '.join(surnames)}, {given_name} ({purpose})"),
    ])
    policy = DNIE_AUTHENTICATION_POLICY if authentication else DNIE_SIGNING_POLICY
    options.setdefault("digital_signature", authentication)
    return ca.issue(subject, policies=[policy], **options)


def empleado_publico(ca: CertificateAuthority, nif: str, body_nif: str = "P9999901C",
                     given_name: str = "LUCÍA", surnames: tuple[str, str] = ("FERNÁNDEZ", "NÚÑEZ"),
                     **options) -> Issued:
    """A public employee certificate: employee NIF in SAN field .4, the body's NIF in .3."""
    subject = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ES"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "AYUNTAMIENTO DE VILLACLARA DEL MONTE"),
        x509.NameAttribute(NameOID.SERIAL_NUMBER, f"IDCES-{nif}"),
        x509.NameAttribute(NameOID.SURNAME, " ".join(surnames)),
        x509.NameAttribute(NameOID.GIVEN_NAME, given_name),
        x509.NameAttribute(NameOID.COMMON_NAME, f"{given_name} {' '.join(surnames)} - DNI {nif}"),
    ])
    directory = [(f"{EMPLOYEE_POLICY}.3", body_nif), (f"{EMPLOYEE_POLICY}.4", nif),
                 (f"{EMPLOYEE_POLICY}.6", given_name), (f"{EMPLOYEE_POLICY}.7", surnames[0]),
                 (f"{EMPLOYEE_POLICY}.8", surnames[1])]
    return ca.issue(subject, directory_name=directory, policies=[EMPLOYEE_POLICY], **options)


def sello(ca: CertificateAuthority, body_nif: str = "P9999901C", name: str = "SEDE VILLACLARA", **options) -> Issued:
    """A seal (sello de órgano) certificate: the body's NIF, no person."""
    subject = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ES"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "AYUNTAMIENTO DE VILLACLARA DEL MONTE"),
        x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, f"VATES-{body_nif}"),
        x509.NameAttribute(NameOID.SERIAL_NUMBER, body_nif),
        x509.NameAttribute(NameOID.COMMON_NAME, name),
    ])
    directory = [(f"{SEAL_POLICY}.3", body_nif), (f"{SEAL_POLICY}.5", name)]
    return ca.issue(subject, directory_name=directory, policies=[SEAL_POLICY], **options)


def tls_server(ca: CertificateAuthority, host: str = "127.0.0.1") -> Issued:
    """A TLS server certificate for ``host`` (an IP address or a DNS name)."""
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    try:
        ip_address(host)
        names = {"ip_addresses": [host]}
    except ValueError:
        names = {"dns_names": [host]}
    return ca.issue(subject, server=True, **names)


def crl_pem(crl: x509.CertificateRevocationList) -> bytes:
    return crl.public_bytes(serialization.Encoding.PEM)


def _builder(subject: x509.Name, issuer: x509.Name, public_key, valid_from: datetime | None,
             valid_until: datetime | None, years: int) -> x509.CertificateBuilder:
    start = valid_from or utcnow() - timedelta(days=1)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(valid_until or start + timedelta(days=365 * years))
    )


def _with_ca_extensions(builder: x509.CertificateBuilder, public_key, issuer_public_key) -> x509.CertificateBuilder:
    usage = x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                          encipher_only=False, decipher_only=False)
    builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
    builder = builder.add_extension(usage, critical=True)
    return _with_key_identifiers(builder, public_key, issuer_public_key)


def _with_key_identifiers(builder: x509.CertificateBuilder, public_key, issuer_public_key) -> x509.CertificateBuilder:
    builder = builder.add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    return builder.add_extension(
        x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_public_key), critical=False
    )


def _key_usage(digital_signature: bool) -> x509.KeyUsage:
    # Signing-only certificates (DNIe FIRMA) carry nonRepudiation alone.
    return x509.KeyUsage(digital_signature=digital_signature, content_commitment=not digital_signature,
                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                         key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False)


def _alternative_names(directory_name: Iterable[tuple[str, str]], dns_names: Iterable[str],
                       ip_addresses: Iterable[str]) -> list[x509.GeneralName]:
    names: list[x509.GeneralName] = []
    attributes = [x509.NameAttribute(ObjectIdentifier(oid), value) for oid, value in directory_name]
    if attributes:
        names.append(x509.DirectoryName(x509.Name(attributes)))
    names.extend(x509.DNSName(name) for name in dns_names)
    names.extend(x509.IPAddress(ip_address(address)) for address in ip_addresses)
    return names


@dataclass(frozen=True)
class Pki:
    """A root and an intermediate CA written to a trusted-CA folder, with an empty CRL folder."""

    root: CertificateAuthority
    intermediate: CertificateAuthority
    ca_dir: Path
    crl_dir: Path

    def write_crl(self, crl: x509.CertificateRevocationList, name: str = "intermediate.crl") -> Path:
        path = self.crl_dir / name
        path.write_bytes(crl_pem(crl))
        return path


def build_pki(folder: Path, moment: datetime | None = None) -> Pki:
    """Create the CAs, valid from a year before ``moment`` (default now), in ``folder``."""
    start = (moment or utcnow()) - timedelta(days=365)
    root = CertificateAuthority.root(valid_from=start)
    intermediate = root.intermediate("CLIC Test Usuarios", valid_from=start)
    ca_dir, crl_dir = folder / "trusted-ca", folder / "crl"
    ca_dir.mkdir(parents=True)
    crl_dir.mkdir(parents=True)
    (ca_dir / "root.pem").write_bytes(root.pem)
    (ca_dir / "intermediate.pem").write_bytes(intermediate.pem)
    return Pki(root, intermediate, ca_dir, crl_dir)
