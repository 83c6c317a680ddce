# SPDX-License-Identifier: EUPL-1.2
"""Representation screens: the acting-for selector, '/representacion' and the staff register.

Every handler takes the actor from the session cookie again and lets the services
decide, so calling a handler over the websocket without the page gives nothing more.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from typing import Any

import reflex as rx

from clic_app.locales import translate
from clic_app.models import Mandate, MandateStatus, PartyKind
from clic_app.services import acting_for, representation
from clic_app.services.access import Actor
from clic_app.services.db import session_scope
from clic_app.services.errors import ClicError, NotAuthenticated
from clic_app.services.procedures import Procedure
from clic_app.services.representation import MandateTerms, Party, parse_date
from clic_app.services.runtime import get_runtime
from clic_app.state.session import SessionState

logger = logging.getLogger(__name__)

PARTY_SELECT_ID = "acting-for-party"
PROPOSE_FIELDS = {
    "representative_nif": "propose-nif",
    "procedures": "propose-scope-all",
    "valid_from": "propose-from",
    "valid_until": "propose-until",
}
REQUEST_FIELDS = {
    "represented_nif": "request-nif",
    "represented_name": "request-name",
    "procedures": "request-scope-all",
    "valid_from": "request-from",
    "valid_until": "request-until",
}
REGISTER_FIELDS = {
    "representative_nif": "register-representative",
    "represented_nif": "register-nif",
    "represented_name": "register-name",
    "procedures": "register-scope-all",
    "valid_from": "register-from",
    "valid_until": "register-until",
}
SEARCH_FIELD_ID = "mandate-search-nif"
_MANAGERS = frozenset(representation.MANDATE_MANAGERS)


def terms_from_form(form: dict) -> MandateTerms:
    """Read scope and dates from a mandate form: a ``scope`` radio and one checkbox per procedure."""
    picked = tuple(code.value for code in Procedure if form.get(f"procedure-{code.value}"))
    return MandateTerms(
        all_procedures=form.get("scope", "all") != "some",
        procedures=picked,
        valid_from=parse_date(form.get("valid_from", ""), "valid_from"),
        valid_until=parse_date(form.get("valid_until", ""), "valid_until"),
    )


def _date_text(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def mandate_row(mandate: Mandate, actor: Actor, language: str) -> dict[str, str]:
    """Return what a table row shows of ``mandate`` to ``actor``, with the buttons it may use."""
    status = representation.effective_status(mandate)
    codes = representation.procedures_of(mandate)
    scope = translate("representation.scope_all", language) if not codes else ", ".join(
        translate(Procedure(code).message_key, language) for code in codes
    )
    period_key = "representation.period_value" if mandate.valid_until else "representation.period_open"
    may_accept = status is MandateStatus.PENDING and mandate.represented_nif == actor.user.nif
    may_revoke = status in (MandateStatus.PENDING, MandateStatus.AUTHORISED) and representation.may_revoke(
        actor, mandate, status
    )
    withdraw = mandate.representative_nif == actor.user.nif and not actor.roles & _MANAGERS
    return {
        "id": str(mandate.id),
        "representative": mandate.representative_nif,
        "party": f"{mandate.represented_name} ({mandate.represented_nif})",
        "kind": translate(f"party_kind.{mandate.represented_kind.value}", language),
        "origin": translate(f"mandate_origin.{mandate.origin.value}", language),
        "scope": scope,
        "period": translate(
            period_key, language, start=_date_text(mandate.valid_from), end=_date_text(mandate.valid_until)
        ),
        "status": translate(status.message_key, language),
        "can_accept": "yes" if may_accept else "",
        "can_revoke": "yes" if may_revoke else "",
        "revoke_text": translate("representation.withdraw" if withdraw else "representation.revoke", language),
        "accept_label": translate("representation.accept_label", language, nif=mandate.representative_nif),
        "revoke_label": translate("representation.revoke_label", language, id=mandate.id),
    }


def _rows(mandates: Iterable[Mandate], actor: Actor, language: str) -> list[dict[str, str]]:
    return [mandate_row(mandate, actor, language) for mandate in mandates]


def _in_session(service: Callable[..., Any], *args: Any) -> Any:
    with session_scope(get_runtime().engine) as session:
        return service(session, *args)


class ActingForState(SessionState):
    """The party the session acts for, and the others it may switch to."""

    parties: list[dict[str, str]] = []
    acting_nif: str = ""
    acting_name: str = ""
    acting_for_other: bool = False
    acting_error: str = ""

    @rx.var
    def can_switch(self) -> bool:
        return len(self.parties) > 1

    @rx.event
    async def load_parties(self):
        """Fill the selector from the session cookie; shows nothing without a valid session."""
        self.acting_error = ""
        token = self.session_token
        try:
            parties, current = await asyncio.to_thread(_in_session, acting_for.parties_for_token, token)
        except NotAuthenticated:
            self.parties, self.acting_nif, self.acting_name, self.acting_for_other = [], "", "", False
            return
        self.parties = [{"nif": party.nif, "label": self._party_label(party)} for party in parties]
        self.acting_nif, self.acting_name = current.nif, current.name
        self.acting_for_other = not current.is_self

    def _party_label(self, party: Party) -> str:
        if party.is_self:
            return translate("acting_for.self", self.language, name=party.name)
        return f"{party.name} ({party.nif})"

    @rx.event
    async def switch(self, form: dict):
        """Act for the chosen party, then reload the page so that it shows that party's data."""
        self.acting_error = ""
        token = self.session_token
        try:
            await asyncio.to_thread(_in_session, acting_for.switch_party, token, form.get("party", ""))
        except NotAuthenticated:
            self._forget_user()
            return rx.redirect("/login")
        except ClicError as error:
            self.acting_error = self.error_text(error)
            return rx.set_focus(PARTY_SELECT_ID)
        # A full reload runs every loader of the page again, now for the new party.
        return rx.call_script("window.location.reload()")


