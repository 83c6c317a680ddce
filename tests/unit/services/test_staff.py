# SPDX-License-Identifier: EUPL-1.2
"""Tests of staff account management: roles, the last administrator, audit of changes and reads."""

from __future__ import annotations

import json
import re
import threading
from datetime import timedelta
from email import policy
from email.parser import BytesParser

import pytest
from sqlmodel import select

from clic_app.models import AccountStatus, AuditAction, AuditEvent, Person, Role, UserAccount
from clic_app.services import mail
from clic_app.services.access import Actor, actor_for, roles_of
from clic_app.services.audit import verify_chain
from clic_app.services.db import session_scope
from clic_app.services.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from clic_app.services.identity import create_account, login, user_for_token
from clic_app.services.password_reset import reset_password
from clic_app.services.staff import (
    NewStaffAccount,
    create_staff_account,
    find_account,
    get_account,
    grant_role,
    list_staff_accounts,
    parse_roles,
    revoke_role,
    set_account_enabled,
)

ADMIN_NIF = "10000001S"
SECOND_ADMIN_NIF = "10000002Q"
CLERK_NIF = "10000003V"
NEW_NIF = "10000004H"
PASSWORD = "a long staff password 2026"
LIFETIME = timedelta(hours=1)


def _account(runtime, nif: str, *roles: Role, person_id: int | None = None) -> UserAccount:
    with session_scope(runtime.engine) as session:
        return create_account(session, nif, PASSWORD, person_id=person_id, roles=roles)


def _actor(runtime, user: UserAccount) -> Actor:
    with session_scope(runtime.engine) as session:
        return actor_for(session, session.get(UserAccount, user.id))


@pytest.fixture
def admin(runtime) -> Actor:
    return _actor(runtime, _account(runtime, ADMIN_NIF, Role.ADMINISTRATOR))


@pytest.fixture
def second_admin(runtime) -> Actor:
    return _actor(runtime, _account(runtime, SECOND_ADMIN_NIF, Role.ADMINISTRATOR))


@pytest.fixture
def clerk(runtime) -> Actor:
    return _actor(runtime, _account(runtime, CLERK_NIF, Role.REGISTRY_CLERK))


def _new(nif: str = NEW_NIF, roles=frozenset({Role.CASE_HANDLER}), password: str = PASSWORD, **fields) -> NewStaffAccount:
    return NewStaffAccount(nif=nif, full_name=fields.pop("full_name", "Ana Gómez Ruiz"), roles=roles,
                           password=password, **fields)


def _events(runtime, action: AuditAction) -> list[AuditEvent]:
    with session_scope(runtime.engine) as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.sequence)))


def _run(runtime, operation, *args):
    with session_scope(runtime.engine) as session:
        return operation(session, *args)


def _create(runtime, actor: Actor, new: NewStaffAccount):
    with session_scope(runtime.engine) as session:
        return create_staff_account(session, actor, new, runtime.settings)


@pytest.mark.parametrize(
    ("operation", "args"),
    [
        (list_staff_accounts, ()),
        (find_account, (ADMIN_NIF,)),
        (get_account, (1,)),
        (create_staff_account, (_new(), None)),
        (grant_role, (1, Role.SIGNER)),
        (revoke_role, (1, Role.ADMINISTRATOR)),
        (set_account_enabled, (1, False)),
    ],
)
def test_non_administrator_denied(runtime, admin, clerk, operation, args):
    with pytest.raises(PermissionDenied):
        _run(runtime, operation, clerk, *args)

    assert _events(runtime, AuditAction.ROLE_CHANGED) == []
    assert _events(runtime, AuditAction.PERSONAL_DATA_READ) == []


def test_parse_roles_accepts_staff_roles():
    assert parse_roles(["signer", "registry_clerk"]) == {Role.SIGNER, Role.REGISTRY_CLERK}


