# SPDX-License-Identifier: EUPL-1.2
"""The long-lived objects of one process: settings, database engine, store and seal."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Engine

from clic_app.services.db import make_engine
from clic_app.services.documents import DocumentStore
from clic_app.services.ratelimit import RateLimiter
from clic_app.services.signing import Sealer, get_sealer
from clic_app.settings import Settings, get_settings


@dataclass
class Runtime:
    """Shared services of one installation, built once per process (or per test)."""

    settings: Settings
    engine: Engine
    store: DocumentStore
    verification_limiter: RateLimiter = field(repr=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> Runtime:
        return cls(
            settings=settings,
            engine=make_engine(settings.effective_database_url),
            store=DocumentStore(settings.documents_dir),
            verification_limiter=RateLimiter(settings.verify_rate_limit, timedelta(minutes=1)),
        )

    @functools.cached_property
    def sealer(self) -> Sealer:
        return get_sealer(self.settings)

    @property
    def session_lifetime(self) -> timedelta:
        return timedelta(hours=self.settings.session_hours)

    def verify_url(self, csv: str) -> str:
        """Return the public verification page address for ``csv``, as printed in QR codes."""
        return f"{self.settings.public_base_url}/verificar?csv={csv}"


@functools.cache
def get_runtime() -> Runtime:
    """Return the process-wide runtime for the environment's settings."""
    return Runtime.from_settings(get_settings())
