# SPDX-License-Identifier: EUPL-1.2
"""Tests that the Alembic revisions build exactly the schema the SQLModel tables describe."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect
from sqlmodel import SQLModel, select

import clic_app.models  # noqa: F401  (registers every table on SQLModel.metadata)
from clic_app.models import Street
from clic_app.services.db import make_engine, session_scope
from clic_app.services.migrations import upgrade_database


@pytest.fixture
def engine(database_url) -> Iterator[Engine]:
    built = make_engine(database_url)
    yield built
    built.dispose()


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def test_empty_database_has_no_tables(engine):
    assert _tables(engine) == set()


def test_upgrade_creates_all_tables(database_url, engine):
    upgrade_database(database_url)

    assert _tables(engine) == set(SQLModel.metadata.tables) | {"alembic_version"}


def test_upgrade_twice_keeps_data(database_url, engine):
    upgrade_database(database_url)
    with session_scope(engine) as session:
        session.add(Street(code="00001", kind="Calle", name="Mayor"))

    upgrade_database(database_url)

    with session_scope(engine) as session:
        names = session.exec(select(Street.name)).all()
    assert names == ["Mayor"]
    assert _tables(engine) == set(SQLModel.metadata.tables) | {"alembic_version"}


def test_migrations_match_models(database_url, engine):
    """Autogenerate finds nothing to do, so no model change lacks its revision."""
    upgrade_database(database_url)

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)

    assert differences == []
