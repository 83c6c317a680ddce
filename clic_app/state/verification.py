# SPDX-License-Identifier: EUPL-1.2
"""Public '/verificar' page: look up a document by its CSV."""

from __future__ import annotations

import asyncio

import reflex as rx

from clic_app.locales import translate
from clic_app.services.db import session_scope
from clic_app.services.errors import ClicError
from clic_app.services.pdf import MADRID
from clic_app.services.runtime import get_runtime
from clic_app.services.verification import VerifiedDocument, verify
from clic_app.state.session import SessionState

CSV_FIELD_ID = "verify-csv"


class VerificationState(SessionState):
    """The CSV typed in and what was found for it."""

    csv_input: str = ""
    error: str = ""
    found: bool = False
    kind_label: str = ""
    issued_at: str = ""
    sha256: str = ""
    csv_display: str = ""
    download_url: str = ""
    test_document: bool = False

    @rx.event
    async def load(self):
        """Verify at once when the page is opened from a QR code (``?csv=...``)."""
        self.found, self.error = False, ""
        csv = self.router.url.query_parameters.get("csv", "")
        if csv:
            self.csv_input = csv
            return VerificationState.check({"csv": csv})
        return None

    @rx.event
    async def check(self, form: dict):
        self.found, self.error = False, ""
        self.csv_input = form.get("csv", "")
        client = self.router.session.client_ip or "unknown"
        try:
            result = await asyncio.to_thread(_verify, client, self.csv_input)
        except ClicError as error:
            self.error = self.error_text(error)
            return rx.set_focus(CSV_FIELD_ID)
        self._show(result)
        return None

    def _show(self, result: VerifiedDocument) -> None:
        local = result.issued_at.astimezone(MADRID)
        self.kind_label = translate(result.kind.message_key, self.language)
        self.issued_at = local.strftime("%d/%m/%Y %H:%M:%S")
        self.sha256 = result.sha256
        self.csv_display = result.csv_display
        self.download_url = f"/api/v1/verification/{result.csv}/document"
        self.test_document = result.test_document
        self.found = True


def _verify(client: str, csv: str) -> VerifiedDocument:
    runtime = get_runtime()
    with session_scope(runtime.engine) as session:
        return verify(session, runtime.verification_limiter, client, csv)
