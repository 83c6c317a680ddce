# SPDX-License-Identifier: EUPL-1.2
"""'Mis datos de padrón': the citizen's registration and volante downloads."""

from __future__ import annotations

import asyncio
import logging

import reflex as rx

from clic_app.locales import translate

from clic_app.services.access import Actor
from clic_app.services.census import CensusRecord, census_record_of, nationality_name
from clic_app.services.db import session_scope
from clic_app.services.documents import format_csv
from clic_app.services.errors import ClicError, NotAuthenticated
from clic_app.services.runtime import get_runtime
from clic_app.services.volantes import VolanteKind, issue_volante_for
from clic_app.state.session import SessionState

logger = logging.getLogger(__name__)


class CensusState(SessionState):
    """Data of the census page, filled only after the session is checked."""

    loaded: bool = False
    person: dict[str, str] = {}
    members: list[dict[str, str]] = []
    address: str = ""
    sheet_number: str = ""
    withheld_note: str = ""
    error: str = ""
    notice: str = ""
    issuing: bool = False

    @rx.event
    async def load(self):
        """Page guard and loader: unauthenticated visitors go to the login page."""
        self.loaded, self.error, self.notice = False, "", ""
        try:
            actor = await self.current_actor()
        except NotAuthenticated:
            self._forget_user()
            return rx.redirect("/login")
        self.user_nif = actor.user.nif
        try:
            record = await asyncio.to_thread(_record, actor)
        except ClicError as error:
            self.error = self.error_text(error)
            return None
        self._show(record)
        return None

    def _show(self, record: CensusRecord) -> None:
        language = self.language
        self.person = _person_view(record.person, language) | {"since": record.joined_on.strftime("%d/%m/%Y")}
        self.members = [
            _person_view(member.person, language) | {"since": member.joined_on.strftime("%d/%m/%Y")}
            for member in record.members
        ]
        self.address = record.address(get_runtime().settings.council.town, language)
        self.sheet_number = record.sheet.number
        self.withheld_note = _withheld_note(record.withheld, language)
        self.loaded = True

    @rx.event
    async def issue(self, kind: str):
        """Issue a sealed volante and send it to the browser as a download."""
        self.error, self.notice, self.issuing = "", "", True
        yield
        try:
            actor = await self.current_actor()
            csv, filename, content = await asyncio.to_thread(_issue, actor, VolanteKind.parse(kind))
        except NotAuthenticated:
            self.issuing = False
            self._forget_user()
            yield rx.redirect("/login")
            return
        except ClicError as error:
            self.issuing = False
            self.error = self.error_text(error)
            return
        self.issuing = False
        self.notice = self.t["census.volante_ready"].format(csv=format_csv(csv))
        yield rx.download(data=content, filename=filename, mime_type="application/pdf")


def _person_view(person, language: str) -> dict[str, str]:
    return {
        "name": person.full_name,
        "document": f"{translate(person.document_kind.message_key, language)} {person.document_number}",
        "birth_date": person.birth_date.strftime("%d/%m/%Y"),
        "nationality": nationality_name(person.nationality, language),
    }


def _withheld_note(count: int, language: str) -> str:
    if count == 0:
        return ""
    key = "census.withheld_one" if count == 1 else "census.withheld_many"
    return translate(key, language, count=count)


def _record(actor: Actor) -> CensusRecord:
    # The record is of the party the session acts for, checked against its mandate.
    with session_scope(get_runtime().engine) as session:
        return census_record_of(session, actor)


def _issue(actor: Actor, kind: VolanteKind) -> tuple[str, str, bytes]:
    runtime = get_runtime()
    with session_scope(runtime.engine) as session:
        document = issue_volante_for(session, runtime, actor, kind)
        csv, filename, digest = document.csv, document.filename, document.sha256
    return csv, filename, runtime.store.get(digest)
