# SPDX-License-Identifier: EUPL-1.2
"""Certificates associated with an account, and login with one of them.

An account may associate a certificate whose holder NIF is the account's own (for a
representative certificate, the representative's NIF). Login with a certificate then
requires it to be associated, valid now, and presented through a trusted reverse proxy
that checked possession of its private key in the TLS handshake.
"""

from __future__ import annotations

import functools
import ipaddress
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import unquote

from sqlmodel import Session, select

from clic_app.models import AuditAction, AuthSession, CertificateProfile, UserAccount, UserCertificate, utcnow
from clic_app.services import audit
from clic_app.services.access import Actor, actor_for
from clic_app.services.certificate_profiles import CertificateFacts, describe_certificate, read_certificate
from clic_app.services.certificate_validation import TrustStore, load_trust_store, validate_certificate
from clic_app.services.errors import ClicError, InvalidInput, NotAuthenticated, NotFound
from clic_app.services.identity import LoginResult, open_session, session_for_token
from clic_app.settings import Settings

logger = logging.getLogger(__name__)

# Values of nginx's $ssl_client_verify: SUCCESS, NONE, or FAILED:<reason>.
PROXY_VERIFY_SUCCESS = "SUCCESS"
PROXY_VERIFY_NONE = "NONE"


@dataclass(frozen=True)
class CertificateSummary:
    """One associated certificate as the profile page and the API list it."""

    id: int
    holder_name: str
    holder_nif: str | None
    entity_nif: str | None
    entity_name: str
    profile: CertificateProfile
    subject: str
    issuer: str
    issuer_name: str
    serial_number: str
    fingerprint_sha256: str
    not_before: datetime
    not_after: datetime
    added_at: datetime

    @property
    def expired(self) -> bool:
        return self.not_after <= utcnow()


def trust_store_for(settings: Settings) -> TrustStore:
    """Return the trusted CAs and CRLs configured in ``settings``."""
    return load_trust_store(settings.effective_trusted_ca_dir, settings.effective_crl_dir)


def list_certificates(session: Session, actor: Actor) -> list[CertificateSummary]:
    """Return the certificates associated with the actor's own account, oldest first."""
    rows = session.exec(
        select(UserCertificate).where(UserCertificate.user_id == actor.user.id).order_by(UserCertificate.id)
    ).all()
    return [summarize(row) for row in rows]


def summarize(row: UserCertificate) -> CertificateSummary:
    """Return the listing fields of an associated certificate."""
    facts = describe_certificate(row.der)
    return CertificateSummary(
        id=row.id,
        holder_name=facts.identity.name,
        holder_nif=row.holder_nif,
        entity_nif=row.entity_nif,
        entity_name=facts.identity.entity_name,
        profile=row.profile,
        subject=row.subject,
        issuer=row.issuer,
        issuer_name=facts.issuer_name,
        serial_number=row.serial_number,
        fingerprint_sha256=row.fingerprint_sha256,
        not_before=row.not_before,
        not_after=row.not_after,
        added_at=row.added_at,
    )


def add_certificate(
    session: Session, actor: Actor, data: bytes, trust: TrustStore, moment: datetime | None = None
) -> CertificateSummary:
    """Associate the certificate in ``data`` (PEM or DER) with the actor's own account.

    Raises:
        InvalidInput: the file is not one certificate, names no NIF or another NIF than
            the account's, is already associated, or fails validation (see
            :func:`validate_certificate`).
    """
    facts = describe_certificate(read_certificate(data))
    holder = facts.identity.holder_nif
    if holder is None:
        raise InvalidInput("certificate_no_nif", field="certificate")
    if holder != actor.user.nif:
        raise InvalidInput("certificate_nif_mismatch", field="certificate", nif=holder)
    validate_certificate(facts.der, trust, moment)
    if _associated_row(session, actor.user.id, facts.fingerprint_sha256) is not None:
        raise InvalidInput("certificate_already_associated", field="certificate")

    row = _new_row(actor.user.id, facts)
    session.add(row)
    session.flush()
    audit.record(
        session,
        AuditAction.CERTIFICATE_ADDED,
        actor=actor,
        object_type="certificate",
        object_id=row.id,
        details={"fingerprint_sha256": row.fingerprint_sha256, "profile": str(row.profile)},
    )
    logger.info("certificate_added user_id=%s certificate_id=%s", actor.user.id, row.id)
    return summarize(row)


def _new_row(user_id: int, facts: CertificateFacts) -> UserCertificate:
    return UserCertificate(
        user_id=user_id,
        fingerprint_sha256=facts.fingerprint_sha256,
        subject=facts.subject,
        issuer=facts.issuer,
        serial_number=facts.serial_number[:80],
        not_before=facts.not_before,
        not_after=facts.not_after,
        profile=facts.identity.profile,
        holder_nif=facts.identity.holder_nif,
        entity_nif=facts.identity.entity_nif,
        der=facts.der,
    )


def remove_certificate(session: Session, actor: Actor, certificate_id: int) -> None:
    """Remove a certificate from the actor's own account and end the sessions opened with it.

    Raises:
        NotFound: the account has no certificate ``certificate_id``.
    """
    row = session.get(UserCertificate, certificate_id)
    if row is None or row.user_id != actor.user.id:
        raise NotFound("certificate_not_found")

    # A removed certificate may be lost or stolen, so its sessions end with it.
    now = utcnow()
    for login_session in session.exec(select(AuthSession).where(AuthSession.certificate_id == row.id)).all():
        login_session.certificate_id = None
        login_session.revoked_at = login_session.revoked_at or now
    audit.record(
        session,
        AuditAction.CERTIFICATE_REMOVED,
        actor=actor,
        object_type="certificate",
        object_id=row.id,
        details={"fingerprint_sha256": row.fingerprint_sha256, "profile": str(row.profile)},
    )
    session.delete(row)
    session.flush()
    logger.info("certificate_removed user_id=%s certificate_id=%s", actor.user.id, certificate_id)


