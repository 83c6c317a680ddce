# SPDX-License-Identifier: EUPL-1.2
"""Actors (account, roles and represented party) and the role checks made on them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from clic_app.models import STAFF_ROLES, AccountRole, Role, UserAccount
from clic_app.services.errors import PermissionDenied


@dataclass(frozen=True)
class Actor:
    """The account behind a request, with its roles and the party it acts for."""

    user: UserAccount
    roles: frozenset[Role]
    client_address: str = ""
    acting_for_nif: str | None = None

    @property
    def is_staff(self) -> bool:
        return bool(self.roles & STAFF_ROLES)

    @property
    def roles_text(self) -> str:
        return ",".join(sorted(self.roles))


def roles_of(session: Session, user_id: int) -> frozenset[Role]:
    """Return the roles granted to the account ``user_id``."""
    rows = session.exec(select(AccountRole.role).where(AccountRole.user_id == user_id)).all()
    return frozenset(rows)


def actor_for(
    session: Session, user: UserAccount, client_address: str = "", acting_for_nif: str | None = None
) -> Actor:
    """Return the actor for ``user`` with the roles granted to it now."""
    return Actor(user, roles_of(session, user.id), client_address, acting_for_nif)


def require_role(actor: Actor, *roles: Role) -> None:
    """Check that ``actor`` has at least one of ``roles``.

    Raises:
        PermissionDenied: the actor has none of them.
    """
    if not actor.roles & set(roles):
        raise PermissionDenied("permission_denied")


def grant_roles(session: Session, user: UserAccount, roles: set[Role], granted_by: int | None = None) -> None:
    """Grant ``roles`` to ``user``, leaving roles it already has as they are."""
    granted = roles_of(session, user.id)
    for role in sorted(roles - granted):
        session.add(AccountRole(user_id=user.id, role=role, granted_by_user_id=granted_by))
    session.flush()
