# SPDX-License-Identifier: EUPL-1.2
"""Shared fixtures: a fresh database and data folder per test, on SQLite or PostgreSQL.

Set CLIC_TEST_DATABASE_URL to a PostgreSQL server URL to run the same tests there;
each test then gets its own database, created and dropped around it.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from clic_app.models import UserAccount
from clic_app.services.db import session_scope
from clic_app.services.demo_data import DEMO_CITIZEN_NIF, DEMO_PASSWORD, load_demo_data
from clic_app.services.identity import login
from clic_app.services.migrations import upgrade_database
from clic_app.services.runtime import Runtime
from clic_app.services.signing import DEV_CA_FILE, create_development_pki
from clic_app.settings import Council, Settings
from tests.pdfcheck import create_nss_database

# Test material (certificates, Facturae samples) lives in shared/ beside the checkout.
SHARED_DIR = Path(os.environ.get("CLIC_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared"))


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


@pytest.fixture
def database_url(tmp_path) -> Iterator[str]:
    server_url = os.environ.get("CLIC_TEST_DATABASE_URL")
    if not server_url:
        yield f"sqlite:///{tmp_path / 'clic.db'}"
        return

    name = f"clic_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


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
    """A small demo town: the demo citizen's household plus 40 others."""
    with session_scope(runtime.engine) as open_session:
        load_demo_data(open_session, runtime.settings.council, streets=12, households=40, min_inhabitants=90)


@pytest.fixture
def demo_citizen(runtime, demo_town) -> UserAccount:
    with session_scope(runtime.engine) as open_session:
        result = login(open_session, DEMO_CITIZEN_NIF, DEMO_PASSWORD, "127.0.0.1", timedelta(hours=1))
    return result.user
