# SPDX-License-Identifier: EUPL-1.2
"""Tests of the audit chain: appends, tamper detection, append-only triggers, data access lists."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from clic_app.models import AuditAction, AuditChainHead, AuditEvent, IssuedDocument, Role, UserAccount
from clic_app.services import audit
from clic_app.services.access import Actor, actor_for
from clic_app.services.audit import data_access_for, record, record_personal_data_read, verify_chain
from clic_app.services.db import session_scope
from clic_app.services.errors import NotAuthenticated
from clic_app.services.identity import create_account, login
from clic_app.services.migrations import alembic_config, upgrade_database
from clic_app.services.volantes import VolanteKind, issue_volante

STAFF_NIF = "10000005L"
OTHER_STAFF_NIF = "10000006C"
PASSWORD = "a long staff password 2026"


def _append(runtime, count: int) -> None:
    for index in range(count):
        with session_scope(runtime.engine) as session:
            record(session, AuditAction.DATA_CHANGED, object_type="test", object_id=index, details={"n": index})


def _verify(runtime) -> audit.ChainReport:
    with session_scope(runtime.engine) as session:
        return verify_chain(session)


def _drop_append_only_triggers(engine: Engine) -> None:
    """Remove the triggers as someone with the table owner's rights could, to tamper with rows."""
    with engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            names = connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('auditevent', 'auditchainhead')"
            ).scalars().all()
            for name in names:
                connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
        else:
            connection.exec_driver_sql("ALTER TABLE auditevent DISABLE TRIGGER USER")
            connection.exec_driver_sql("ALTER TABLE auditchainhead DISABLE TRIGGER USER")


def _execute(engine: Engine, statement: str) -> None:
    with engine.begin() as connection:
        connection.execute(text(statement))


def _staff_actor(runtime, nif: str, *roles: Role) -> Actor:
    with session_scope(runtime.engine) as session:
        user = create_account(session, nif, PASSWORD, roles=roles or (Role.CASE_HANDLER,))
        return actor_for(session, user)


def test_record_chains_events(runtime):
    _append(runtime, 3)

    with session_scope(runtime.engine) as session:
        events = session.exec(select(AuditEvent).order_by(AuditEvent.sequence)).all()
        head = session.get(AuditChainHead, 1)
    assert [event.sequence for event in events] == [1, 2, 3]
    assert events[0].previous_hash == audit.GENESIS_HASH
    assert events[1].previous_hash == events[0].hash
    assert (head.sequence, head.hash) == (3, events[2].hash)


def test_verify_intact_chain(runtime):
    _append(runtime, 5)

    report = _verify(runtime)

    assert report.intact
    assert report.events == 5
    assert report.first_broken_sequence is None
    assert len(report.head_hash) == 64


def test_verify_empty_chain(runtime):
    report = _verify(runtime)

    assert report.intact
    assert report.events == 0


def test_rolled_back_event_leaves_no_gap(runtime):
    with pytest.raises(RuntimeError), session_scope(runtime.engine) as session:
        record(session, AuditAction.DATA_CHANGED, object_type="test")
        raise RuntimeError("the caller's transaction fails")
    _append(runtime, 1)

    with session_scope(runtime.engine) as session:
        assert session.exec(select(AuditEvent.sequence)).all() == [1]
    assert _verify(runtime).intact


def test_trigger_rejects_update(runtime):
    _append(runtime, 2)

    with pytest.raises(DBAPIError) as caught:
        _execute(runtime.engine, "UPDATE auditevent SET details = '{}' WHERE sequence = 1")

    assert "append-only" in str(caught.value)
    assert _verify(runtime).intact


def test_trigger_rejects_delete(runtime):
    _append(runtime, 2)

    with pytest.raises(DBAPIError) as caught:
        _execute(runtime.engine, "DELETE FROM auditevent WHERE sequence = 2")

    assert "append-only" in str(caught.value)
    assert _verify(runtime).events == 2