@pytest.mark.parametrize(("values", "code"), [([], "roles_required"), (["boss"], "role_invalid"),
                                               (["citizen"], "role_not_staff"), (["company"], "role_not_staff")])
def test_parse_roles_rejects(values, code):
    with pytest.raises(InvalidInput) as caught:
        parse_roles(values)

    assert caught.value.code == code
    assert caught.value.field == "roles"


def test_create_grants_roles_and_audits(runtime, admin):
    created = _create(runtime, admin, _new(roles=frozenset({Role.SIGNER, Role.CASE_HANDLER}), email="ana@example.org"))

    assert created.nif == NEW_NIF
    assert created.roles == {Role.SIGNER, Role.CASE_HANDLER}
    assert created.status is AccountStatus.ACTIVE
    assert created.email == "ana@example.org"
    [event] = _events(runtime, AuditAction.ROLE_CHANGED)
    assert event.actor_user_id == admin.user.id
    assert event.object_type == "account"
    assert event.object_id == str(created.user_id)
    assert json.loads(event.details) == {"created": True, "granted": ["case_handler", "signer"], "password": "initial"}


def test_created_account_can_log_in(runtime, admin):
    _create(runtime, admin, _new())

    result = _run(runtime, login, NEW_NIF, PASSWORD, "127.0.0.1", LIFETIME)

    assert result.roles == {Role.CASE_HANDLER}
    assert result.is_staff


def test_create_links_census_person(runtime, demo_town, admin):
    with session_scope(runtime.engine) as session:
        person = session.exec(select(Person).order_by(Person.id.desc())).first()

    created = _create(runtime, admin, _new(nif=person.document_number))

    with session_scope(runtime.engine) as session:
        assert session.get(UserAccount, created.user_id).person_id == person.id


@pytest.mark.parametrize(
    ("new", "code", "field"),
    [
        (_new(nif="12345678A"), "document_number_invalid", "nif"),
        (_new(full_name="   "), "staff_name_required", "full_name"),
        (_new(full_name="x" * 201), "staff_name_too_long", "full_name"),
        (_new(email="not-an-address"), "email_invalid", "email"),
        (_new(password=""), "staff_password_or_email_required", "password"),
        (_new(roles=frozenset()), "roles_required", "roles"),
        (_new(roles=frozenset({Role.CITIZEN})), "roles_required", "roles"),
        (_new(password="short"), "password_too_short", "password"),
        (_new(password="10000004" + "abcdefgh"), "password_personal", "password"),
    ],
)
def test_create_rejects_invalid_fields(runtime, admin, new, code, field):
    with pytest.raises(InvalidInput) as caught:
        _create(runtime, admin, new)

    assert caught.value.code == code
    assert caught.value.field == field


def test_create_without_password_mails_link(runtime, admin):
    created = _create(runtime, admin, _new(password="", email="ana@example.org"))

    assert mail.wait_for_deliveries()
    [message] = [BytesParser(policy=policy.default).parsebytes(path.read_bytes())
                 for path in runtime.settings.outbox_dir.glob("*.eml")]
    assert message["To"] == "ana@example.org"
    token = re.search(r"/restablecer\?token=(\S+)", message.get_body().get_content()).group(1)
    with session_scope(runtime.engine) as session:
        reset_password(session, runtime.settings, token, PASSWORD, "127.0.0.1")
    assert _run(runtime, login, NEW_NIF, PASSWORD, "127.0.0.1", LIFETIME).user.id == created.user_id
    [event] = _events(runtime, AuditAction.ROLE_CHANGED)
    assert json.loads(event.details)["password"] == "link"
    with session_scope(runtime.engine) as session:
        assert session.get(UserAccount, created.user_id).email_confirmed_at is not None


def test_create_rejects_existing_nif(runtime, admin, clerk):
    with pytest.raises(InvalidInput) as caught:
        _create(runtime, admin, _new(nif=CLERK_NIF))

    assert caught.value.code == "staff_account_exists"
    assert _events(runtime, AuditAction.ROLE_CHANGED) == []


