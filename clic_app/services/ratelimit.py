# SPDX-License-Identifier: EUPL-1.2
"""Sliding-window rate limits per client address."""

from __future__ import annotations

import threading
import time
from collections import deque
from datetime import timedelta

from clic_app.services.errors import TooManyRequests

# Forget idle clients once this many are tracked, so memory stays bounded.
_MAX_TRACKED_CLIENTS = 50_000


class RateLimiter:
    """Allow ``limit`` hits per ``window`` and key; thread-safe.

    NOTE: counts live in this process only, so with N backend workers a client may get
    up to N times the limit. A shared limit needs Redis.
    """

    def __init__(self, limit: int, window: timedelta) -> None:
        self.limit = limit
        self.window = window.total_seconds()
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, code: str = "verification_throttled") -> None:
        """Count one request of ``key``.

        Raises:
            TooManyRequests: ``key`` already used its ``limit`` in the window.
        """
        now = time.monotonic()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and now - hits[0] >= self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                raise TooManyRequests(code, retry_after=int(self.window - (now - hits[0])) + 1)
            hits.append(now)
            if len(self._hits) > _MAX_TRACKED_CLIENTS:
                self._forget_idle(now)

    def _forget_idle(self, now: float) -> None:
        idle = [key for key, hits in self._hits.items() if not hits or now - hits[-1] >= self.window]
        for key in idle:
            del self._hits[key]
