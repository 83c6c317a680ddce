# SPDX-License-Identifier: EUPL-1.2
"""Alembic environment: migrates the database named by CLIC settings."""

from alembic import context
from sqlmodel import SQLModel

import clic_app.models  # noqa: F401  (registers every table on SQLModel.metadata)
from clic_app.models.base import StrEnumType, UTCDateTime
from clic_app.services.db import make_engine
from clic_app.settings import get_settings

config = context.config
url = config.get_main_option("sqlalchemy.url") or get_settings().effective_database_url


def render_item(type_, obj, autogen_context):
    """Write the project's column types as plain SQLAlchemy types into revisions.

    A revision must not change meaning when a model class changes later.
    """
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and isinstance(obj, StrEnumType):
        return f"sa.String(length={obj.impl.length})"
    return False


def run_migrations_offline() -> None:
    context.configure(
        url=url, target_metadata=SQLModel.metadata, literal_binds=True, render_as_batch=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection") or make_engine(url)
    if hasattr(connectable, "connect"):
        with connectable.connect() as connection:
            if connection.dialect.name == "sqlite":
                # Batch mode rebuilds a table by copy, drop and rename, which fails while
                # other tables' foreign keys point at it. The pragma must be set outside
                # a transaction, so the autobegun one is committed straight away.
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
                connection.commit()
            _run(connection)
    else:
        _run(connectable)


def _run(connection) -> None:
    # Batch mode lets SQLite alter tables by copying them, as it has no ALTER COLUMN.
    context.configure(
        connection=connection, target_metadata=SQLModel.metadata, render_as_batch=True, render_item=render_item
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