def _associated_row(session: Session, user_id: int, fingerprint: str) -> UserCertificate | None:
    return session.exec(
        select(UserCertificate).where(
            UserCertificate.user_id == user_id, UserCertificate.fingerprint_sha256 == fingerprint
        )
    ).first()


def is_trusted_proxy(address: str | None, proxies: Iterable[str]) -> bool:
    """Return whether ``address`` is one of ``proxies`` (addresses or networks)."""
    try:
        peer = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(peer in network for network in _networks(tuple(proxies)))


@functools.lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    # Cached, so an invalid entry of CLIC_TRUSTED_PROXIES is logged once, not per request.
    networks = []
    for proxy in proxies:
        try:
            networks.append(ipaddress.ip_network(proxy, strict=False))
        except ValueError:
            logger.warning("trusted_proxy_invalid value=%s", proxy)
    return tuple(networks)


def certificate_from_proxy(escaped_pem: str | None, verify_status: str | None) -> tuple[bytes, bool]:
    """Return the DER certificate a proxy passed, URL-encoded, and whether the proxy verified it.

    Args:
        escaped_pem: nginx's ``$ssl_client_escaped_cert``.
        verify_status: nginx's ``$ssl_client_verify``.

    Raises:
        NotAuthenticated: no certificate was presented, or it is unreadable.
    """
    status = (verify_status or "").strip()
    if not escaped_pem or status in ("", PROXY_VERIFY_NONE):
        raise NotAuthenticated("certificate_missing", field="certificate")
    try:
        der = read_certificate(unquote(escaped_pem).encode())
    except InvalidInput as error:
        raise NotAuthenticated(error.code, field="certificate", **error.params) from error
    return der, status == PROXY_VERIFY_SUCCESS


def login_with_certificate(
    session: Session,
    der: bytes,
    client_address: str,
    lifetime: timedelta,
    trust: TrustStore,
    *,
    proxy_verified: bool = True,
    moment: datetime | None = None,
) -> LoginResult:
    """Open a session for the account the valid, associated certificate ``der`` belongs to.

    A representative certificate opens the session acting for the company it names.
    Every failure is audited with the certificate's fingerprint.

    Raises:
        NotAuthenticated: with the code of :func:`validate_certificate`, or
            certificate_invalid when the proxy rejected a certificate that CLIC accepts,
            certificate_not_associated, certificate_account_inactive.
    """
    facts = describe_certificate(der)
    try:
        validate_certificate(der, trust, moment)
        if not proxy_verified:
            # The proxy saw a fault that CLIC's checks do not cover, such as a bad signature.
            raise NotAuthenticated("certificate_invalid", field="certificate")
        user, row = _login_account(session, facts)
    except ClicError as error:
        _record_failure(session, facts, client_address, error)
        raise NotAuthenticated(error.code, field="certificate", **error.params) from error

    token, expires_at = open_session(session, user, lifetime, client_address)
    actor = _link_session(session, token, row, facts, client_address)
    audit.record(
        session,
        AuditAction.LOGIN_SUCCESS,
        actor=actor,
        object_type="account",
        object_id=user.id,
        details={"method": "certificate", "fingerprint_sha256": facts.fingerprint_sha256},
    )
    logger.info("certificate_login_success user_id=%s certificate_id=%s", user.id, row.id)
    return LoginResult(user=user, token=token, expires_at=expires_at, roles=actor.roles)


def _link_session(
    session: Session, token: str, row: UserCertificate, facts: CertificateFacts, client_address: str
) -> Actor:
    """Record the certificate on the new session, acting for the company of a representative."""
    user, login_session = session_for_token(session, token)
    login_session.certificate_id = row.id
    if facts.identity.profile is CertificateProfile.REPRESENTANTE and facts.identity.entity_nif:
        login_session.acting_for_nif = facts.identity.entity_nif
    return actor_for(session, user, client_address, login_session.acting_for_nif)


def _login_account(session: Session, facts: CertificateFacts) -> tuple[UserAccount, UserCertificate]:
    rows = session.exec(
        select(UserCertificate).where(UserCertificate.fingerprint_sha256 == facts.fingerprint_sha256)
    ).all()
    for row in rows:
        user = session.get(UserAccount, row.user_id)
        # Association required the holder NIF to be the account's. Check it again in
        # case the account's NIF was corrected since.
        if user is None or user.nif != facts.identity.holder_nif:
            continue
        if not user.is_active:
            raise NotAuthenticated("certificate_account_inactive", field="certificate")
        return user, row
    raise NotAuthenticated("certificate_not_associated", field="certificate")


def _record_failure(session: Session, facts: CertificateFacts, client_address: str, error: ClicError) -> None:
    # The failure must be kept although the caller's transaction rolls back on the error.
    audit.record(
        session,
        AuditAction.LOGIN_FAILURE,
        object_type="certificate",
        object_id=facts.fingerprint_sha256[:16],
        client_address=client_address,
        details={"method": "certificate", "fingerprint_sha256": facts.fingerprint_sha256, "code": error.code},
    )
    session.commit()
    logger.info("certificate_login_failure code=%s", error.code)
