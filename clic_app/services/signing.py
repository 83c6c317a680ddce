# SPDX-License-Identifier: EUPL-1.2
"""Electronic seal (sello electrónico de órgano): PAdES signatures with pyHanko.

Production reads the council's PKCS#12 from settings. Without one, a development CA and
seal are created on first use under ``<data>/pki`` (never in git), and every document
sealed with them is flagged as a test document.
"""

from __future__ import annotations

import functools
import io
import logging
import secrets
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from asn1crypto import keys, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import attributes, fields, signers
from pyhanko.sign.general import as_signing_certificate_v2, get_pyca_cryptography_hash
from pyhanko_certvalidator.registry import SimpleCertificateStore

from clic_app.settings import Council, Settings

logger = logging.getLogger(__name__)

DEV_CA_FILE = "dev-ca.pem"
DEV_SEAL_FILE = "dev-seal.p12"
DEV_PASSWORD_FILE = "dev-seal.password"
# A CMS blob with an RSA-2048 signature and a two-certificate chain is under 6 KB;
# reserving room up front spares pyHanko a size-estimating dry run per document.
SIGNATURE_BYTES_RESERVED = 16384
_ORGANIZATION_IDENTIFIER = x509.ObjectIdentifier("2.5.4.97")


@dataclass(frozen=True)
class SealMaterial:
    """Location of the seal's PKCS#12 and whether it is the development seal."""

    p12_path: Path
    password: bytes
    is_development: bool


def ensure_seal(settings: Settings) -> SealMaterial:
    """Return the configured seal, creating the development CA and seal if needed."""
    if settings.seal_p12 is not None:
        return SealMaterial(settings.seal_p12, settings.seal_password.encode(), is_development=False)

    pki = settings.pki_dir
    p12_path, password_path = pki / DEV_SEAL_FILE, pki / DEV_PASSWORD_FILE
    if not (p12_path.exists() and password_path.exists()):
        create_development_pki(pki, settings.council)
    return SealMaterial(p12_path, password_path.read_bytes().strip(), is_development=True)


def _name(council: Council, common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ES"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, council.name),
            x509.NameAttribute(_ORGANIZATION_IDENTIFIER, f"VATES-{council.nif}"),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, council.nif),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def create_development_pki(pki_dir: Path, council: Council) -> None:
    """Create a development CA and a seal certificate it issued, valid for ten years."""
    pki_dir.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC) - timedelta(minutes=5)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    ca_name = _name(council, "CLIC CA DE DESARROLLO (SIN VALIDEZ LEGAL)")
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )

    seal_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    seal_cert = (
        x509.CertificateBuilder()
        .subject_name(_name(council, f"SELLO DE PRUEBAS - {council.name}"))
        .issuer_name(ca_name)
        .public_key(seal_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(cert_sign=False), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )

    password = secrets.token_urlsafe(24).encode()
    p12 = pkcs12.serialize_key_and_certificates(
        b"clic-dev-seal", seal_key, seal_cert, [ca_cert], serialization.BestAvailableEncryption(password)
    )
    _write_private(pki_dir / DEV_PASSWORD_FILE, password)
    _write_private(pki_dir / DEV_SEAL_FILE, p12)
    (pki_dir / DEV_CA_FILE).write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    logger.info("development_pki_created dir=%s", pki_dir)


def _key_usage(cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not cert_sign,
        content_commitment=not cert_sign,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _write_private(path: Path, content: bytes) -> None:
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_bytes(content)


class _PreloadedKeySigner(signers.SimpleSigner):
    """SimpleSigner that parses its RSA key once instead of on every signature."""

    def __init__(self, *args, private_key: rsa.RSAPrivateKey, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._private_key = private_key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        if mechanism != "rsassa_pkcs1v15":
            return super().sign_raw(data, digest_algorithm)
        return self._private_key.sign(data, padding.PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))


class _PreEncodedSigningCertificate(attributes.CMSAttributeProvider):
    """The signing-certificate-v2 attribute (RFC 5035) of the seal, encoded once.

    asn1crypto encodes a freshly built value again, issuer name included, on every
    signature (about two thirds of the time of a seal), while a value loaded from DER
    is written back as it was read.
    """

    attribute_type = "signing_certificate_v2"

    def __init__(self, certificate: asn1_x509.Certificate) -> None:
        self._der = as_signing_certificate_v2(certificate).dump()

    async def build_attr_value(self, dry_run: bool = False) -> tsp.SigningCertificateV2:
        return tsp.SigningCertificateV2.load(self._der)


class _PadesSignedAttributes(attributes.SignedAttributeProviderSpec):
    """The signed attributes that pyHanko 0.38 adds to a PAdES B-B signature, pre-encoded.

    For PAdES pyHanko adds only signing-certificate-v2 beside content type and message
    digest. The signing time goes in the signature dictionary, because PAdES forbids
    the CMS signing-time attribute.
    """

    def __init__(self, certificate: asn1_x509.Certificate) -> None:
        self._signing_certificate = _PreEncodedSigningCertificate(certificate)

    def signed_attr_providers(
        self, data_digest: bytes, digest_algorithm: str
    ) -> Iterator[attributes.CMSAttributeProvider]:
        yield self._signing_certificate


def _asn1_certificate(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


class Sealer:
    """Applies the council's PAdES B-B seal to PDFs; thread-safe and reusable."""

    def __init__(self, material: SealMaterial, council: Council) -> None:
        self.material = material
        self.council = council
        key, cert, chain = pkcs12.load_key_and_certificates(material.p12_path.read_bytes(), material.password)
        if not isinstance(key, rsa.RSAPrivateKey) or cert is None:
            raise ValueError(f"invalid seal file {material.p12_path}: no RSA key and certificate found")
        self.certificate = cert
        self.chain = tuple(chain)
        self._signer = _PreloadedKeySigner(
            signing_cert=_asn1_certificate(cert),
            signing_key=keys.PrivateKeyInfo.load(
                key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption())
            ),
            cert_registry=SimpleCertificateStore.from_certs([_asn1_certificate(c) for c in chain]),
            private_key=key,
        )
        self._signer.signed_attr_prov_spec = _PadesSignedAttributes(self._signer.signing_cert)
        self._lock = threading.Lock()
        logger.info("sealer_loaded development=%s", material.is_development)

    @property
    def is_development(self) -> bool:
        return self.material.is_development

    def seal(self, pdf: bytes, reason: str) -> bytes:
        """Return ``pdf`` with an invisible PAdES B-B seal covering the whole file."""
        meta = signers.PdfSignatureMetadata(
            field_name="SelloOrgano",
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=reason,
            location=self.council.name,
            name=self.council.name,
        )
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        output = io.BytesIO()
        # pyHanko does not document its signers as thread-safe, so seals are applied
        # one at a time; the work is CPU-bound under the GIL either way.
        with self._lock:
            signers.PdfSigner(meta, self._signer).sign_pdf(
                writer, bytes_reserved=SIGNATURE_BYTES_RESERVED, output=output
            )
        return output.getvalue()


@functools.cache
def _cached_sealer(p12_path: Path, password: bytes, is_development: bool, council: Council) -> Sealer:
    return Sealer(SealMaterial(p12_path, password, is_development), council)


def get_sealer(settings: Settings) -> Sealer:
    """Return the process-wide sealer for ``settings``, loading the key only once."""
    material = ensure_seal(settings)
    return _cached_sealer(material.p12_path, material.password, material.is_development, settings.council)
