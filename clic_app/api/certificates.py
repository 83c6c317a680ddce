# SPDX-License-Identifier: EUPL-1.2
"""Certificate routes: login with a client certificate, and the account's certificates.

The client certificate reaches CLIC only in headers that the reverse proxy sets
(``X-SSL-Client-Cert`` with nginx's ``$ssl_client_escaped_cert``, ``X-SSL-Client-Verify``
with ``$ssl_client_verify``). They are read only when the TCP peer is one of
CLIC_TRUSTED_PROXIES, because anyone reaching the backend directly could send them.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from clic_app.api.deps import ActorDep, LanguageDep, RuntimeDep, SessionDep
from clic_app.api.errors import ERROR_RESPONSES
from clic_app.api.schemas import TokenResponse
from clic_app.locales import translate
from clic_app.models import CertificateProfile
from clic_app.services.certificate_profiles import MAX_CERTIFICATE_SIZE
from clic_app.services.certificates import (
    CertificateSummary,
    add_certificate,
    certificate_from_proxy,
    is_trusted_proxy,
    list_certificates,
    login_with_certificate,
    remove_certificate,
    trust_store_for,
)
from clic_app.services.errors import ClicError, InvalidInput, NotAuthenticated
from clic_app.services.identity import session_for_token
from clic_app.settings import Settings

logger = logging.getLogger(__name__)

router = APIRouter()

CERTIFICATE_HEADER = "X-SSL-Client-Cert"
VERIFY_HEADER = "X-SSL-Client-Verify"
REAL_IP_HEADER = "X-Real-IP"
# Must match the cookie of SessionState.session_token, which the UI reads the session from.
SESSION_COOKIE = "clic_session"
CERTIFICATE_MEDIA_TYPES = ("application/pkix-cert", "application/x-x509-user-cert", "application/x-pem-file")


class CertificatePublic(BaseModel):
    """A certificate associated with the caller's account."""

    id: int
    holder_name: str
    holder_nif: str | None
    entity_nif: str | None = Field(description="Company a representative certificate acts for, or public body")
    entity_name: str
    profile: CertificateProfile
    profile_label: str
    subject: str = Field(description="Subject distinguished name, RFC 4514")
    issuer: str = Field(description="Issuer distinguished name, RFC 4514")
    issuer_name: str
    serial_number: str = Field(description="Hexadecimal")
    fingerprint_sha256: str
    not_before: datetime
    not_after: datetime
    added_at: datetime
    expired: bool

    @classmethod
    def of(cls, summary: CertificateSummary, language: str) -> CertificatePublic:
        return cls(
            **{name: getattr(summary, name) for name in cls.model_fields if hasattr(summary, name)},
            profile_label=translate(summary.profile.message_key, language),
        )


def _peer(request: Request) -> str | None:
    return request.client.host if request.client else None


def proxied_certificate(request: Request, settings: Settings) -> tuple[bytes, bool]:
    """Return the client certificate the trusted proxy passed, and whether the proxy verified it.

    Raises:
        NotAuthenticated: certificate_missing when the peer is not a trusted proxy or
            passed no certificate; certificate_unreadable when it is not one.
    """
    if not is_trusted_proxy(_peer(request), settings.trusted_proxies):
        if CERTIFICATE_HEADER in request.headers:
            logger.warning("certificate_header_ignored reason=untrusted_peer peer=%s", _peer(request))
        raise NotAuthenticated("certificate_missing", field="certificate")
    return certificate_from_proxy(request.headers.get(CERTIFICATE_HEADER), request.headers.get(VERIFY_HEADER))


def proxied_client_address(request: Request, settings: Settings) -> str:
    """Return the client's address: the proxy's X-Real-IP if the peer is trusted, else the peer."""
    peer = _peer(request) or "unknown"
    forwarded = request.headers.get(REAL_IP_HEADER, "").strip()
    if forwarded and is_trusted_proxy(peer, settings.trusted_proxies):
        return forwarded[:64]
    return peer


@router.post("/auth/certificate", response_model=TokenResponse, responses=ERROR_RESPONSES, tags=["auth"])
def issue_certificate_token(request: Request, session: SessionDep, runtime: RuntimeDep) -> TokenResponse:
    """Exchange the client certificate presented to the reverse proxy for a bearer token.

    The certificate must be associated with an active account. A representative
    certificate's token acts for the company the certificate names.
    """
    settings = runtime.settings
    der, proxy_verified = proxied_certificate(request, settings)
    result = login_with_certificate(
        session,
        der,
        proxied_client_address(request, settings),
        runtime.session_lifetime,
        trust_store_for(settings),
        proxy_verified=proxy_verified,
    )
    return TokenResponse(access_token=result.token, expires_in=int(runtime.session_lifetime.total_seconds()))


