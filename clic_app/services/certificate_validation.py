# SPDX-License-Identifier: EUPL-1.2
"""Validation of client certificates against the installation's trusted CAs and CRLs.

A certificate is valid for login when pyhanko-certvalidator builds a path from it to a
self-signed CA of CLIC_TRUSTED_CA_DIR and every certificate of the path is within its
validity dates. Its key usage must include digitalSignature, and no CRL of CLIC_CRL_DIR
may list it. Revocation is checked only where a CRL of the issuer is present, because
nothing is fetched from the network.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from asn1crypto import crl, pem, x509
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator import errors as validation_errors
from pyhanko_certvalidator.path import ValidationPath
from pyhanko_certvalidator.policy_decl import (
    NO_REVOCATION,
    CertRevTrustPolicy,
    RevocationCheckingPolicy,
    RevocationCheckingRule,
)

from clic_app.models import utcnow
from clic_app.services.errors import InvalidInput

logger = logging.getLogger(__name__)

# Login is authentication: RFC 5280 names digitalSignature for it. Signing-only
# certificates (nonRepudiation alone, as the DNIe FIRMA one) do not qualify.
LOGIN_KEY_USAGE = frozenset({"digital_signature"})
MADRID = ZoneInfo("Europe/Madrid")
# Trust folders contain a few CA certificates and CRLs, so larger files are not read.
_MAX_TRUST_FILE_SIZE = 20 * 1024 * 1024


@dataclass(frozen=True)
class TrustStore:
    """CA certificates that CLIC trusts for login, and the CRLs it checks against."""

    roots: tuple[x509.Certificate, ...] = ()
    intermediates: tuple[x509.Certificate, ...] = ()
    crls: tuple[crl.CertificateList, ...] = ()

    @property
    def enabled(self) -> bool:
        """Whether certificate login is possible: at least one trusted root CA."""
        return bool(self.roots)

    def has_crl_for(self, issuer: x509.Name) -> bool:
        """Return whether a CRL issued by ``issuer`` is loaded."""
        return any(revocation_list.issuer == issuer for revocation_list in self.crls)


def load_trust_store(ca_dir: Path | None, crl_dir: Path | None) -> TrustStore:
    """Return the CAs of ``ca_dir`` and the CRLs of ``crl_dir``, re-read when a file changes.

    Self-signed CA certificates are trust anchors. The other CA certificates only help
    build paths to them. A missing folder counts as empty.
    """
    return _load_trust_store(_snapshot(ca_dir), _snapshot(crl_dir))


def _snapshot(folder: Path | None) -> tuple[tuple[str, int, int], ...]:
    if folder is None or not folder.is_dir():
        return ()
    files = [path for path in sorted(folder.iterdir()) if path.is_file() and not path.name.startswith(".")]
    return tuple((str(path), path.stat().st_mtime_ns, path.stat().st_size) for path in files)


@functools.lru_cache(maxsize=4)
def _load_trust_store(
    ca_files: tuple[tuple[str, int, int], ...], crl_files: tuple[tuple[str, int, int], ...]
) -> TrustStore:
    roots, intermediates = [], []
    for certificate in _read_objects(ca_files, "CERTIFICATE", x509.Certificate):
        if not certificate.ca:
            logger.warning("trusted_ca_skipped reason=not_a_ca subject_sha1=%s", certificate.sha1.hex())
        elif certificate.self_signed != "no":
            roots.append(certificate)
        else:
            intermediates.append(certificate)
    crls = tuple(_read_objects(crl_files, "X509 CRL", crl.CertificateList))
    logger.info("trust_store_loaded roots=%s intermediates=%s crls=%s", len(roots), len(intermediates), len(crls))
    return TrustStore(tuple(roots), tuple(intermediates), crls)


def _read_objects(files: Iterable[tuple[str, int, int]], pem_type: str, asn1_class) -> list:
    """Parse every PEM block of ``pem_type``, or the whole DER file, of each file.

    Only the outer structure and the names are checked, because a CRL may list hundreds
    of thousands of certificates.
    """
    objects = []
    for name, _mtime, size in files:
        path = Path(name)
        if size > _MAX_TRUST_FILE_SIZE:
            logger.warning("trust_file_skipped reason=too_large file=%s", path.name)
            continue
        data = path.read_bytes()
        try:
            if pem.detect(data):
                blocks = [der for kind, _headers, der in pem.unarmor(data, multiple=True) if kind == pem_type]
            else:
                blocks = [data]
            for der in blocks:
                parsed = asn1_class.load(der, strict=True)
                parsed.issuer.native  # noqa: B018
                objects.append(parsed)
        except (ValueError, TypeError) as error:
            logger.warning("trust_file_skipped reason=unreadable file=%s error=%s", path.name, error)
    return objects


def validate_certificate(der: bytes, trust: TrustStore, moment: datetime | None = None) -> None:
    """Check that the certificate ``der`` may log in at ``moment`` (default: now).

    Runs the asynchronous validator in its own event loop, so call it from a thread
    without a running loop: a synchronous API route or ``asyncio.to_thread``.

    Raises:
        InvalidInput: with code certificate_login_disabled, certificate_not_yet_valid,
            certificate_expired, certificate_untrusted, certificate_issuer_expired,
            certificate_revoked, certificate_revocation_unknown,
            certificate_usage_invalid or certificate_invalid.
    """
    if not trust.enabled:
        raise InvalidInput("certificate_login_disabled", field="certificate")
    certificate = x509.Certificate.load(der)
    _check_dates(certificate, moment or utcnow())
    if certificate.self_signed != "no":
        # A self-signed certificate vouches only for itself, even when it is a trusted CA.
        raise InvalidInput("certificate_untrusted", field="certificate")

    # The first pass finds the path, because which revocation checks apply depends on it.
    path = _validate(certificate, trust, NO_REVOCATION, moment)
    policy = _revocation_policy(path, trust)
    if policy is not NO_REVOCATION:
        _validate(certificate, trust, policy, moment)


def _check_dates(certificate: x509.Certificate, moment: datetime) -> None:
    validity = certificate["tbs_certificate"]["validity"]
    not_before, not_after = validity["not_before"].native, validity["not_after"].native
    if moment < not_before:
        raise InvalidInput("certificate_not_yet_valid", field="certificate", date=_local_date(not_before))
    if moment > not_after:
        raise InvalidInput("certificate_expired", field="certificate", date=_local_date(not_after))


def _local_date(moment: datetime) -> str:
    return moment.astimezone(MADRID).strftime("%d/%m/%Y")


def _revocation_policy(path: ValidationPath, trust: TrustStore) -> RevocationCheckingPolicy:
    """Require a CRL check for each level whose issuers all have a CRL in the store.

    pyhanko-certvalidator checks cached CRLs only for certificates that name a CRL
    distribution point unless a CRL is required, so presence in the store decides.
    """
    certificates = list(path.iter_certs(include_root=False))
    leaf, intermediates = certificates[-1], certificates[:-1]
    leaf_rule = RevocationCheckingRule.CRL_REQUIRED if trust.has_crl_for(leaf.issuer) else None
    intermediate_rule = None
    if intermediates and all(trust.has_crl_for(authority.issuer) for authority in intermediates):
        intermediate_rule = RevocationCheckingRule.CRL_REQUIRED
    if leaf_rule is None and intermediate_rule is None:
        return NO_REVOCATION
    soft = RevocationCheckingRule.CHECK_IF_DECLARED_SOFT
    return RevocationCheckingPolicy(leaf_rule or soft, intermediate_rule or soft)


def _validate(
    certificate: x509.Certificate, trust: TrustStore, policy: RevocationCheckingPolicy, moment: datetime | None
) -> ValidationPath:
    # Without a moment pyhanko-certvalidator validates at the current time. With one it
    # validates at that point in time and then rejects a CRL issued after it, which a
    # CRL stamped a second ahead of this clock would be.
    context = ValidationContext(
        trust_roots=list(trust.roots),
        other_certs=list(trust.intermediates),
        crls=list(trust.crls),
        moment=moment,
        allow_fetching=False,
        revinfo_policy=CertRevTrustPolicy(policy),
    )
    validator = CertificateValidator(certificate, validation_context=context)
    try:
        return asyncio.run(validator.async_validate_usage(set(LOGIN_KEY_USAGE)))
    except validation_errors.RevokedError as error:
        raise InvalidInput("certificate_revoked", field="certificate") from error
    except validation_errors.InsufficientRevinfoError as error:
        raise InvalidInput("certificate_revocation_unknown", field="certificate") from error
    except (validation_errors.ExpiredError, validation_errors.NotYetValidError) as error:
        # The leaf's own dates were checked before, so a CA of the path is out of date.
        raise InvalidInput("certificate_issuer_expired", field="certificate") from error
    except validation_errors.PathBuildingError as error:
        raise InvalidInput("certificate_untrusted", field="certificate") from error
    except validation_errors.InvalidCertificateError as error:
        raise InvalidInput("certificate_usage_invalid", field="certificate") from error
    except validation_errors.PathValidationError as error:
        logger.info("certificate_path_invalid error=%s", type(error).__name__)
        raise InvalidInput("certificate_invalid", field="certificate") from error
    except ValueError as error:
        # asn1crypto raises ValueError for a malformed extension that validation reads.
        logger.info("certificate_unparsable error=%s", str(error).splitlines()[0][:200])
        raise InvalidInput("certificate_invalid", field="certificate") from error