@pytest.mark.parametrize(
    "statement",
    ["UPDATE auditchainhead SET sequence = sequence - 1", "DELETE FROM auditchainhead"],
)
def test_trigger_protects_chain_head(runtime, statement):
    _append(runtime, 2)

    with pytest.raises(DBAPIError) as caught:
        _execute(runtime.engine, statement)

    assert "auditchainhead" in str(caught.value)
    assert _verify(runtime).intact


def test_trigger_rejects_truncate_on_postgresql(runtime):
    if runtime.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no TRUNCATE; DELETE is covered by the row triggers")
    _append(runtime, 1)

    with pytest.raises(DBAPIError) as caught:
        _execute(runtime.engine, "TRUNCATE auditevent")

    assert "append-only" in str(caught.value)


def test_verify_detects_edited_field(runtime):
    _append(runtime, 5)
    _drop_append_only_triggers(runtime.engine)

    _execute(runtime.engine, "UPDATE auditevent SET object_id = 'changed' WHERE sequence = 3")

    report = _verify(runtime)
    assert not report.intact
    assert report.first_broken_sequence == 3
    assert report.reason == "event content changed"


def test_verify_detects_rehashed_event(runtime):
    """Recomputing the edited row's own hash still breaks the next link."""
    _append(runtime, 5)
    _drop_append_only_triggers(runtime.engine)
    with session_scope(runtime.engine) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.sequence == 3)).one()
        event.object_id = "changed"
        event.hash = audit.event_hash(event)

    report = _verify(runtime)

    assert not report.intact
    assert report.first_broken_sequence == 4
    assert report.reason == "previous hash does not match"


def test_verify_detects_deleted_middle_event(runtime):
    _append(runtime, 5)
    _drop_append_only_triggers(runtime.engine)

    _execute(runtime.engine, "DELETE FROM auditevent WHERE sequence = 3")

    report = _verify(runtime)
    assert not report.intact
    assert report.first_broken_sequence == 3
    assert report.reason == "missing event"


def test_verify_detects_deleted_last_events(runtime):
    _append(runtime, 5)
    _drop_append_only_triggers(runtime.engine)

    _execute(runtime.engine, "DELETE FROM auditevent WHERE sequence >= 4")

    report = _verify(runtime)
    assert not report.intact
    assert report.first_broken_sequence == 4
    assert report.reason == "last events removed"


def test_verify_detects_missing_head(runtime):
    _append(runtime, 2)
    _drop_append_only_triggers(runtime.engine)

    _execute(runtime.engine, "DELETE FROM auditchainhead")

    report = _verify(runtime)
    assert not report.intact
    assert report.reason == "chain head missing"


