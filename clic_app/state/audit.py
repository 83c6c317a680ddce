# SPDX-License-Identifier: EUPL-1.2
"""'/mis-accesos': who has read the logged-in person's data, and when."""

from __future__ import annotations

import asyncio
from zoneinfo import ZoneInfo

import reflex as rx

from clic_app.services.audit import DataAccess, data_access_for
from clic_app.services.db import session_scope
from clic_app.services.errors import NotAuthenticated
from clic_app.services.identity import actor_for_token
from clic_app.services.runtime import get_runtime
from clic_app.state.session import SessionState

MADRID = ZoneInfo("Europe/Madrid")
_KNOWN_OBJECTS = ("account", "account_request", "census_record", "mandate_search")


class DataAccessState(SessionState):
    """The reads of the holder's data; filled only after the session is checked."""

    loaded: bool = False
    rows: list[dict[str, str]] = []

    @rx.event
    async def load(self):
        """Page guard and loader: unauthenticated visitors go to the login page."""
        self.loaded, self.rows = False, []
        token, client = self.session_token, self.router.session.client_ip or "unknown"
        try:
            accesses = await asyncio.to_thread(_accesses, token, client)
        except NotAuthenticated:
            self._forget_user()
            return rx.redirect("/login")
        self.rows = [self._row(access) for access in accesses]
        self.loaded = True
        return None

    def _row(self, access: DataAccess) -> dict[str, str]:
        what = access.object_type if access.object_type in _KNOWN_OBJECTS else "other"
        return {
            "when": access.occurred_at.astimezone(MADRID).strftime("%d/%m/%Y %H:%M"),
            "who": self.t["data_access.account"].format(id=access.reader_user_id),
            "roles": ", ".join(self.t[role.message_key] for role in access.reader_roles),
            "kind": self.t["data_access.by_staff" if access.by_staff else "data_access.by_representative"],
            "what": self.t[f"data_access.object.{what}"],
        }


def _accesses(token: str, client: str) -> list[DataAccess]:
    with session_scope(get_runtime().engine) as session:
        return data_access_for(session, actor_for_token(session, token, client))
