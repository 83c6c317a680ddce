# SPDX-License-Identifier: EUPL-1.2
"""One new database per test, copied from a template built once per run.

On PostgreSQL, migrating and loading the demo town costs about a second per test, so
test databases are copies made with ``CREATE DATABASE … TEMPLATE``. SQLite templates are
copied with the backup API, which also copies pages still in the write-ahead log.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from enum import StrEnum
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from clic_app.services.db import make_engine, session_scope
from clic_app.services.demo_data import load_demo_data
from clic_app.services.migrations import alembic_config
from clic_app.settings import Council

DEMO_TOWN_SIZE = {"streets": 12, "households": 40, "min_inhabitants": 90}
# PostgreSQL databases are created in parallel batches of this many, because on PostgreSQL 15
# (Debian 12, 2 cores) one CREATE DATABASE took about 0.14 s alone but about 0.015 s per
# database when two or more ran at once.
_BATCH = 8


class Template(StrEnum):
    """What a new test database starts with."""

    EMPTY = "empty"
    SCHEMA = "schema"
    DEMO = "demo"

    @classmethod
    def for_fixtures(cls, fixture_names: Iterable[str]) -> Template:
        """Return the template a test needs, judged by the fixtures it uses."""
        names = set(fixture_names)
        if "demo_town" in names:
            return cls.DEMO
        if "runtime" in names:
            return cls.SCHEMA
        return cls.EMPTY


class DatabaseFactory:
    """Creates test databases on SQLite files, or on the PostgreSQL server of ``server_url``."""

    def __init__(self, server_url: str | None, work_dir: Path, council: Council) -> None:
        self.server_url = server_url
        self.work_dir = work_dir
        self.council = council
        self._run_id = uuid.uuid4().hex[:8]
        self._templates: dict[Template, str] = {}
        self._ready: dict[Template, list[str]] = {}
        self._drops: list[Future] = []
        self._admin = None
        self._workers = None
        if server_url:
            self._admin = create_engine(server_url, isolation_level="AUTOCOMMIT", pool_size=_BATCH)
            self._workers = ThreadPoolExecutor(max_workers=_BATCH, thread_name_prefix="test-databases")

    def create(self, template: Template, directory: Path) -> str:
        """Create a database holding ``template`` and return its URL. SQLite files go in ``directory``."""
        source = self._template_url(template)
        if self._admin is None:
            target = directory / "clic.db"
            if source is not None:
                _copy_sqlite(Path(make_url(source).database), target)
            return f"sqlite:///{target}"

        ready = self._ready.setdefault(template, [])
        if not ready:
            ready.extend(self._create_batch(source))
        return self._server_database(ready.pop())

    def drop(self, url: str) -> None:
        """Drop a PostgreSQL database made by :meth:`create` in the background.

        SQLite files go with their test's temporary folder.
        """
        if self._admin is not None:
            self._drops.append(self._workers.submit(self._drop_database, make_url(url).database))

    def close(self) -> None:
        """Drop the unused copies and the templates, then close the server connection."""
        if self._admin is None:
            return
        unused = [name for names in self._ready.values() for name in names]
        templates = [make_url(url).database for url in self._templates.values()]
        for name in unused + templates:
            self._drops.append(self._workers.submit(self._drop_database, name))
        for dropped in self._drops:
            dropped.result()
        self._workers.shutdown()
        self._admin.dispose()

    def _create_batch(self, source: str | None) -> list[str]:
        names = [f"clic_test_{uuid.uuid4().hex[:12]}" for _ in range(_BATCH)]
        clause = f' TEMPLATE "{make_url(source).database}"' if source is not None else ""
        statements = [f'CREATE DATABASE "{name}"{clause}' for name in names]
        list(self._workers.map(self._execute, statements))
        return names

    def _drop_database(self, name: str) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _template_url(self, template: Template) -> str | None:
        if template is Template.EMPTY:
            return None
        if template not in self._templates:
            self._templates[template] = self._build(template)
        return self._templates[template]

    def _build(self, template: Template) -> str:
        if self._admin is None:
            url = f"sqlite:///{self.work_dir / f'{template}.db'}"
        else:
            name = f"clic_template_{self._run_id}_{template}"
            self._execute(f'CREATE DATABASE "{name}"')
            url = self._server_database(name)

        # The engine is disposed before the template is copied, because PostgreSQL
        # refuses to copy a database that has open connections.
        engine = make_engine(url)
        try:
            with engine.begin() as connection:
                config = alembic_config(url)
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
            if template is Template.DEMO:
                with session_scope(engine) as session:
                    load_demo_data(session, self.council, **DEMO_TOWN_SIZE)
        finally:
            engine.dispose()
        return url

    def _server_database(self, name: str) -> str:
        return make_url(self.server_url).set(database=name).render_as_string(hide_password=False)

    def _execute(self, statement: str) -> None:
        with self._admin.connect() as connection:
            connection.execute(text(statement))


def _copy_sqlite(source: Path, target: Path) -> None:
    with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(target)) as copy:
        origin.backup(copy)
