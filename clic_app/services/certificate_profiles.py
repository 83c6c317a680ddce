# SPDX-License-Identifier: EUPL-1.2
"""Identities in Spanish X.509 certificates: profile, holder NIF, company or body NIF.

The fields and policy OIDs read are those of FNMT-RCM's persona física and
representative certificates, the DNIe, and the public-sector employee and seal
profiles, as the CAs' published test certificates carry them. Identifiers in the ETSI
EN 319 412-1 form (``IDCES-``, ``PNOES-``, ``VATES-``…) count only when their country is ES.

Parsing uses asn1crypto, because cryptography 50 raises ValueError on the extensions
of some Policía certificates (a policy notice in VisibleString with non-ASCII text).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import pem, x509
from stdnum.es import dni, nie, nif

from clic_app.models import CertificateProfile
from clic_app.services.errors import InvalidInput

# The published Spanish test certificates are all under 4 KB in PEM, so a file above
# this limit is not one certificate.
MAX_CERTIFICATE_SIZE = 16 * 1024

_FNMT_NAME = "1.3.6.1.4.1.5734.1.1"
_FNMT_FIRST_SURNAME = "1.3.6.1.4.1.5734.1.2"
_FNMT_SECOND_SURNAME = "1.3.6.1.4.1.5734.1.3"
_FNMT_NIF = "1.3.6.1.4.1.5734.1.4"
_FNMT_ENTITY_NIF = "1.3.6.1.4.1.5734.1.7"

_FNMT_PERSON_POLICY = "1.3.6.1.4.1.5734.3.10."
_FNMT_REPRESENTATIVE_POLICY = "1.3.6.1.4.1.5734.3.11."
# Public-sector representative profiles: .8 legal person, .9 entity without legal personality.
_AAPP_REPRESENTATIVE_POLICIES = ("2.16.724.1.3.5.8", "2.16.724.1.3.5.9")
_DNIE_POLICY = "2.16.724.1.2.2.2."
# ETSI EN 319 411-2 qualified certificate policies for natural and legal persons.
_QCP_NATURAL = ("0.4.0.194112.1.0", "0.4.0.194112.1.2")
_QCP_LEGAL = ("0.4.0.194112.1.1", "0.4.0.194112.1.3")

# Public-sector profiles: employee (.7, and .3 in the 2012 numbering), employee with a
# pseudonym (.4) and seal (.6). The next arc is the assurance level, then the field.
_EMPLOYEE_ARCS = ("2.16.724.1.3.5.7.", "2.16.724.1.3.5.3.", "2.16.724.1.3.5.4.")
_SEAL_ARC = "2.16.724.1.3.5.6."
_AAPP_BODY_NIF = "3"
_AAPP_EMPLOYEE_NIF = "4"
_AAPP_SEAL_NAME = "5"
_AAPP_GIVEN_NAME = "6"
_AAPP_FIRST_SURNAME = "7"
_AAPP_SECOND_SURNAME = "8"

_PERSON_ID_TYPES = ("IDC", "PNO", "TIN")
_ENTITY_ID_TYPES = ("VAT", "NTR")
_ETSI_IDENTIFIER = re.compile(r"^([A-Z]{3})([A-Z]{2})[-:](.+)$")
# DNIe common names read "SURNAMES, NAME (PURPOSE)", and AC DNIE 004 writes "/" for ",".
_DNIE_COMMON_NAME = re.compile(r"^(?P<surnames>[^,/]+)[,/]\s*(?P<name>[^(]+?)\s*(?:\(.*\))?$")


@dataclass(frozen=True)
class CertificateIdentity:
    """The identity a certificate states, as far as CLIC can read it."""

    profile: CertificateProfile
    holder_nif: str | None
    """NIF or NIE of the natural person: citizen, representative or employee."""
    entity_nif: str | None
    """NIF of the company a representative acts for, or of the public body."""
    name: str
    """The holder's full name, or the seal's name."""
    entity_name: str = ""


@dataclass(frozen=True)
class CertificateFacts:
    """A parsed certificate: its DER bytes, identity and the fields the profile page lists."""

    der: bytes
    identity: CertificateIdentity
    fingerprint_sha256: str
    subject: str
    issuer: str
    issuer_name: str
    serial_number: str
    not_before: datetime
    not_after: datetime


def read_certificate(data: bytes) -> bytes:
    """Return the DER bytes of the certificate in ``data``, given as PEM or DER.

    A PEM file with several certificates yields the first one.

    Raises:
        InvalidInput: ``data`` is empty, larger than MAX_CERTIFICATE_SIZE bytes, or not
            an X.509 certificate.
    """
    if not data:
        raise InvalidInput("certificate_required", field="certificate")
    if len(data) > MAX_CERTIFICATE_SIZE:
        raise InvalidInput("certificate_too_large", field="certificate", max_kb=MAX_CERTIFICATE_SIZE // 1024)

    der = data
    if pem.detect(data):
        blocks = [block for kind, _headers, block in pem.unarmor(data, multiple=True) if kind == "CERTIFICATE"]
        if not blocks:
            raise InvalidInput("certificate_unreadable", field="certificate")
        der = blocks[0]
    try:
        _parse_used_fields(x509.Certificate.load(der, strict=True))
    except (ValueError, TypeError) as error:
        raise InvalidInput("certificate_unreadable", field="certificate") from error
    return der


def _parse_used_fields(certificate: x509.Certificate) -> None:
    """Parse the fields CLIC reads, so that a broken file is rejected on upload.

    asn1crypto parses lazily. The rest stays unparsed on purpose: with pyHanko loaded,
    asn1crypto also decodes qcStatements, which some CAs encode wrongly (the Bewor test
    certificate, for one), and CLIC does not read them.
    """
    for value in (
        certificate.subject,
        certificate.issuer,
        certificate["tbs_certificate"]["validity"],
        certificate.serial_number,
        certificate.certificate_policies_value,
        certificate.subject_alt_name_value,
        certificate.key_usage_value,
        certificate.basic_constraints_value,
    ):
        getattr(value, "native", None)


def describe_certificate(der: bytes) -> CertificateFacts:
    """Return the identity and listing fields of the certificate ``der``."""
    certificate = x509.Certificate.load(der)
    validity = certificate["tbs_certificate"]["validity"]
    return CertificateFacts(
        der=der,
        identity=identify(certificate),
        fingerprint_sha256=hashlib.sha256(der).hexdigest(),
        subject=_rfc4514(certificate.subject),
        issuer=_rfc4514(certificate.issuer),
        issuer_name=_common_name(certificate.issuer) or _organization(certificate.issuer),
        serial_number=format(certificate.serial_number, "X"),
        not_before=validity["not_before"].native,
        not_after=validity["not_after"].native,
    )


def identify(certificate: x509.Certificate) -> CertificateIdentity:
    """Read the profile and identifiers of ``certificate``."""
    policies = _policies(certificate)
    directory = _directory_name_fields(certificate)
    subject = _subject_fields(certificate)

    if _is_seal(policies, directory):
        return _seal_identity(certificate, directory, subject)
    if _is_employee(policies, directory):
        return _employee_identity(certificate, directory, subject)
    if _is_representative(policies, subject):
        return _representative_identity(certificate, directory, subject)
    if any(policy.startswith(_DNIE_POLICY) for policy in policies):
        return _person_identity(CertificateProfile.DNIE, certificate, directory, subject)
    if _is_natural_person(policies, directory, subject):
        return _person_identity(CertificateProfile.PERSONA_FISICA, certificate, directory, subject)
    return CertificateIdentity(CertificateProfile.UNKNOWN, None, None, _common_name(certificate.subject))


def person_nif(value: str | None) -> str | None:
    """Return the DNI or NIE in ``value`` (bare or ``IDCES-``/``PNOES-``/``TINES-``), if valid."""
    number = _etsi_value(value, _PERSON_ID_TYPES)
    if number and (dni.is_valid(number) or nie.is_valid(number)):
        return number
    return None


def entity_nif(value: str | None) -> str | None:
    """Return the NIF of a company or body in ``value`` (bare or ``VATES-``/``NTRES-``), if valid."""
    number = _etsi_value(value, _ENTITY_ID_TYPES)
    if number and nif.is_valid(number):
        return number
    return None


def _etsi_value(value: str | None, accepted_types: tuple[str, ...]) -> str | None:
    if not value:
        return None
    compact = re.sub(r"\s", "", value).upper()
    semantics = _ETSI_IDENTIFIER.match(compact)
    if semantics is None:
        return compact
    id_type, country, number = semantics.groups()
    # IDCFJ-99999999R names a Fijian identity card, however Spanish the number looks.
    if id_type in accepted_types and country == "ES":
        return number
    return None


def _is_seal(policies: list[str], directory: dict[str, str]) -> bool:
    return any(oid.startswith(_SEAL_ARC) for oid in [*policies, *directory]) or any(
        policy in _QCP_LEGAL for policy in policies
    )


def _is_employee(policies: list[str], directory: dict[str, str]) -> bool:
    return any(oid.startswith(_EMPLOYEE_ARCS) for oid in [*policies, *directory])


def _is_representative(policies: list[str], subject: dict[str, str]) -> bool:
    if any(policy.startswith(_FNMT_REPRESENTATIVE_POLICY) or policy in _AAPP_REPRESENTATIVE_POLICIES
           for policy in policies):
        return True
    # Other CAs: a company identifier together with a natural person's identifier.
    return bool(entity_nif(subject.get("organization_identifier")) and person_nif(subject.get("serial_number")))


def _is_natural_person(policies: list[str], directory: dict[str, str], subject: dict[str, str]) -> bool:
    if _FNMT_NIF in directory or any(policy in _QCP_NATURAL for policy in policies):
        return True
    if any(policy.startswith(_FNMT_PERSON_POLICY) for policy in policies):
        return True
    return "serial_number" in subject and ("surname" in subject or "given_name" in subject)


def _person_identity(
    profile: CertificateProfile, certificate: x509.Certificate, directory: dict[str, str], subject: dict[str, str]
) -> CertificateIdentity:
    holder = person_nif(directory.get(_FNMT_NIF)) or person_nif(subject.get("serial_number"))
    if profile is CertificateProfile.DNIE:
        name = _dnie_name(subject)
    else:
        name = _joined(directory, _FNMT_NAME, _FNMT_FIRST_SURNAME, _FNMT_SECOND_SURNAME) or _subject_name(subject)
    return CertificateIdentity(profile, holder, None, name or _common_name(certificate.subject))


def _representative_identity(
    certificate: x509.Certificate, directory: dict[str, str], subject: dict[str, str]
) -> CertificateIdentity:
    holder = person_nif(subject.get("serial_number")) or person_nif(directory.get(_FNMT_NIF))
    company = entity_nif(subject.get("organization_identifier")) or entity_nif(directory.get(_FNMT_ENTITY_NIF))
    name = _joined(directory, _FNMT_NAME, _FNMT_FIRST_SURNAME, _FNMT_SECOND_SURNAME) or _subject_name(subject)
    return CertificateIdentity(
        CertificateProfile.REPRESENTANTE,
        holder,
        company,
        name or _common_name(certificate.subject),
        subject.get("organization_name", ""),
    )


def _employee_identity(
    certificate: x509.Certificate, directory: dict[str, str], subject: dict[str, str]
) -> CertificateIdentity:
    fields = _public_sector_fields(directory, _EMPLOYEE_ARCS)
    # Pseudonym certificates carry no personal identifier at all, by design.
    holder = person_nif(fields.get(_AAPP_EMPLOYEE_NIF))
    if holder is None and "pseudonym" not in subject:
        holder = person_nif(subject.get("serial_number"))
    body = entity_nif(fields.get(_AAPP_BODY_NIF)) or entity_nif(subject.get("organization_identifier"))
    name = _joined(fields, _AAPP_GIVEN_NAME, _AAPP_FIRST_SURNAME, _AAPP_SECOND_SURNAME) or _subject_name(subject)
    return CertificateIdentity(
        CertificateProfile.EMPLEADO_PUBLICO,
        holder,
        body,
        name or _common_name(certificate.subject),
        subject.get("organization_name", ""),
    )


def _seal_identity(
    certificate: x509.Certificate, directory: dict[str, str], subject: dict[str, str]
) -> CertificateIdentity:
    fields = _public_sector_fields(directory, (_SEAL_ARC,))
    body = (
        entity_nif(fields.get(_AAPP_BODY_NIF))
        or entity_nif(subject.get("organization_identifier"))
        or entity_nif(subject.get("serial_number"))
    )
    name = fields.get(_AAPP_SEAL_NAME) or _common_name(certificate.subject)
    return CertificateIdentity(CertificateProfile.SELLO, None, body, name, subject.get("organization_name", ""))


def _public_sector_fields(directory: dict[str, str], arcs: tuple[str, ...]) -> dict[str, str]:
    """Return the public-sector SAN fields keyed by their last arc (3 = body NIF…)."""
    fields = {}
    for oid, value in directory.items():
        for arc in arcs:
            rest = oid.removeprefix(arc)
            if rest != oid and rest.count(".") == 1:
                fields[rest.split(".")[1]] = value
    return fields


def _policies(certificate: x509.Certificate) -> list[str]:
    value = certificate.certificate_policies_value
    return [policy["policy_identifier"].dotted for policy in value] if value else []


def _directory_name_fields(certificate: x509.Certificate) -> dict[str, str]:
    """Return the attributes of the subjectAltName directoryName entries, by OID."""
    fields: dict[str, str] = {}
    for general_name in certificate.subject_alt_name_value or []:
        if general_name.name != "directory_name":
            continue
        for rdn in general_name.chosen.chosen:
            for attribute in rdn:
                fields.setdefault(attribute["type"].dotted, _text(attribute["value"].native))
    return fields


def _subject_fields(certificate: x509.Certificate) -> dict[str, str]:
    fields: dict[str, str] = {}
    for rdn in certificate.subject.chosen:
        for attribute in rdn:
            fields.setdefault(attribute["type"].native, _text(attribute["value"].native))
    return fields


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _joined(fields: dict[str, str], *keys: str) -> str:
    return " ".join(fields[key] for key in keys if fields.get(key))


def _subject_name(subject: dict[str, str]) -> str:
    return " ".join(part for part in (subject.get("given_name"), subject.get("surname")) if part)


def _dnie_name(subject: dict[str, str]) -> str:
    # The DNIe surname attribute contains the first surname only, but the common name has both.
    match = _DNIE_COMMON_NAME.match(subject.get("common_name", ""))
    if match is None:
        return _subject_name(subject)
    return f"{match['name'].strip()} {match['surnames'].strip()}"


def _common_name(name: x509.Name) -> str:
    return _text(name.native.get("common_name")) if isinstance(name.native, dict) else ""


def _organization(name: x509.Name) -> str:
    return _text(name.native.get("organization_name")) if isinstance(name.native, dict) else ""


def _rfc4514(name: x509.Name) -> str:
    """Return ``name`` in RFC 4514 order and escaping, as OpenSSL and nginx print it."""
    parts = []
    for rdn in reversed(name.chosen):
        values = []
        for attribute in rdn:
            key = _RFC4514_KEYS.get(attribute["type"].dotted, attribute["type"].dotted)
            values.append(f"{key}={_escape_rfc4514(str(attribute['value'].native))}")
        parts.append("+".join(values))
    return ",".join(parts)[:1000]


_RFC4514_KEYS = {
    "2.5.4.3": "CN",
    "2.5.4.6": "C",
    "2.5.4.7": "L",
    "2.5.4.8": "ST",
    "2.5.4.10": "O",
    "2.5.4.11": "OU",
    "2.5.4.4": "SN",
    "2.5.4.42": "GN",
    "2.5.4.5": "serialNumber",
    "2.5.4.97": "organizationIdentifier",
    "0.9.2342.19200300.100.1.25": "DC",
}


def _escape_rfc4514(value: str) -> str:
    escaped = re.sub(r'([\\,+"<>;=])', r"\\\1", value)
    if escaped.startswith((" ", "#")):
        escaped = "\\" + escaped
    if escaped.endswith(" "):
        escaped = escaped[:-1] + "\\ "
    return escaped
