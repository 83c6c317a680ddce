# SPDX-License-Identifier: EUPL-1.2
"""Tests of the ``clic`` command run as an operator runs it, against the test's database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from clic_app.models import AuditAction, Mandate, MandateStatus
from clic_app.services.audit import record
from clic_app.services.db import session_scope
from tests.representation_builders import add_mandate

CLIC = Path(sys.executable).parent / "clic"


def _clic(settings, *arguments: str) -> subprocess.CompletedProcess:
    env = os.environ | {"CLIC_DATA_DIR": str(settings.data_dir), "CLIC_DATABASE_URL": settings.effective_database_url}
    return subprocess.run([CLIC, *arguments], env=env, capture_output=True, text=True, timeout=120)


def _append(runtime, count: int) -> None:
    for index in range(count):
        with session_scope(runtime.engine) as session:
            record(session, AuditAction.DATA_CHANGED, object_type="test", object_id=index)


def _delete_event_bypassing_triggers(runtime, sequence: int) -> None:
    with runtime.engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("DROP TRIGGER auditevent_reject_delete")
        else:
            connection.exec_driver_sql("ALTER TABLE auditevent DISABLE TRIGGER USER")
        connection.execute(text("DELETE FROM auditevent WHERE sequence = :sequence"), {"sequence": sequence})


@pytest.fixture(scope="module", autouse=True)
def _installed_command() -> None:
    if not CLIC.exists():
        pytest.fail(f"the clic command is not installed at {CLIC}: run `pip install -e .`")


def test_audit_verify_intact(runtime):
    _append(runtime, 4)

    finished = _clic(runtime.settings, "audit", "verify")

    assert finished.returncode == 0, finished.stderr
    assert "Audit chain intact: 4 events" in finished.stdout
    assert "Last event: sequence 4, hash " in finished.stdout


def test_audit_verify_empty_log(runtime):
    finished = _clic(runtime.settings, "audit", "verify")

    assert finished.returncode == 0, finished.stderr
    assert "Audit chain intact: 0 events" in finished.stdout


def test_audit_verify_names_first_broken_sequence(runtime):
    _append(runtime, 5)
    _delete_event_bypassing_triggers(runtime, 2)

    finished = _clic(runtime.settings, "audit", "verify")

    assert finished.returncode == 1
    assert "Audit chain broken at sequence 2: missing event" in finished.stderr
    assert "intact" not in finished.stdout


def test_audit_verify_detects_removed_tail(runtime):
    _append(runtime, 3)
    _delete_event_bypassing_triggers(runtime, 3)

    finished = _clic(runtime.settings, "audit", "verify")

    assert finished.returncode == 1
    assert "Audit chain broken at sequence 3: last events removed" in finished.stderr


def test_audit_without_subcommand_shows_usage(runtime):
    finished = _clic(runtime.settings, "audit")

    assert finished.returncode == 2
    assert "verify" in finished.stderr


def test_mandates_expire_stores_status(runtime, settings):
    with session_scope(runtime.engine) as session:
        mandate_id = add_mandate(session, "12345678Z", "00000000T", expired=True).id

    result = _clic(settings, "mandates", "expire")

    assert result.returncode == 0, result.stderr
    assert "Mandates marked expired: 1" in result.stdout
    with session_scope(runtime.engine) as session:
        assert session.get(Mandate, mandate_id).status is MandateStatus.EXPIRED