# A browser route that returns a redirect and a cookie, not JSON, so the API
# description leaves it out.
@router.get("/auth/certificate/session", response_class=RedirectResponse, status_code=303, include_in_schema=False)
def open_certificate_session(request: Request, session: SessionDep, runtime: RuntimeDep) -> RedirectResponse:
    """Log the browser in with its client certificate and send it to its first page.

    On failure the browser goes back to the login page with the error code in the
    ``certificate_error`` query parameter.
    """
    settings = runtime.settings
    try:
        der, proxy_verified = proxied_certificate(request, settings)
        result = login_with_certificate(
            session,
            der,
            proxied_client_address(request, settings),
            runtime.session_lifetime,
            trust_store_for(settings),
            proxy_verified=proxy_verified,
        )
    except ClicError as error:
        logger.info("certificate_session_rejected code=%s", error.code)
        # The message's parameters (a date, a size) travel with the code. None is personal.
        parameters = {name: str(value) for name, value in error.params.items()}
        query = urlencode({"certificate_error": error.code} | parameters)
        return RedirectResponse(f"{settings.public_base_url}/login?{query}", status_code=303)

    # A session acting for a company has no census page to show, so it starts at home.
    _user, login_session = session_for_token(session, result.token)
    landing = "/" if login_session.acting_for_nif else "/padron"
    response = RedirectResponse(f"{settings.public_base_url}{landing}", status_code=303)
    # The same attributes as the cookie the UI writes: the page's JavaScript reads it, so
    # it cannot be HttpOnly, and SameSite=Strict keeps other sites from sending it.
    response.set_cookie(
        SESSION_COOKIE,
        result.token,
        path="/",
        samesite="strict",
        secure=settings.public_base_url.startswith("https://"),
        httponly=False,
    )
    return response


@router.get("/certificates", response_model=list[CertificatePublic], responses=ERROR_RESPONSES, tags=["certificates"])
def my_certificates(actor: ActorDep, session: SessionDep, language: LanguageDep) -> list[CertificatePublic]:
    """List the certificates associated with the caller's account."""
    return [CertificatePublic.of(summary, language) for summary in list_certificates(session, actor)]


async def certificate_body(request: Request) -> bytes:
    """Read the request body, stopping as soon as it exceeds MAX_CERTIFICATE_SIZE bytes.

    Raises:
        InvalidInput: certificate_too_large.
    """
    too_large = InvalidInput("certificate_too_large", field="certificate", max_kb=MAX_CERTIFICATE_SIZE // 1024)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_CERTIFICATE_SIZE:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > MAX_CERTIFICATE_SIZE:
            raise too_large
    return bytes(body)


@router.post(
    "/certificates",
    status_code=201,
    response_model=CertificatePublic,
    responses=ERROR_RESPONSES,
    tags=["certificates"],
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": f"One certificate, PEM or DER, at most {MAX_CERTIFICATE_SIZE} bytes",
            "content": {media: {"schema": {"type": "string", "format": "binary"}} for media in CERTIFICATE_MEDIA_TYPES},
        }
    },
)
def associate_certificate(
    actor: ActorDep,
    session: SessionDep,
    runtime: RuntimeDep,
    language: LanguageDep,
    data: Annotated[bytes, Depends(certificate_body)],
) -> CertificatePublic:
    """Associate a certificate issued to the caller's NIF with the caller's account.

    The certificate must also be valid for login now: trusted issuer, in its validity
    dates, not revoked, with the digitalSignature key usage.
    """
    summary = add_certificate(session, actor, data, trust_store_for(runtime.settings))
    return CertificatePublic.of(summary, language)


@router.delete("/certificates/{certificate_id}", status_code=204, responses=ERROR_RESPONSES, tags=["certificates"])
def dissociate_certificate(certificate_id: int, actor: ActorDep, session: SessionDep) -> Response:
    """Remove a certificate from the caller's account and end the sessions opened with it."""
    remove_certificate(session, actor, certificate_id)
    return Response(status_code=204)
