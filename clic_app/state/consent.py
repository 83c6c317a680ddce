# SPDX-License-Identifier: EUPL-1.2
"""The consent section of 'Mis datos de padrón': who on the household sheet may see my data."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import reflex as rx

from clic_app.locales import translate
from clic_app.services import consent
from clic_app.services.consent import ConsentOverview
from clic_app.services.db import session_scope
from clic_app.services.errors import ClicError, NotAuthenticated
from clic_app.services.runtime import get_runtime
from clic_app.state.session import SessionState


def _in_session(service: Callable[..., Any], *args: Any) -> Any:
    with session_scope(get_runtime().engine) as session:
        return service(session, *args)


class ConsentState(SessionState):
    """Adult housemates by name and the consents given both ways; empty until the session is checked."""

    loaded: bool = False
    viewer_is_adult: bool = False
    housemates: list[dict[str, str]] = []
    error: str = ""
    notice: str = ""

    @rx.event
    async def load(self):
        """Fill the section; without a valid session or census record it stays hidden."""
        self.loaded, self.error, self.notice = False, "", ""
        await self._refresh()

    async def _refresh(self) -> None:
        try:
            actor = await self.current_actor()
            overview = await asyncio.to_thread(_in_session, consent.consent_overview, actor)
        except NotAuthenticated:
            self.loaded = False
            return
        except ClicError:
            # The census section above already explains a missing record or mandate.
            self.loaded = False
            return
        self._show(overview)

    def _show(self, overview: ConsentOverview) -> None:
        language = self.language
        self.viewer_is_adult = overview.viewer_is_adult
        self.housemates = [
            {
                "member_id": str(housemate.member_id),
                "name": housemate.name,
                "granted": "yes" if housemate.granted else "",
                "received": translate("consent.yes" if housemate.received else "consent.no", language),
                "granted_text": translate("consent.yes" if housemate.granted else "consent.no", language),
                "grant_label": translate("consent.grant_label", language, name=housemate.name),
                "revoke_label": translate("consent.revoke_label", language, name=housemate.name),
            }
            for housemate in overview.housemates
        ]
        self.loaded = True

    async def _change(self, service: Callable[..., Any], member_id: str, notice_key: str):
        self.error, self.notice = "", ""
        try:
            actor = await self.current_actor()
            await asyncio.to_thread(_in_session, service, actor, int(member_id))
        except NotAuthenticated:
            self._forget_user()
            return rx.redirect("/login")
        except ClicError as error:
            self.error = self.error_text(error)
            return None
        self.notice = self.t[notice_key]
        await self._refresh()
        return None

    @rx.event
    async def grant(self, member_id: str):
        """Let this housemate see my data and list me in their collective volantes."""
        return await self._change(consent.grant_consent, member_id, "consent.granted_notice")

    @rx.event
    async def revoke(self, member_id: str):
        """Withdraw the consent given to this housemate."""
        return await self._change(consent.revoke_consent, member_id, "consent.revoked_notice")
