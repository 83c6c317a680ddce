# SPDX-License-Identifier: EUPL-1.2
"""'/personal/cuentas': administrators manage staff accounts and roles.

Every handler acts through the services with the actor of the session cookie, so the
administrator role is checked again on each event and not only when the page loads.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import reflex as rx
from sqlmodel import Session

from clic_app.models import Role
from clic_app.services import staff
from clic_app.services.access import Actor
from clic_app.services.db import session_scope
from clic_app.services.errors import ClicError, NotAuthenticated, PermissionDenied
from clic_app.services.identity import actor_for_token
from clic_app.services.runtime import get_runtime
from clic_app.services.staff import NewStaffAccount, StaffAccount
from clic_app.state.session import SessionState

logger = logging.getLogger(__name__)

SEARCH_NIF_ID = "staff-search-nif"
CREATE_FIELDS = {
    "nif": "staff-new-nif",
    "full_name": "staff-new-name",
    "email": "staff-new-email",
    "roles": "staff-new-role-registry_clerk",
    "password": "staff-new-password",
}
STAFF_ROLE_ORDER = (Role.REGISTRY_CLERK, Role.CASE_HANDLER, Role.SIGNER, Role.ADMINISTRATOR)


class StaffAccountsState(SessionState):
    """Content of the staff accounts page; empty until the administrator role is confirmed."""

    allowed: bool = False
    checked: bool = False
    accounts: list[dict[str, str]] = []
    selected: dict[str, str] = {}
    selected_roles: list[dict[str, str]] = []
    error: str = ""
    error_field: str = ""
    notice: str = ""
    working: bool = False

    @rx.var
    def has_selection(self) -> bool:
        return bool(self.selected)

    @rx.var
    def role_choices(self) -> list[dict[str, str]]:
        """Return the staff roles offered in the creation form, with their labels."""
        return [{"role": role.value, "label": self.t[role.message_key]} for role in STAFF_ROLE_ORDER]

    @rx.event
    async def load(self):
        """Page guard and loader: only administrators see any account."""
        self._clear_messages()
        self.allowed, self.checked, self.accounts, self.selected, self.selected_roles = False, False, [], {}, []
        return await self._refresh_list()

    @rx.event
    async def search(self, form: dict):
        """Find any account by NIF/NIE and select it; the read is audited."""
        self._clear_messages()
        found = await self._call(staff.find_account, form.get("nif", ""))
        if isinstance(found, StaffAccount):
            self._select(found)
            return None
        return self._after_failure(found, {"search_nif": SEARCH_NIF_ID}, field_prefix="search_")

    @rx.event
    async def select(self, user_id: int):
        """Show one account of the list with its role buttons; the read is audited."""
        self._clear_messages()
        found = await self._call(staff.get_account, int(user_id))
        if isinstance(found, StaffAccount):
            self._select(found)
            return None
        return self._after_failure(found, {})

    @rx.event
    def close_selected(self):
        self.selected, self.selected_roles = {}, []

    @rx.event
    async def toggle_role(self, role: str):
        """Grant ``role`` to the selected account, or revoke it if the account has it."""
        self._clear_messages()
        if not self.selected:
            return None
        chosen = Role(role)
        has_role = any(row["role"] == role and row["held"] for row in self.selected_roles)
        operation = staff.revoke_role if has_role else staff.grant_role
        changed = await self._call(operation, int(self.selected["id"]), chosen)
        if not isinstance(changed, StaffAccount):
            return self._after_failure(changed, {})
        key = "staff.role_revoked" if has_role else "staff.role_granted"
        self.notice = self.t[key].format(role=self.t[chosen.message_key], id=changed.user_id)
        self._select(changed)
        return await self._refresh_list()

    @rx.event
    async def set_enabled(self, enabled: bool):
        """Enable or disable the selected account."""
        self._clear_messages()
        if not self.selected:
            return None
        changed = await self._call(staff.set_account_enabled, int(self.selected["id"]), bool(enabled))
        if not isinstance(changed, StaffAccount):
            return self._after_failure(changed, {})
        self.notice = self.t["staff.enabled" if enabled else "staff.disabled"].format(id=changed.user_id)
        self._select(changed)
        return await self._refresh_list()

    @rx.event
    async def create(self, form: dict):
        """Create a staff account with the ticked roles."""
        self._clear_messages()
        self.working = True
        yield
        new = _new_account(form)
        created = await self._call(_create_account, new, self.language)
        self.working = False
        if not isinstance(created, StaffAccount):
            yield self._after_failure(created, CREATE_FIELDS)
            return

        key = "staff.created" if new.password else "staff.created_link_sent"
        self.notice = self.t[key].format(id=created.user_id, email=created.email)
        self._select(created)
        # The form keeps its values after an error so they can be corrected; after
        # success it is emptied, above all the initial password.
        for field, field_id in CREATE_FIELDS.items():
            if field != "roles":
                yield rx.set_value(field_id, "")
        yield await self._refresh_list()

    async def _refresh_list(self):
        listed = await self._call(staff.list_staff_accounts)
        self.checked = True
        if not isinstance(listed, list):
            return self._after_failure(listed, {})
        self.allowed = True
        self.accounts = [self._row(account) for account in listed]
        return None

    async def _call(self, operation: Callable[..., Any], *args: Any) -> Any:
        """Run a staff service as the session's actor, off the event loop; return its result or error."""
        token, client = self.session_token, self.router.session.client_ip or "unknown"
        try:
            return await asyncio.to_thread(_as_actor, token, client, operation, *args)
        except ClicError as error:
            return error

    def _after_failure(self, error: ClicError, field_ids: dict[str, str], field_prefix: str = ""):
        if isinstance(error, NotAuthenticated):
            self._forget_user()
            self.allowed = False
            return rx.redirect("/login")
        if isinstance(error, PermissionDenied) and error.code == "permission_denied":
            # The role may have been revoked while the page was open: hide everything.
            self.allowed, self.accounts, self.selected, self.selected_roles = False, [], {}, []
            return None
        # The prefix separates the search form's NIF field from the creation form's.
        self.error_field = f"{field_prefix}{error.field}" if error.field else ""
        self.error = self.error_text(error)
        field_id = field_ids.get(self.error_field)
        return rx.set_focus(field_id) if field_id else None

    def _clear_messages(self) -> None:
        self.error, self.error_field, self.notice = "", "", ""

    def _row(self, account: StaffAccount) -> dict[str, str]:
        return {
            "id": str(account.user_id),
            "nif": account.nif,
            "name": account.full_name,
            "email": account.email,
            "roles": ", ".join(self.t[role.message_key] for role in sorted(account.roles)),
            "status": self.t[f"staff.status.{account.status.value}"],
            "active": "yes" if account.status.value == "active" else "",
            "manage_label": self.t["staff.manage_label"].format(nif=account.nif),
        }

    def _select(self, account: StaffAccount) -> None:
        self.selected = self._row(account)
        self.selected_roles = [
            {
                "role": role.value,
                "held": "yes" if role in account.roles else "",
                "label": self.t[("staff.revoke" if role in account.roles else "staff.grant")].format(
                    role=self.t[role.message_key]
                ),
            }
            for role in STAFF_ROLE_ORDER
        ]


def _as_actor(token: str, client: str, operation: Callable[..., Any], *args: Any) -> Any:
    with session_scope(get_runtime().engine) as session:
        actor = actor_for_token(session, token, client)
        return operation(session, actor, *args)


def _new_account(form: dict) -> NewStaffAccount:
    # A ticked checkbox posts "on"; an unticked one posts nothing.
    ticked = frozenset(role for role in STAFF_ROLE_ORDER if form.get(f"role_{role.value}") in ("on", "true", True))
    return NewStaffAccount(
        nif=form.get("nif", ""),
        full_name=form.get("full_name", ""),
        roles=ticked,
        password=form.get("password", ""),
        email=form.get("email", ""),
    )


def _create_account(session: Session, actor: Actor, new: NewStaffAccount, language: str) -> StaffAccount:
    return staff.create_staff_account(session, actor, new, get_runtime().settings, language)