class MandateFormMixin(rx.State, mixin=True):
    """Messages of the mandate screens; a mixin, so that each screen keeps its own copy."""

    error: str = ""
    error_field: str = ""
    notice: str = ""
    form_key: int = 0
    """Changing it remounts the forms, which empties them after a success."""

    @rx.var
    def procedure_choices(self) -> list[dict[str, str]]:
        """Return the procedures a mandate may cover, with their labels in the current language."""
        return [
            {"code": item.value, "slug": item.value.replace(".", "-"), "label": translate(item.message_key, self.language)}
            for item in Procedure
        ]

    def _clear_messages(self) -> None:
        self.error, self.error_field, self.notice = "", "", ""

    def _fail(self, error: ClicError, field_ids: dict[str, str]):
        self.error, self.error_field = self.error_text(error), error.field or ""
        field_id = field_ids.get(error.field or "")
        return rx.set_focus(field_id) if field_id else None

    async def _perform(self, service: Callable[..., Any], args: tuple, field_ids: dict[str, str]) -> tuple[Any, Any]:
        """Call ``service(session, actor, *args)`` off the event loop as the session's actor.

        Returns the service's result and None, or None and the event to return instead
        (to the login page, or focus on the field at fault).
        """
        self._clear_messages()
        try:
            actor = await self.current_actor()
            return await asyncio.to_thread(_in_session, service, actor, *args), None
        except NotAuthenticated:
            self._forget_user()
            return None, rx.redirect("/login")
        except ClicError as error:
            return None, self._fail(error, field_ids)


