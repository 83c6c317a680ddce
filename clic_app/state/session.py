# SPDX-License-Identifier: EUPL-1.2
"""Login session and language of the browser tab; the base of every other state."""

from __future__ import annotations

import asyncio
import logging

import reflex as rx

from clic_app.locales import DEFAULT_LANGUAGE, LANGUAGES, catalogue
from clic_app.models import STAFF_ROLES, Role, UserAccount
from clic_app.services.access import Actor, roles_of
from clic_app.services.db import session_scope
from clic_app.services.errors import ClicError, NotAuthenticated
from clic_app.services.identity import actor_for_token, logout, user_for_token
from clic_app.services.runtime import get_runtime
from clic_app.settings import get_settings

logger = logging.getLogger(__name__)

SESSION_COOKIE = "clic_session"


class SessionState(rx.State):
    """Session of a browser tab: the logged-in account and the language of the screens."""

    # The session token lives in a SameSite=Strict cookie; only its hash is stored.
    session_token: str = rx.Cookie("", name=SESSION_COOKIE, same_site="strict", path="/")
    language: str = rx.Cookie(DEFAULT_LANGUAGE, name="clic_lang", same_site="lax", path="/")
    user_nif: str = ""
    is_staff: bool = False
    # Only decides which links the header shows; every staff handler re-checks roles.
    roles: list[str] = []

    @rx.var
    def t(self) -> dict[str, str]:
        """Return every message of the current language; pages look them up by key."""
        return catalogue(self.language)

    @rx.var
    def is_administrator(self) -> bool:
        return Role.ADMINISTRATOR in self.roles

    @rx.var
    def is_registry_staff(self) -> bool:
        return Role.ADMINISTRATOR in self.roles or Role.REGISTRY_CLERK in self.roles

    @rx.var
    def council_name(self) -> str:
        return get_settings().council.name

    @rx.var
    def logged_in(self) -> bool:
        return self.user_nif != ""

    @rx.var
    def other_language(self) -> str:
        return "en" if self.language == "es" else "es"

    @rx.event
    def switch_language(self):
        """Switch between Spanish and English and reload the page's data in the new language."""
        self.language = self.other_language if self.other_language in LANGUAGES else DEFAULT_LANGUAGE
        url = self.router.url
        return rx.redirect(f"{url.path}?{url.query}" if url.query else url.path)

    async def current_actor(self) -> Actor:
        """Return the logged-in actor (account, roles, represented party), re-checked now.

        Raises:
            NotAuthenticated: no valid session; the page should send the user to login.
        """
        token, client = self.session_token, self.router.session.client_ip or "unknown"
        return await asyncio.to_thread(_actor_for_token, token, client)

    async def current_user(self) -> UserAccount:
        """Return the logged-in account, re-checked against the database on every call.

        Raises:
            NotAuthenticated: no valid session; the page should send the user to login.
        """
        token = self.session_token
        return await asyncio.to_thread(_user_for_token, token)

    @rx.event
    async def refresh_session(self):
        """Load the account behind the cookie; clears a stale cookie."""
        try:
            user = await self.current_user()
        except NotAuthenticated:
            self._forget_user()
            return
        self.user_nif = user.nif
        roles = await asyncio.to_thread(_roles, user.id)
        self.roles = sorted(roles)
        self.is_staff = bool(roles & STAFF_ROLES)

    @rx.event
    async def log_out(self):
        token = self.session_token
        await asyncio.to_thread(_logout, token)
        self._forget_user()
        return rx.redirect("/")

    def _forget_user(self) -> None:
        self.session_token = ""
        self.user_nif = ""
        self.is_staff = False
        self.roles = []

    def error_text(self, error: ClicError) -> str:
        return error.message(self.language)


def _user_for_token(token: str) -> UserAccount:
    with session_scope(get_runtime().engine) as session:
        return user_for_token(session, token)


def _roles(user_id: int) -> frozenset[Role]:
    with session_scope(get_runtime().engine) as session:
        return roles_of(session, user_id)


def _actor_for_token(token: str, client: str) -> Actor:
    with session_scope(get_runtime().engine) as session:
        return actor_for_token(session, token, client)


def _logout(token: str) -> None:
    with session_scope(get_runtime().engine) as session:
        logout(session, token)
