# SPDX-License-Identifier: EUPL-1.2
"""'Mis certificados': associating certificates with the account, and certificate login errors."""

from __future__ import annotations

import asyncio
import logging
import string
from collections.abc import Callable
from typing import TypeVar
from zoneinfo import ZoneInfo

import reflex as rx

from clic_app.locales import catalogue, translate
from clic_app.models import CertificateProfile
from clic_app.services.access import Actor
from clic_app.services.certificate_profiles import MAX_CERTIFICATE_SIZE
from clic_app.services.certificates import (
    CertificateSummary,
    add_certificate,
    list_certificates,
    remove_certificate,
    trust_store_for,
)
from clic_app.services.db import session_scope
from clic_app.services.errors import ClicError, NotAuthenticated
from clic_app.services.identity import actor_for_token
from clic_app.services.runtime import get_runtime
from clic_app.settings import get_settings
from clic_app.state.session import SessionState

logger = logging.getLogger(__name__)

UPLOAD_ID = "certificate-upload"
UPLOAD_BUTTON_ID = "certificate-upload-button"
LIST_HEADING_ID = "certificates-list-heading"
CERTIFICATE_LINK_ID = "certificate-login-link"
MADRID = ZoneInfo("Europe/Madrid")
# Codes that the certificate session route puts in ?certificate_error=. Others are ignored.
LOGIN_ERROR_CODES = frozenset({
    "certificate_missing", "certificate_unreadable", "certificate_too_large", "certificate_login_disabled",
    "certificate_not_yet_valid", "certificate_expired", "certificate_issuer_expired", "certificate_untrusted",
    "certificate_revoked", "certificate_revocation_unknown", "certificate_usage_invalid", "certificate_invalid",
    "certificate_not_associated", "certificate_account_inactive",
})

Result = TypeVar("Result")


class CertificatesState(SessionState):
    """The account's certificates, filled only after the session is checked."""

    loaded: bool = False
    certificates: list[dict[str, str]] = []
    error: str = ""
    notice: str = ""
    working: bool = False

    @rx.event
    async def load(self):
        """Page guard and loader: unauthenticated visitors go to the login page."""
        self.loaded, self.error, self.notice = False, "", ""
        try:
            summaries = await self._call(list_certificates)
        except NotAuthenticated:
            self._forget_user()
            return rx.redirect("/login")
        self._show(summaries)
        return None

    @rx.event
    async def upload_certificate(self, files: list[rx.UploadFile]):
        """Associate the uploaded certificate, passing its bytes to the service and never to disk."""
        self.error, self.notice, self.working = "", "", True
        yield
        # Reading one byte past the limit is enough to reject a larger file.
        data = await files[0].read(MAX_CERTIFICATE_SIZE + 1) if files else b""
        try:
            await self._call(_add_certificate(data))
            summaries = await self._call(list_certificates)
        except NotAuthenticated:
            self.working = False
            self._forget_user()
            yield rx.redirect("/login")
            return
        except ClicError as error:
            self.working = False
            self.error = self.error_text(error)
            yield rx.set_focus(UPLOAD_BUTTON_ID)
            return
        self.working = False
        self._show(summaries)
        self.notice = self.t["certificates.added"]

    @rx.event
    def reject_file(self, rejected: list[dict]):
        """Explain why the browser refused the chosen file (size or type) before sending it."""
        codes = {error.get("code") for item in rejected for error in item.get("errors", [])}
        code = "certificate_too_large" if "file-too-large" in codes else "certificate_unreadable"
        self.error = translate(f"error.{code}", self.language, max_kb=MAX_CERTIFICATE_SIZE // 1024)
        self.notice = ""
        return rx.set_focus(UPLOAD_BUTTON_ID)

    @rx.event
    async def remove(self, certificate_id: str):
        """Remove one certificate from the account."""
        self.error, self.notice = "", ""
        try:
            await self._call(_remove_certificate(int(certificate_id)))
            summaries = await self._call(list_certificates)
        except NotAuthenticated:
            self._forget_user()
            return rx.redirect("/login")
        except ClicError as error:
            self.error = self.error_text(error)
            return rx.set_focus(LIST_HEADING_ID)
        except ValueError:
            # Only a hand-made event sends an id that is not a number.
            self.error = self.t["error.certificate_not_found"]
            return rx.set_focus(LIST_HEADING_ID)
        self._show(summaries)
        self.notice = self.t["certificates.removed"]
        return rx.set_focus(LIST_HEADING_ID)

    async def _call(self, action: Callable[..., Result]) -> Result:
        """Run ``action(session, actor)`` off the event loop, with the session re-checked now."""
        token, client = self.session_token, self.router.session.client_ip or "unknown"
        return await asyncio.to_thread(_with_actor, token, client, action)

    def _show(self, summaries: list[CertificateSummary]) -> None:
        self.certificates = [_row(summary, self.language) for summary in summaries]
        self.loaded = True


def _with_actor(token: str, client: str, action: Callable[..., Result]) -> Result:
    with session_scope(get_runtime().engine) as session:
        actor = actor_for_token(session, token, client)
        return action(session, actor)


def _add_certificate(data: bytes) -> Callable[..., CertificateSummary]:
    def add(session, actor: Actor) -> CertificateSummary:
        return add_certificate(session, actor, data, trust_store_for(get_runtime().settings))

    return add


def _remove_certificate(certificate_id: int) -> Callable[..., None]:
    def remove(session, actor: Actor) -> None:
        remove_certificate(session, actor, certificate_id)

    return remove


def _row(summary: CertificateSummary, language: str) -> dict[str, str]:
    expires = summary.not_after.astimezone(MADRID).strftime("%d/%m/%Y")
    holder = f"{summary.holder_name} ({summary.holder_nif})" if summary.holder_nif else summary.holder_name
    represents = ""
    if summary.entity_nif:
        entity = f"{summary.entity_name} ({summary.entity_nif})" if summary.entity_name else summary.entity_nif
        represents = translate("certificates.represents", language, entity=entity)
    return {
        "id": str(summary.id),
        "holder": holder,
        "represents": represents if summary.profile is CertificateProfile.REPRESENTANTE else "",
        "profile": translate(summary.profile.message_key, language),
        "issuer": summary.issuer_name,
        "expires": expires,
        "expired": translate("certificates.expired", language) if summary.expired else "",
        "remove_label": translate(
            "certificates.remove_label", language, holder=summary.holder_name, issuer=summary.issuer_name, date=expires
        ),
    }


class CertificateLoginState(SessionState):
    """The certificate login link of the login page, and the error it came back with."""

    certificate_error: str = ""

    @rx.var
    def certificate_login_url(self) -> str:
        return get_settings().certificate_login_url

    @rx.event
    def show_certificate_error(self):
        """Show the error of a failed certificate login (``?certificate_error=<code>``)."""
        query = self.router.url.query_parameters
        code = query.get("certificate_error", "")
        if code not in LOGIN_ERROR_CODES:
            self.certificate_error = ""
            return None
        template = catalogue(self.language)[f"error.{code}"]
        # Only the message's own placeholders are read from the query, and briefly.
        names = {name for _text, name, _spec, _conversion in string.Formatter().parse(template) if name}
        self.certificate_error = template.format(**{name: query.get(name, "")[:20] for name in names})
        return rx.set_focus(CERTIFICATE_LINK_ID)
