# SPDX-License-Identifier: EUPL-1.2
"""'/perfil': the account holder's email, phone, notification preferences and password."""

from __future__ import annotations

import asyncio

import reflex as rx

from clic_app.services import profile
from clic_app.services.access import Actor
from clic_app.services.accounts import DECIDING_ROLES
from clic_app.services.db import session_scope
from clic_app.services.errors import ClicError, NotAuthenticated
from clic_app.services.runtime import get_runtime
from clic_app.state.session import SessionState

FIELD_IDS = {
    "email": "profile-email",
    "phone": "profile-phone",
    "notify_by_sms": "profile-notify-sms",
    "current_password": "profile-current-password",
    "new_password": "profile-new-password",
    "password_repeat": "profile-password-repeat",
}
SECTION_OF_FIELD = {
    "email": "email",
    "phone": "contact",
    "notify_by_sms": "contact",
    "current_password": "password",
    "new_password": "password",
    "password_repeat": "password",
}

FIRST_FIELD_OF_SECTION = {"email": "email", "contact": "phone", "password": "current_password"}


class ProfileState(SessionState):
    """Profile page data, and the one message (error or notice) of its last action."""

    loaded: bool = False
    nif: str = ""
    full_name: str = ""
    email: str = ""
    pending_email: str = ""
    phone: str = ""
    notify_by_email: bool = True
    notify_by_sms: bool = False
    reviews_requests: bool = False
    error: str = ""
    error_field: str = ""
    notice: str = ""
    section: str = ""
    """Section the error or notice belongs to: email, contact or password."""
    working: bool = False

    @rx.event
    async def load(self):
        """Page guard and loader: visitors without a valid session go to the login page."""
        self.loaded, self.error, self.error_field, self.notice, self.section = False, "", "", "", ""
        try:
            actor = await self.current_actor()
        except NotAuthenticated:
            self._forget_user()
            return rx.redirect("/login")
        self._show(await asyncio.to_thread(_profile_of, actor))
        return None

    def _show(self, shown: profile.Profile) -> None:
        self.nif, self.full_name = shown.nif, shown.full_name
        self.email, self.pending_email = shown.email or "", shown.pending_email or ""
        self.phone = shown.phone
        self.notify_by_email, self.notify_by_sms = shown.notify_by_email, shown.notify_by_sms
        self.reviews_requests = bool(shown.roles & set(DECIDING_ROLES))
        self.loaded = True

    @rx.event
    async def save_email(self, form: dict):
        """Start an email change: the new address gets a confirmation link."""
        changes = profile.ProfileChanges(email=form.get("email", ""))
        async for update in self._apply("email", changes, "profile.email_sent"):
            yield update

    @rx.event
    async def save_contact(self, form: dict):
        """Save phone and notification preferences."""
        changes = profile.ProfileChanges(
            phone=form.get("phone", ""),
            notify_by_email=form.get("notify_by_email") == "on",
            notify_by_sms=form.get("notify_by_sms") == "on",
        )
        async for update in self._apply("contact", changes, "profile.contact_saved"):
            yield update

    async def _apply(self, section: str, changes: profile.ProfileChanges, notice_key: str):
        self._start(section)
        yield
        try:
            actor = await self.current_actor()
            result, shown = await asyncio.to_thread(_update, actor, changes, self.language)
        except NotAuthenticated:
            self._forget_user()
            yield rx.redirect("/login")
            return
        except ClicError as error:
            yield self._fail(error, section)
            return
        self._show(shown)
        changed = result.changed_fields or result.email_confirmation_sent
        self.notice = self.t[notice_key if changed else "profile.nothing_changed"]
        self.working = False
        if result.email_confirmation_sent:
            yield rx.set_value(FIELD_IDS["email"], "")

    @rx.event
    async def change_password(self, form: dict):
        """Replace the password; other sessions end, this one stays."""
        self._start("password")
        yield
        if form.get("new_password", "") != form.get("password_repeat", ""):
            self.error, self.error_field, self.working = self.t["accounts.passwords_differ"], "password_repeat", False
            yield rx.set_focus(FIELD_IDS["password_repeat"])
            return
        try:
            actor = await self.current_actor()
            ended = await asyncio.to_thread(
                _change_password, actor, form.get("current_password", ""), form.get("new_password", ""),
                self.session_token, self.language,
            )
        except NotAuthenticated:
            self._forget_user()
            yield rx.redirect("/login")
            return
        except ClicError as error:
            yield self._fail(error, "password")
            return
        self.notice = self.t["profile.password_changed"].format(count=ended)
        self.working = False
        # Cleared only after success, so a rejected attempt keeps what was typed.
        yield [rx.set_value(FIELD_IDS[name], "") for name in ("current_password", "new_password", "password_repeat")]

    def _start(self, section: str) -> None:
        self.error, self.error_field, self.notice, self.section, self.working = "", "", "", section, True

    def _fail(self, error: ClicError, section: str):
        self.error, self.working = self.error_text(error), False
        self.error_field = error.field or ""
        self.section = SECTION_OF_FIELD.get(self.error_field, section)
        return rx.set_focus(FIELD_IDS.get(self.error_field, FIELD_IDS[FIRST_FIELD_OF_SECTION[self.section]]))


def _profile_of(actor: Actor) -> profile.Profile:
    with session_scope(get_runtime().engine) as session:
        return profile.profile_of(session, actor)


def _update(actor: Actor, changes: profile.ProfileChanges, language: str):
    runtime = get_runtime()
    with session_scope(runtime.engine) as session:
        result = profile.update_profile(session, runtime.settings, actor, changes, language)
        return result, profile.profile_of(session, actor)


def _change_password(actor: Actor, current: str, new: str, keep_token: str, language: str) -> int:
    runtime = get_runtime()
    with session_scope(runtime.engine) as session:
        return profile.change_password(session, runtime.settings, actor, current, new, keep_token, language)

