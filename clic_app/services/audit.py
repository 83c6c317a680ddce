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
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, select

from clic_app.models import AuditAction, AuditChainHead, AuditEvent, utcnow
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


def verify_chain(session: Session) -> ChainReport:
    """Recompute every link and report the first event that does not match."""
    expected_previous, expected_sequence, count = GENESIS_HASH, 1, 0
    for event in session.exec(select(AuditEvent).order_by(AuditEvent.sequence)):
        count += 1
        if event.sequence != expected_sequence:
            return ChainReport(count, False, expected_sequence, "missing event")
        if event.previous_hash != expected_previous:
            return ChainReport(count, False, event.sequence, "previous hash does not match")
        if event_hash(event) != event.hash:
            return ChainReport(count, False, event.sequence, "event content changed")
        expected_previous, expected_sequence = event.hash, expected_sequence + 1

    head = session.get(AuditChainHead, 1)
    if head is not None and (head.sequence != expected_sequence - 1 or head.hash != expected_previous):
        return ChainReport(count, False, expected_sequence, "last events removed")
    return ChainReport(count, True)