def test_list_shows_staff_only(runtime, admin, clerk):
    _account(runtime, NEW_NIF, Role.CITIZEN)

    listed = _run(runtime, list_staff_accounts, admin)

    assert [account.nif for account in listed] == [ADMIN_NIF, CLERK_NIF]
    assert listed[1].roles == {Role.REGISTRY_CLERK}


def test_grant_and_revoke_role(runtime, admin, clerk):
    granted = _run(runtime, grant_role, admin, clerk.user.id, Role.SIGNER)
    revoked = _run(runtime, revoke_role, admin, clerk.user.id, Role.REGISTRY_CLERK)

    assert granted.roles == {Role.REGISTRY_CLERK, Role.SIGNER}
    assert revoked.roles == {Role.SIGNER}
    details = [json.loads(event.details) for event in _events(runtime, AuditAction.ROLE_CHANGED)]
    assert details == [{"granted": ["signer"]}, {"revoked": ["registry_clerk"]}]


def test_grant_held_role_changes_nothing(runtime, admin, clerk):
    shown = _run(runtime, grant_role, admin, clerk.user.id, Role.REGISTRY_CLERK)

    assert shown.roles == {Role.REGISTRY_CLERK}
    assert _events(runtime, AuditAction.ROLE_CHANGED) == []


@pytest.mark.parametrize("operation", [grant_role, revoke_role])
def test_citizen_role_not_managed_here(runtime, admin, clerk, operation):
    with pytest.raises(InvalidInput) as caught:
        _run(runtime, operation, admin, clerk.user.id, Role.CITIZEN)

    assert caught.value.code == "role_not_staff"


def test_unknown_account_not_found(runtime, admin):
    with pytest.raises(NotFound):
        _run(runtime, grant_role, admin, 999_999, Role.SIGNER)


def test_revoke_own_administrator_denied(runtime, admin, second_admin):
    with pytest.raises(PermissionDenied) as caught:
        _run(runtime, revoke_role, admin, admin.user.id, Role.ADMINISTRATOR)

    assert caught.value.code == "own_administrator_role"
    with session_scope(runtime.engine) as session:
        assert Role.ADMINISTRATOR in roles_of(session, admin.user.id)


def test_revoke_other_administrator(runtime, admin, second_admin):
    shown = _run(runtime, revoke_role, admin, second_admin.user.id, Role.ADMINISTRATOR)

    assert Role.ADMINISTRATOR not in shown.roles


def test_stale_administrator_cannot_remove_last(runtime, admin, second_admin):
    """An actor whose own role was just revoked must not take the last one away."""
    _run(runtime, revoke_role, second_admin, admin.user.id, Role.ADMINISTRATOR)

    with pytest.raises(InvalidInput) as caught:
        _run(runtime, revoke_role, admin, second_admin.user.id, Role.ADMINISTRATOR)

    assert caught.value.code == "last_administrator"
    with session_scope(runtime.engine) as session:
        assert roles_of(session, second_admin.user.id) == {Role.ADMINISTRATOR}
    assert len(_events(runtime, AuditAction.ROLE_CHANGED)) == 1


