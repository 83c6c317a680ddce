# SPDX-License-Identifier: EUPL-1.2
"""Staff accounts and their roles, managed by administrators.

Two rules keep the council from locking itself out: nobody removes their own
administrator role or disables their own account, and no change may leave the portal
without an active administrator. Every change is audited as ROLE_CHANGED or
DATA_CHANGED, and every view of an account linked to a census person is audited as a
read of that person's data.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, col, select, update

from clic_app.models import (
    STAFF_ROLES,
    AccountRole,
    AccountStatus,
    AuditAction,
    AuthSession,
    Person,
    Role,
    TokenPurpose,
    UserAccount,
    utcnow,
)
from clic_app.services import audit, mail
from clic_app.services.accounts import normalize_email
from clic_app.services.access import Actor, grant_roles, require_role, roles_of
from clic_app.services.errors import InvalidInput, NotFound, PermissionDenied
from clic_app.services.identifiers import validate_nif
from clic_app.services.identity import create_account
from clic_app.services.passwords import check_password
from clic_app.services.tokens import issue_token
from clic_app.settings import Settings

logger = logging.getLogger(__name__)

MAX_NAME_LENGTH = 200
# Longer than a password reset link's hour, because a new member of staff may not read
# the email on the day the account is made.
WELCOME_LINK_LIFETIME = timedelta(hours=72)


@dataclass(frozen=True)
class StaffAccount:
    """An account as the staff page shows it to an administrator; no secrets."""

    user_id: int
    nif: str
    full_name: str
    email: str
    status: AccountStatus
    roles: frozenset[Role]

    @property
    def staff_roles(self) -> frozenset[Role]:
        return self.roles & STAFF_ROLES


@dataclass(frozen=True)
class NewStaffAccount:
    """Fields an administrator enters to create a staff account."""

    nif: str
    full_name: str
    roles: frozenset[Role]
    password: str = ""
    """Initial password; empty means the holder chooses one through an emailed link."""
    email: str = ""


def parse_roles(values: Iterable[str], field: str = "roles") -> frozenset[Role]:
    """Return the staff roles named by ``values``.

    Raises:
        InvalidInput: a value is not a role, is a citizen or company role, or none is given.
    """
    roles = set()
    for value in values:
        try:
            role = Role(value)
        except ValueError:
            raise InvalidInput("role_invalid", field=field, value=value) from None
        if not role.is_staff:
            raise InvalidInput("role_not_staff", field=field, value=value)
        roles.add(role)
    if not roles:
        raise InvalidInput("roles_required", field=field)
    return frozenset(roles)


def list_staff_accounts(session: Session, actor: Actor) -> list[StaffAccount]:
    """Return every account holding a staff role, ordered by NIF.

    Raises:
        PermissionDenied: ``actor`` is not an administrator.
    """
    require_role(actor, Role.ADMINISTRATOR)
    staff_ids = select(AccountRole.user_id).where(col(AccountRole.role).in_(STAFF_ROLES))
    users = session.exec(select(UserAccount).where(col(UserAccount.id).in_(staff_ids)).order_by(UserAccount.nif))
    return [_shown(session, actor, user, "staff_list") for user in users.all()]


def find_account(session: Session, actor: Actor, nif: str) -> StaffAccount:
    """Return the account of ``nif``, whether or not it has staff roles.

    Raises:
        PermissionDenied: ``actor`` is not an administrator.
        InvalidInput: ``nif`` is not a valid DNI or NIE.
        NotFound: no account has that NIF.
    """
    require_role(actor, Role.ADMINISTRATOR)
    user = session.exec(select(UserAccount).where(UserAccount.nif == validate_nif(nif))).first()
    if user is None:
        raise NotFound("staff_account_not_found", field="nif")
    return _shown(session, actor, user, "account_search")


def get_account(session: Session, actor: Actor, user_id: int) -> StaffAccount:
    """Return the account ``user_id``.

    Raises:
        PermissionDenied: ``actor`` is not an administrator.
        NotFound: there is no such account.
    """
    require_role(actor, Role.ADMINISTRATOR)
    return _shown(session, actor, _account(session, user_id), "account_detail")


def create_staff_account(
    session: Session, actor: Actor, new: NewStaffAccount, settings: Settings, language: str = "es"
) -> StaffAccount:
    """Create an active account with staff roles, and an initial password or a link to choose one.

    With a password, the administrator passes it on to the holder. Without one, the
    holder gets an email with a link to choose it, valid for WELCOME_LINK_LIFETIME,
    and until then the account has a random password whose plain text is never kept.
    The account is linked to the census person with the same document number, if any,
    so its holder also sees their own census data and who read it.

    Raises:
        PermissionDenied: ``actor`` is not an administrator.
        InvalidInput: a field is invalid, neither a password nor an email is given, or
            an account with this NIF already exists (grant it the roles instead).
    """
    require_role(actor, Role.ADMINISTRATOR)
    nif, full_name, email = _checked_fields(new)
    if session.exec(select(UserAccount.id).where(UserAccount.nif == nif)).first() is not None:
        raise InvalidInput("staff_account_exists", field="nif")
    if new.password:
        check_password(new.password, nif=nif, email=email)
    elif not email:
        raise InvalidInput("staff_password_or_email_required", field="password")

    person_id = session.exec(select(Person.id).where(Person.document_number == nif)).first()
    password = new.password or secrets.token_urlsafe(32)
    user = create_account(session, nif, password, person_id=person_id, roles=())
    user.full_name, user.email = full_name, email or None
    grant_roles(session, user, set(new.roles), granted_by=actor.user.id)
    details = {"created": True, "granted": sorted(new.roles), "password": "initial" if new.password else "link"}
    _record_change(session, actor, user, AuditAction.ROLE_CHANGED, details)
    if not new.password:
        _send_welcome_link(session, settings, user, language)
    logger.info("staff_account_created user_id=%s by_user_id=%s", user.id, actor.user.id)
    return _view(session, user)


def _checked_fields(new: NewStaffAccount) -> tuple[str, str, str]:
    nif = validate_nif(new.nif)
    full_name = " ".join(new.full_name.split())
    if not full_name:
        raise InvalidInput("staff_name_required", field="full_name")
    if len(full_name) > MAX_NAME_LENGTH:
        raise InvalidInput("staff_name_too_long", field="full_name", max_length=MAX_NAME_LENGTH)
    email = normalize_email(new.email) if new.email.strip() else ""
    if not new.roles or not new.roles <= STAFF_ROLES:
        raise InvalidInput("roles_required", field="roles")
    return nif, full_name, email


def _send_welcome_link(session: Session, settings: Settings, user: UserAccount, language: str) -> None:
    # A password reset token, so the holder sets the password on the same page as a reset.
    token = issue_token(session, user, TokenPurpose.PASSWORD_RESET, user.email, WELCOME_LINK_LIFETIME)
    mail.send_template(
        session, settings, user.email, "staff_welcome", language, name=user.full_name,
        link=f"{settings.public_base_url}/restablecer?token={token}",
        hours=int(WELCOME_LINK_LIFETIME.total_seconds() // 3600),
    )


def grant_role(session: Session, actor: Actor, user_id: int, role: Role) -> StaffAccount:
    """Grant the staff ``role`` to the account ``user_id``; granting a held role changes nothing.

    Raises:
        PermissionDenied: ``actor`` is not an administrator.
        InvalidInput: ``role`` is not a staff role.
        NotFound: there is no such account.
    """
    require_role(actor, Role.ADMINISTRATOR)
    _require_staff_role(role)
    user = _account(session, user_id)
    if role not in roles_of(session, user.id):
        grant_roles(session, user, {role}, granted_by=actor.user.id)
        _record_change(session, actor, user, AuditAction.ROLE_CHANGED, {"granted": [role]})
        logger.info("staff_role_granted user_id=%s role=%s by_user_id=%s", user.id, role, actor.user.id)
    return _shown(session, actor, user, "account_detail")


def revoke_role(session: Session, actor: Actor, user_id: int, role: Role) -> StaffAccount:
    """Revoke the staff ``role`` from the account ``user_id``; revoking a role not held changes nothing.

    Raises:
        PermissionDenied: ``actor`` is not an administrator, or revokes their own
            administrator role.
        InvalidInput: ``role`` is not a staff role, or it is the administrator role of
            the last active administrator.
        NotFound: there is no such account.
    """
    require_role(actor, Role.ADMINISTRATOR)
    _require_staff_role(role)
    user = _account(session, user_id)
    if role is Role.ADMINISTRATOR and user.id == actor.user.id:
        raise PermissionDenied("own_administrator_role")
    if role in roles_of(session, user.id):
        _record_change(session, actor, user, AuditAction.ROLE_CHANGED, {"revoked": [role]})
        session.execute(delete(AccountRole).where(AccountRole.user_id == user.id, AccountRole.role == role))
        _require_an_administrator_left(session)
        logger.info("staff_role_revoked user_id=%s role=%s by_user_id=%s", user.id, role, actor.user.id)
    return _shown(session, actor, user, "account_detail")


def set_account_enabled(session: Session, actor: Actor, user_id: int, enabled: bool) -> StaffAccount:
    """Enable a disabled account, or disable an account and end its open sessions.

    Enabling an active account or disabling a disabled one changes nothing. Accounts
    waiting for confirmation or approval follow the access request procedure instead.

    Raises:
        PermissionDenied: ``actor`` is not an administrator, or disables their own account.
        InvalidInput: the account is not disabled and not active, or disabling it would
            leave no active administrator.
        NotFound: there is no such account.
    """
    require_role(actor, Role.ADMINISTRATOR)
    user = _account(session, user_id)
    target = AccountStatus.ACTIVE if enabled else AccountStatus.DISABLED
    if user.status is target:
        return _shown(session, actor, user, "account_detail")
    if user.status not in (AccountStatus.ACTIVE, AccountStatus.DISABLED):
        raise InvalidInput("account_status_not_changeable", field="status")
    if not enabled and user.id == actor.user.id:
        raise PermissionDenied("own_account_disable")

    _record_change(session, actor, user, AuditAction.DATA_CHANGED, {"status": [str(user.status), str(target)]})
    user.status = target
    session.flush()
    if not enabled:
        _require_an_administrator_left(session)
        _end_sessions(session, user.id)
    logger.info("account_status_changed user_id=%s status=%s by_user_id=%s", user.id, target, actor.user.id)
    return _shown(session, actor, user, "account_detail")


def _require_staff_role(role: Role) -> None:
    if not role.is_staff:
        raise InvalidInput("role_not_staff", field="role", value=str(role))


def _account(session: Session, user_id: int) -> UserAccount:
    user = session.get(UserAccount, user_id)
    if user is None:
        raise NotFound("staff_account_not_found")
    return user


def _record_change(
    session: Session, actor: Actor, user: UserAccount, action: AuditAction, details: dict[str, object]
) -> None:
    # Appending to the audit chain locks its head row (PostgreSQL) or the database
    # (SQLite) until commit. Changes that record first therefore run one at a time, so
    # the administrator count checked after a change includes every earlier change.
    audit.record(session, action, actor=actor, object_type="account", object_id=user.id, details=details)


def _require_an_administrator_left(session: Session) -> None:
    active_administrators = session.exec(
        select(func.count(func.distinct(AccountRole.user_id)))
        .join(UserAccount, col(UserAccount.id) == AccountRole.user_id)
        .where(AccountRole.role == Role.ADMINISTRATOR, UserAccount.status == AccountStatus.ACTIVE)
    ).one()
    if active_administrators == 0:
        raise InvalidInput("last_administrator", field="role")


def _end_sessions(session: Session, user_id: int) -> None:
    session.execute(
        update(AuthSession)
        .where(AuthSession.user_id == user_id, col(AuthSession.revoked_at).is_(None))
        .values(revoked_at=utcnow())
    )


def _shown(session: Session, actor: Actor, user: UserAccount, view: str) -> StaffAccount:
    audit.record_personal_data_read(session, actor, user.person_id, object_type="account", object_id=user.id, view=view)
    return _view(session, user)


def _view(session: Session, user: UserAccount) -> StaffAccount:
    return StaffAccount(
        user_id=user.id,
        nif=user.nif,
        full_name=user.full_name,
        email=user.email or "",
        status=user.status,
        roles=roles_of(session, user.id),
    )
