# SPDX-License-Identifier: EUPL-1.2
"""Shared fixtures: a fresh database and data folder per test, on SQLite or PostgreSQL.

Set CLIC_TEST_DATABASE_URL to a PostgreSQL server URL to run the same tests there;
each test then gets its own database, created and dropped around it.
"""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from passlib.context import CryptContext
from sqlmodel import Session

from clic_app.models import UserAccount
from clic_app.services import identity
from clic_app.services.db import session_scope
from clic_app.services.demo_data import DEMO_CITIZEN_NIF, DEMO_PASSWORD, load_demo_data
from clic_app.services.identity import login
from clic_app.services.migrations import upgrade_database
from clic_app.services.runtime import Runtime
from clic_app.services.signing import DEV_CA_FILE, create_development_pki
from clic_app.settings import Council, Settings
from tests.databases import DEMO_TOWN_SIZE, DatabaseFactory, Template
from tests.pdfcheck import create_nss_database

# Test material (certificates, Facturae samples) lives in shared/ beside the checkout.
SHARED_DIR = Path(os.environ.get("CLIC_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared"))

_FAST_PASSWORD_CONTEXT = CryptContext(
    schemes=["argon2"], argon2__rounds=1, argon2__memory_cost=8, argon2__parallelism=1
)


@pytest.fixture
def fast_password_hashing(monkeypatch) -> None:
    """Argon2id at its minimum cost instead of the production settings.

    The production settings cost about 0.1 s per hash and each demo town hashes two
    passwords. Unit and API tests use this fixture, but benchmarks must not.
    """
    monkeypatch.setattr(identity, "_password_context", lambda: _FAST_PASSWORD_CONTEXT)
    monkeypatch.setattr(identity, "_dummy_hash", functools.cache(lambda: _FAST_PASSWORD_CONTEXT.hash("unused")))


@pytest.fixture(scope="session")
def development_pki(tmp_path_factory) -> Path:
    """A development CA and seal made once per run; key generation takes about a second."""
    pki = tmp_path_factory.mktemp("pki")
    create_development_pki(pki, Council())
    return pki


@pytest.fixture(scope="session")
def nss_database(development_pki, tmp_path_factory) -> str:
    """An NSS database trusting the development CA, as pdfsig's ``-nssdir`` argument."""
    return create_nss_database(tmp_path_factory.mktemp("nss"), development_pki / DEV_CA_FILE)


@pytest.fixture(scope="session")
def databases(tmp_path_factory) -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory(os.environ.get("CLIC_TEST_DATABASE_URL"), tmp_path_factory.mktemp("templates"), Council())
    yield factory
    factory.close()


@pytest.fixture
def database_url(request, tmp_path, databases) -> Iterator[str]:
    """A new database for this test: with the demo town if the test uses it, else migrated
    if the test uses the runtime, else empty."""
    url = databases.create(Template.for_fixtures(request.fixturenames), tmp_path)
    yield url
    databases.drop(url)


@pytest.fixture
def settings(tmp_path, database_url, development_pki) -> Settings:
    data_dir = tmp_path / "data"
    shutil.copytree(development_pki, data_dir / "pki")
    return replace(Settings(), data_dir=data_dir, database_url=database_url, verify_rate_limit=1000)


@pytest.fixture
def runtime(settings) -> Iterator[Runtime]:
    upgrade_database(settings.effective_database_url)
    built = Runtime.from_settings(settings)
    yield built
    built.engine.dispose()


@pytest.fixture
def session(runtime) -> Iterator[Session]:
    with session_scope(runtime.engine) as open_session:
        yield open_session


@pytest.fixture
def demo_town(runtime) -> None:
    """A small demo town: the demo citizen's household plus 39 others.

    The test database is already a copy of a demo town template, so this load only
    confirms that the town is there.
    """
    with session_scope(runtime.engine) as open_session:
        load_demo_data(open_session, runtime.settings.council, **DEMO_TOWN_SIZE)


@pytest.fixture
def demo_citizen(runtime, demo_town) -> UserAccount:
    with session_scope(runtime.engine) as open_session:
        result = login(open_session, DEMO_CITIZEN_NIF, DEMO_PASSWORD, "127.0.0.1", timedelta(hours=1))
    return result.user
