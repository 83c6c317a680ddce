# SPDX-License-Identifier: EUPL-1.2
"""Schema migrations with Alembic: every schema change is a revision under migrations/."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(database_url: str) -> Config:
    """Return an Alembic configuration for ``database_url`` without an ini file."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade_database(database_url: str) -> None:
    """Create or migrate the schema of ``database_url`` to the newest revision."""
    logger.info("migration_start")
    command.upgrade(alembic_config(database_url), "head")
    logger.info("migration_done")
