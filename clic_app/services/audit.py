# SPDX-License-Identifier: EUPL-1.2
"""Append-only audit log chained by SHA-256.

Each event's hash covers its own fields and the previous event's hash, so editing or
removing any row breaks every later link, which :func:`verify_chain` reports.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from clic_app.models import AuditAction, AuditChainHead, AuditEvent, Role, utcnow
from clic_app.services.access import Actor

logger = logging.getLogger(__name__)

GENESIS_HASH = "0" * 64


def event_hash(event: AuditEvent) -> str:
    """Return the SHA-256 of ``event``'s fields and its previous hash."""
    fields = [
        event.sequence,
        event.occurred_at.isoformat(),
        event.actor_user_id,
        event.actor_roles,
        event.represented_nif,
        str(event.action),
        event.object_type,
        event.object_id,
        event.subject_person_id,
        event.client_address,
        event.details,
        event.previous_hash,
    ]
    canonical = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def record(
    session: Session,
    action: AuditAction,
    *,
    actor: Actor | None = None,
    object_type: str = "",
    object_id: str | int = "",
    subject_person_id: int | None = None,
    client_address: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event in the caller's transaction; it is kept only if that commits."""
    sequence, previous_hash = _advance_head(session)
    event = AuditEvent(
        sequence=sequence,
        occurred_at=utcnow(),
        actor_user_id=actor.user.id if actor else None,
        actor_roles=actor.roles_text if actor else "",
        represented_nif=actor.acting_for_nif if actor else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        subject_person_id=subject_person_id,
        client_address=client_address or (actor.client_address if actor else ""),
        details=json.dumps(details or {}, ensure_ascii=False, sort_keys=True),
        previous_hash=previous_hash,
        hash="",
    )
    event.hash = event_hash(event)
    session.add(event)
    session.execute(update(AuditChainHead).where(AuditChainHead.id == 1).values(hash=event.hash))
    session.flush()
    return event


def _advance_head(session: Session) -> tuple[int, str]:
    # The UPDATE takes the row lock (PostgreSQL) or the write lock (SQLite) before the
    # head is read, so two appenders can never read the same head.
    moved = session.execute(
        update(AuditChainHead).where(AuditChainHead.id == 1).values(sequence=AuditChainHead.sequence + 1)
    )
    if moved.rowcount == 0:
        session.add(AuditChainHead(id=1, sequence=1, hash=GENESIS_HASH))
        session.flush()
    head = session.exec(select(AuditChainHead).where(AuditChainHead.id == 1)).one()
    session.refresh(head)
    return head.sequence, head.hash


@dataclass(frozen=True)
class ChainReport:
    """Result of checking the whole chain."""

    events: int
    intact: bool
    first_broken_sequence: int | None = None
    reason: str = ""
    head_hash: str = ""
    """Hash of the last event when the chain is intact; kept outside the database, it
    shows a rewrite of the whole chain."""


def verify_chain(session: Session) -> ChainReport:
    """Recompute every link and report the first event that does not match."""
    expected_previous, expected_sequence, count = GENESIS_HASH, 1, 0
    # Streamed in batches, so memory use does not grow with the log.
    events = session.exec(select(AuditEvent).order_by(AuditEvent.sequence).execution_options(yield_per=1000))
    for event in events:
        count += 1
        if event.sequence != expected_sequence:
            return ChainReport(count, False, expected_sequence, "missing event")
        if event.previous_hash != expected_previous:
            return ChainReport(count, False, event.sequence, "previous hash does not match")
        if event_hash(event) != event.hash:
            return ChainReport(count, False, event.sequence, "event content changed")
        expected_previous, expected_sequence = event.hash, expected_sequence + 1

    head = session.get(AuditChainHead, 1)
    if head is None and count > 0:
        return ChainReport(count, False, expected_sequence, "chain head missing")
    if head is not None and head.sequence > count:
        return ChainReport(count, False, expected_sequence, "last events removed")
    if head is not None and (head.sequence != count or head.hash != expected_previous):
        return ChainReport(count, False, head.sequence, "chain head does not match the last event")
    return ChainReport(count, True, head_hash=expected_previous)


@dataclass(frozen=True)
class DataAccess:
    """One read of a person's data by someone else, identified by account id and roles only."""

    occurred_at: datetime
    reader_user_id: int | None
    reader_roles: tuple[Role, ...]
    object_type: str

    @property
    def by_staff(self) -> bool:
        """Whether the reader held a staff role; otherwise they acted as a representative."""
        return any(role.is_staff for role in self.reader_roles)


def record_personal_data_read(
    session: Session, actor: Actor, person_id: int | None, *, object_type: str, object_id: str | int, view: str
) -> AuditEvent | None:
    """Record that ``actor`` saw the personal data of ``person_id``.

    Reads of one's own data and data not linked to a census person record nothing,
    because nobody else's data was shown.
    """
    if person_id is None or person_id == actor.user.person_id:
        return None
    return record(
        session,
        AuditAction.PERSONAL_DATA_READ,
        actor=actor,
        object_type=object_type,
        object_id=object_id,
        subject_person_id=person_id,
        details={"view": view},
    )


def data_access_for(session: Session, actor: Actor, limit: int = 200) -> list[DataAccess]:
    """Return the latest reads of the caller's own personal data by others, newest first.

    Staff reads and reads by representatives acting for the caller are both listed.
    The person comes from the caller's account, never from a parameter, so nobody can
    list the reads of someone else's data. Accounts not linked to a census person get
    an empty list.
    """
    person_id = actor.user.person_id
    if person_id is None:
        return []
    query = (
        select(AuditEvent)
        .where(AuditEvent.action == AuditAction.PERSONAL_DATA_READ, AuditEvent.subject_person_id == person_id)
        .order_by(col(AuditEvent.sequence).desc())
        .limit(limit)
    )
    return [_data_access(event) for event in session.exec(query)]


def _data_access(event: AuditEvent) -> DataAccess:
    # The roles the reader held at the time of the read, not today's.
    known = {role.value for role in Role}
    reader_roles = tuple(sorted(Role(value) for value in event.actor_roles.split(",") if value in known))
    return DataAccess(
        occurred_at=event.occurred_at,
        reader_user_id=event.actor_user_id,
        reader_roles=reader_roles,
        object_type=event.object_type,
    )