def test_concurrent_mutual_revocation_keeps_an_administrator(runtime, admin, second_admin):
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def revoke(actor: Actor, target: Actor) -> None:
        barrier.wait()
        try:
            _run(runtime, revoke_role, actor, target.user.id, Role.ADMINISTRATOR)
            outcomes.append("revoked")
        except InvalidInput as error:
            outcomes.append(error.code)

    threads = [threading.Thread(target=revoke, args=pair) for pair in ((admin, second_admin), (second_admin, admin))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["last_administrator", "revoked"]
    with session_scope(runtime.engine) as session:
        holders = [user for user in (admin.user.id, second_admin.user.id)
                   if Role.ADMINISTRATOR in roles_of(session, user)]
        assert len(holders) == 1
        assert verify_chain(session).intact


def test_disable_ends_sessions_and_enable_restores(runtime, admin, clerk):
    token = _run(runtime, login, CLERK_NIF, PASSWORD, "127.0.0.1", LIFETIME).token

    disabled = _run(runtime, set_account_enabled, admin, clerk.user.id, False)

    assert disabled.status is AccountStatus.DISABLED
    with pytest.raises(NotAuthenticated):
        _run(runtime, user_for_token, token)
    enabled = _run(runtime, set_account_enabled, admin, clerk.user.id, True)
    assert enabled.status is AccountStatus.ACTIVE
    with pytest.raises(NotAuthenticated):
        _run(runtime, user_for_token, token)
    assert _run(runtime, login, CLERK_NIF, PASSWORD, "127.0.0.1", LIFETIME).user.id == clerk.user.id
    details = [json.loads(event.details) for event in _events(runtime, AuditAction.DATA_CHANGED)]
    assert details == [{"status": ["active", "disabled"]}, {"status": ["disabled", "active"]}]


def test_disable_twice_changes_nothing(runtime, admin, clerk):
    _run(runtime, set_account_enabled, admin, clerk.user.id, False)

    shown = _run(runtime, set_account_enabled, admin, clerk.user.id, False)

    assert shown.status is AccountStatus.DISABLED
    assert len(_events(runtime, AuditAction.DATA_CHANGED)) == 1


def test_disable_own_account_denied(runtime, admin, second_admin):
    with pytest.raises(PermissionDenied) as caught:
        _run(runtime, set_account_enabled, admin, admin.user.id, False)

    assert caught.value.code == "own_account_disable"


def test_stale_administrator_cannot_disable_last(runtime, admin, second_admin):
    _run(runtime, set_account_enabled, second_admin, admin.user.id, False)

    with pytest.raises(InvalidInput) as caught:
        _run(runtime, set_account_enabled, admin, second_admin.user.id, False)

    assert caught.value.code == "last_administrator"


def test_pending_account_not_enabled_here(runtime, admin):
    with session_scope(runtime.engine) as session:
        pending = create_account(session, NEW_NIF, PASSWORD, status=AccountStatus.PENDING_APPROVAL)

    with pytest.raises(InvalidInput) as caught:
        _run(runtime, set_account_enabled, admin, pending.id, True)

    assert caught.value.code == "account_status_not_changeable"


def test_find_citizen_records_read(runtime, demo_town, demo_citizen, admin):
    shown = _run(runtime, find_account, admin, demo_citizen.nif.lower())

    assert shown.user_id == demo_citizen.id
    [event] = _events(runtime, AuditAction.PERSONAL_DATA_READ)
    assert event.subject_person_id == demo_citizen.person_id
    assert event.actor_user_id == admin.user.id
    assert event.actor_roles == "administrator"
    assert event.object_id == str(demo_citizen.id)
    assert json.loads(event.details) == {"view": "account_search"}


def test_find_unknown_nif_not_found(runtime, admin):
    with pytest.raises(NotFound) as caught:
        _run(runtime, find_account, admin, NEW_NIF)

    assert caught.value.code == "staff_account_not_found"


def test_reads_of_unlinked_or_own_accounts_not_recorded(runtime, demo_town, admin, clerk):
    with session_scope(runtime.engine) as session:
        person = session.exec(select(Person).order_by(Person.id.desc())).first()
        own = create_account(session, person.document_number, PASSWORD, person_id=person.id,
                             roles=(Role.ADMINISTRATOR,))
        own_actor = actor_for(session, own)

    _run(runtime, get_account, admin, clerk.user.id)
    _run(runtime, get_account, own_actor, own.id)
    _run(runtime, list_staff_accounts, admin)

    [event] = _events(runtime, AuditAction.PERSONAL_DATA_READ)
    assert event.actor_user_id == admin.user.id
    assert event.subject_person_id == person.id
    assert json.loads(event.details) == {"view": "staff_list"}
