# SPDX-License-Identifier: EUPL-1.2
"""Fixtures of every unit test."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _cheap_passwords(fast_password_hashing) -> None:
    """Hash passwords at minimum cost in every unit test."""
