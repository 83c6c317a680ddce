# SPDX-License-Identifier: EUPL-1.2
"""Tests of public verification by CSV and of the rate limiter that guards it."""

from __future__ import annotations

import dataclasses
import hashlib
import time
from datetime import timedelta

import pytest

from clic_app.models import DocumentKind, IssuedDocument
from clic_app.services.db import session_scope
from clic_app.services.documents import format_csv
from clic_app.services.errors import InvalidInput, NotFound, TooManyRequests
from clic_app.services.ratelimit import RateLimiter
from clic_app.services.verification import VerifiedDocument, original_document, verify
from clic_app.services.volantes import VolanteKind, issue_volante

CLIENT = "198.51.100.7"
UNKNOWN_CSV = "ABCDE23456FGHJK789MN"
PUBLIC_FIELDS = {"csv", "kind", "issued_at", "sha256", "size", "filename", "content_type", "test_document"}


@pytest.fixture
def limiter() -> RateLimiter:
    return RateLimiter(1000, timedelta(minutes=1))


@pytest.fixture
def volante(runtime, demo_citizen) -> IssuedDocument:
    with session_scope(runtime.engine) as session:
        return issue_volante(session, runtime, demo_citizen, VolanteKind.HOUSEHOLD)


def _verify(runtime, limiter: RateLimiter, csv: str) -> VerifiedDocument:
    with session_scope(runtime.engine) as session:
        return verify(session, limiter, CLIENT, csv)


def _original(runtime, limiter: RateLimiter, csv: str) -> tuple[VerifiedDocument, bytes]:
    with session_scope(runtime.engine) as session:
        return original_document(session, runtime.store, limiter, CLIENT, csv)


def test_limiter_rejects_over_limit():
    limiter = RateLimiter(3, timedelta(minutes=1))
    for _ in range(3):
        limiter.hit(CLIENT)

    with pytest.raises(TooManyRequests) as caught:
        limiter.hit(CLIENT)

    assert caught.value.code == "verification_throttled"
    assert 1 <= caught.value.retry_after <= 61


def test_limiter_uses_given_code():
    limiter = RateLimiter(1, timedelta(minutes=1))
    limiter.hit(CLIENT, code="login_throttled")

    with pytest.raises(TooManyRequests) as caught:
        limiter.hit(CLIENT, code="login_throttled")

    assert caught.value.code == "login_throttled"


def test_limiter_counts_per_key():
    limiter = RateLimiter(1, timedelta(minutes=1))
    limiter.hit(CLIENT)

    limiter.hit("198.51.100.8")

    with pytest.raises(TooManyRequests):
        limiter.hit(CLIENT)


def test_limiter_window_slides():
    limiter = RateLimiter(1, timedelta(milliseconds=50))
    limiter.hit(CLIENT)
    with pytest.raises(TooManyRequests):
        limiter.hit(CLIENT)

    time.sleep(0.06)

    limiter.hit(CLIENT)


def test_verify_returns_metadata(runtime, limiter, volante):
    found = _verify(runtime, limiter, volante.csv)

    assert found.csv == volante.csv
    assert found.kind is DocumentKind.VOLANTE_COLECTIVO
    assert found.issued_at == volante.issued_at
    assert found.sha256 == volante.sha256
    assert found.size == volante.size
    assert found.test_document is True
    assert found.csv_display == format_csv(volante.csv)


def test_verify_omits_personal_data(runtime, limiter, volante, demo_citizen):
    found = _verify(runtime, limiter, volante.csv)

    values = " ".join(str(value) for value in dataclasses.asdict(found).values())
    assert {field.name for field in dataclasses.fields(found)} == PUBLIC_FIELDS
    assert demo_citizen.nif not in values
    assert "Fernández" not in values
    assert str(demo_citizen.person_id) not in values.split()


def test_verify_accepts_display_form(runtime, limiter, volante):
    found = _verify(runtime, limiter, format_csv(volante.csv).lower())

    assert found.csv == volante.csv


def test_verify_unknown_csv(runtime, limiter):
    with pytest.raises(NotFound) as caught:
        _verify(runtime, limiter, UNKNOWN_CSV)

    assert caught.value.code == "csv_not_found"


def test_verify_malformed_csv(runtime, limiter):
    with pytest.raises(InvalidInput) as caught:
        _verify(runtime, limiter, "ABC-123")

    assert caught.value.code == "csv_malformed"


def test_verify_counts_failed_lookups(runtime):
    """Guessing codes costs rate limit too, so unknown CSVs count like found ones."""
    limiter = RateLimiter(2, timedelta(minutes=1))
    for _ in range(2):
        with pytest.raises(NotFound):
            _verify(runtime, limiter, UNKNOWN_CSV)

    with pytest.raises(TooManyRequests):
        _verify(runtime, limiter, UNKNOWN_CSV)


def test_original_document_exact_bytes(runtime, limiter, volante):
    stored = runtime.store.path_for(volante.sha256).read_bytes()

    found, content = _original(runtime, limiter, volante.csv)

    assert content == stored
    assert hashlib.sha256(content).hexdigest() == found.sha256


def test_original_document_file_gone(runtime, limiter, volante):
    runtime.store.path_for(volante.sha256).unlink()

    with pytest.raises(NotFound) as caught:
        _original(runtime, limiter, volante.csv)

    assert caught.value.code == "document_missing"
    assert caught.value.field == "csv"
    assert format_csv(volante.csv) in caught.value.message("es")


def test_original_document_file_changed(runtime, limiter, volante):
    path = runtime.store.path_for(volante.sha256)
    path.write_bytes(path.read_bytes() + b"\n")

    with pytest.raises(NotFound) as caught:
        _original(runtime, limiter, volante.csv)

    assert caught.value.code == "document_missing"


def test_original_document_rate_limited(runtime, volante):
    limiter = RateLimiter(1, timedelta(minutes=1))
    _original(runtime, limiter, volante.csv)

    with pytest.raises(TooManyRequests):
        _original(runtime, limiter, volante.csv)
