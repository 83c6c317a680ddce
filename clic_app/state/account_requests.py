# SPDX-License-Identifier: EUPL-1.2
"""'/personal/solicitudes': registry clerks and administrators decide on access requests."""

from __future__ import annotations

import asyncio

import reflex as rx

from clic_app.services import accounts
from clic_app.services.access import Actor
from clic_app.services.db import session_scope
from clic_app.services.errors import ClicError, NotAuthenticated, PermissionDenied
from clic_app.services.pdf import MADRID
from clic_app.services.runtime import get_runtime
from clic_app.state.session import SessionState


def reason_field_id(account_id: str) -> str:
    return f"reason-{account_id}"


class AccountRequestsState(SessionState):
    """The pending requests; rendered only after the role check passed."""

    allowed: bool = False
    requests: list[dict[str, str]] = []
    error: str = ""
    error_request: str = ""
    """Account id of the request the error is about; empty for page-wide errors."""
    notice: str = ""

    @rx.event
    async def load(self):
        """Page guard and loader: login required, then the registry clerk or administrator role."""
        self.allowed, self.requests, self.error, self.error_request, self.notice = False, [], "", "", ""
        try:
            actor = await self.current_actor()
            pending = await asyncio.to_thread(_list_pending, actor)
        except NotAuthenticated:
            self._forget_user()
            return rx.redirect("/login")
        except PermissionDenied as error:
            self.error = self.error_text(error)
            return None
        self.requests = [self._row(request) for request in pending]
        self.allowed = True
        return None

    def _row(self, request: accounts.AccountRequest) -> dict[str, str]:
        confirmed = request.email_confirmed_at
        return {
            "id": str(request.account_id),
            "nif": request.nif,
            "name": request.full_name,
            "email": request.email,
            "requested_at": request.requested_at.astimezone(MADRID).strftime("%d/%m/%Y %H:%M"),
            "confirmed_at": confirmed.astimezone(MADRID).strftime("%d/%m/%Y %H:%M") if confirmed else "",
            "census": request.census_name or self.t["requests.census_none"],
        }

    @rx.event
    async def approve(self, account_id: str):
        async for update in self._decide(account_id, True, ""):
            yield update

    @rx.event
    async def reject(self, form: dict):
        async for update in self._decide(form.get("account_id", ""), False, form.get("reason", "")):
            yield update

    async def _decide(self, account_id: str, approve: bool, reason: str):
        """Decide through the service, which checks the role again, then drop the row."""
        self.error, self.error_request, self.notice = "", "", ""
        name = next((row["name"] for row in self.requests if row["id"] == account_id), "")
        try:
            actor = await self.current_actor()
            # A non-numeric id can only come from a forged event; id 0 matches no request.
            await asyncio.to_thread(_decide, actor, int(account_id) if account_id.isdigit() else 0, approve, reason)
        except NotAuthenticated:
            self._forget_user()
            yield rx.redirect("/login")
            return
        except ClicError as error:
            self.error = self.error_text(error)
            self.error_request = account_id
            if account_id.isdigit():
                # set_focus finds components by a ref made from a fixed id, which the
                # ids built inside rx.foreach are not; the id is digits only, so safe here.
                yield rx.call_script(f"document.getElementById('{reason_field_id(account_id)}')?.focus()")
            return
        self.requests = [row for row in self.requests if row["id"] != account_id]
        self.notice = self.t["requests.approved" if approve else "requests.rejected"].format(name=name)


def _list_pending(actor: Actor) -> list[accounts.AccountRequest]:
    with session_scope(get_runtime().engine) as session:
        return accounts.list_pending_requests(session, actor)


def _decide(actor: Actor, account_id: int, approve: bool, reason: str) -> None:
    runtime = get_runtime()
    with session_scope(runtime.engine) as session:
        accounts.decide_request(session, runtime.settings, actor, account_id, approve, reason)