class RepresentationState(MandateFormMixin, SessionState):
    """'/representacion': the holder's mandates both ways, and forms to propose or request one."""

    loaded: bool = False
    as_representative: list[dict[str, str]] = []
    as_represented: list[dict[str, str]] = []

    @rx.event
    async def load(self):
        """Page guard and loader: unauthenticated visitors go to the login page."""
        self._clear_messages()
        self.loaded = False
        return await self._refresh()

    async def _refresh(self):
        try:
            actor = await self.current_actor()
        except NotAuthenticated:
            self._forget_user()
            return rx.redirect("/login")
        lists = await asyncio.to_thread(_in_session, representation.mandates_of, actor)
        self.as_representative = _rows(lists.as_representative, actor, self.language)
        self.as_represented = _rows(lists.as_represented, actor, self.language)
        self.loaded = True
        return None

    async def _submit(self, service: Callable[..., Any], args: tuple, notice_key: str, field_ids: dict[str, str]):
        result, failure = await self._perform(service, args, field_ids)
        if result is None:
            return failure
        self.notice = self.t[notice_key]
        self.form_key += 1
        return await self._refresh()

    @rx.event
    async def propose(self, form: dict):
        """Authorise the person typed in to represent the account holder."""
        try:
            terms = terms_from_form(form)
        except ClicError as error:
            self._clear_messages()
            return self._fail(error, PROPOSE_FIELDS)
        args = (form.get("representative_nif", ""), terms)
        return await self._submit(representation.propose_mandate, args, "representation.proposed", PROPOSE_FIELDS)

    @rx.event
    async def request(self, form: dict):
        """Ask the person typed in to let the account holder represent them."""
        try:
            terms = terms_from_form(form)
        except ClicError as error:
            self._clear_messages()
            return self._fail(error, REQUEST_FIELDS)
        args = (form.get("represented_nif", ""), form.get("represented_name", ""), terms)
        return await self._submit(representation.request_mandate, args, "representation.requested", REQUEST_FIELDS)

    @rx.event
    async def accept(self, mandate_id: str):
        return await self._submit(representation.accept_mandate, (int(mandate_id),), "representation.accepted", {})

    @rx.event
    async def revoke(self, mandate_id: str):
        return await self._submit(representation.revoke_mandate, (int(mandate_id),), "representation.revoked", {})


class StaffMandatesState(MandateFormMixin, SessionState):
    """'/personal/apoderamientos': registry clerks and administrators register and revoke mandates."""

    allowed: bool = False
    checked: bool = False
    mandates: list[dict[str, str]] = []
    search_nif: str = ""

    @rx.var
    def kind_choices(self) -> list[dict[str, str]]:
        return [{"kind": kind.value, "label": translate(f"party_kind.{kind.value}", self.language)} for kind in PartyKind]

    @rx.event
    async def load(self):
        """Page guard and loader: nothing is listed until the service confirms the role."""
        self._clear_messages()
        self.allowed, self.checked, self.mandates, self.search_nif = False, False, [], ""
        return await self._list()

    async def _list(self):
        mandates, failure = await self._perform(representation.search_mandates, (self.search_nif,), {})
        if mandates is None:
            self.allowed, self.checked, self.mandates = False, True, []
            return failure
        actor = await self.current_actor()
        self.mandates = _rows(mandates, actor, self.language)
        self.allowed, self.checked = True, True
        return None

    @rx.event
    async def search(self, form: dict):
        self.search_nif = form.get("nif", "").strip()
        return await self._list()

    @rx.event
    async def register(self, form: dict):
        """Register the mandate typed in; the service checks the role again."""
        try:
            terms = terms_from_form(form)
        except ClicError as error:
            self._clear_messages()
            return self._fail(error, REGISTER_FIELDS)
        kind = PartyKind.COMPANY if form.get("represented_kind") == PartyKind.COMPANY.value else PartyKind.PERSON
        party = Party(form.get("represented_nif", ""), form.get("represented_name", ""), kind)
        args = (form.get("representative_nif", ""), party, terms)
        mandate, failure = await self._perform(representation.register_mandate, args, REGISTER_FIELDS)
        if mandate is None:
            return failure
        self.form_key += 1
        await self._list()
        self.notice = translate("staff_mandates.registered", self.language, id=mandate.id)
        return None

    @rx.event
    async def revoke(self, mandate_id: str):
        mandate, failure = await self._perform(representation.revoke_mandate, (int(mandate_id),), {})
        if mandate is None:
            return failure
        await self._list()
        self.notice = self.t["representation.revoked"]
        return None