def test_concurrent_appends_never_fork(runtime):
    threads_count, per_thread = 8, 25
    barrier = threading.Barrier(threads_count)
    failures: list[BaseException] = []

    def append() -> None:
        barrier.wait()
        try:
            _append(runtime, per_thread)
        except BaseException as error:  # noqa: BLE001  (reported by the assertion below)
            failures.append(error)

    threads = [threading.Thread(target=append) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    with session_scope(runtime.engine) as session:
        sequences = session.exec(select(AuditEvent.sequence).order_by(AuditEvent.sequence)).all()
    assert sequences == list(range(1, threads_count * per_thread + 1))
    assert _verify(runtime).intact


def test_downgrade_removes_triggers_and_upgrade_restores(runtime):
    url = runtime.settings.effective_database_url
    _append(runtime, 1)

    command.downgrade(alembic_config(url), "0002_identity")
    _execute(runtime.engine, "UPDATE auditevent SET object_id = 'edited while unprotected'")
    upgrade_database(url)

    with pytest.raises(DBAPIError):
        _execute(runtime.engine, "UPDATE auditevent SET object_id = 'edited again'")
    assert _verify(runtime).reason == "event content changed"


def test_personal_data_read_listed_for_subject_only(runtime, demo_town, demo_citizen):
    reader = _staff_actor(runtime, STAFF_NIF, Role.REGISTRY_CLERK, Role.SIGNER)
    with session_scope(runtime.engine) as session:
        citizen = actor_for(session, session.get(UserAccount, demo_citizen.id))
        record_personal_data_read(session, reader, demo_citizen.person_id, object_type="account",
                                  object_id=demo_citizen.id, view="test")
        record_personal_data_read(session, reader, demo_citizen.person_id + 1, object_type="account",
                                  object_id=0, view="test")

        [access] = data_access_for(session, citizen)

    assert access.reader_user_id == reader.user.id
    assert access.reader_roles == (Role.REGISTRY_CLERK, Role.SIGNER)
    assert access.by_staff
    assert access.object_type == "account"


def test_data_access_newest_first(runtime, demo_town, demo_citizen):
    first = _staff_actor(runtime, STAFF_NIF)
    second = _staff_actor(runtime, OTHER_STAFF_NIF, Role.ADMINISTRATOR)
    with session_scope(runtime.engine) as session:
        for reader in (first, second):
            record_personal_data_read(session, reader, demo_citizen.person_id, object_type="census_record",
                                      object_id=1, view="test")
        citizen = actor_for(session, session.get(UserAccount, demo_citizen.id))

        accesses = data_access_for(session, citizen)

    assert [access.reader_user_id for access in accesses] == [second.user.id, first.user.id]
    assert accesses[0].reader_roles == (Role.ADMINISTRATOR,)


def test_data_access_empty_without_person(runtime):
    reader = _staff_actor(runtime, STAFF_NIF)

    with session_scope(runtime.engine) as session:
        assert data_access_for(session, reader) == []


def test_own_and_unlinked_reads_not_recorded(runtime, demo_town, demo_citizen):
    with session_scope(runtime.engine) as session:
        citizen = actor_for(session, session.get(UserAccount, demo_citizen.id))

        own = record_personal_data_read(session, citizen, demo_citizen.person_id, object_type="account",
                                        object_id=1, view="test")
        unlinked = record_personal_data_read(session, citizen, None, object_type="account", object_id=1, view="test")

    assert own is None
    assert unlinked is None


def test_login_success_and_failure_recorded(runtime, demo_town):
    with session_scope(runtime.engine) as session:
        user = create_account(session, STAFF_NIF, PASSWORD, roles=(Role.SIGNER,))
    with session_scope(runtime.engine) as session:
        login(session, STAFF_NIF, PASSWORD, "192.0.2.7", timedelta(hours=1))
    with pytest.raises(NotAuthenticated), session_scope(runtime.engine) as session:
        login(session, STAFF_NIF, "wrong password", "192.0.2.8", timedelta(hours=1))

    with session_scope(runtime.engine) as session:
        events = session.exec(select(AuditEvent).order_by(AuditEvent.sequence)).all()
    assert [(event.action, event.client_address) for event in events[-2:]] == [
        (AuditAction.LOGIN_SUCCESS, "192.0.2.7"),
        (AuditAction.LOGIN_FAILURE, "192.0.2.8"),
    ]
    assert events[-2].actor_user_id == user.id
    assert events[-2].actor_roles == "signer"


def test_volante_issue_recorded(runtime, demo_citizen):
    with session_scope(runtime.engine) as session:
        document = issue_volante(session, runtime, session.get(UserAccount, demo_citizen.id), VolanteKind.INDIVIDUAL)

    with session_scope(runtime.engine) as session:
        [event] = session.exec(select(AuditEvent).where(AuditEvent.action == AuditAction.DOCUMENT_ISSUED)).all()
        stored = session.get(IssuedDocument, document.id)
    assert event.object_type == "document"
    assert event.object_id == str(stored.id)
    assert event.subject_person_id == demo_citizen.person_id
    assert event.actor_user_id == demo_citizen.id
    assert json.loads(event.details)["kind"] == "volante_individual"
