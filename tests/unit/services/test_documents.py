# SPDX-License-Identifier: EUPL-1.2
"""Tests of the CSV codes, the content-addressed document store and issued-document records."""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from clic_app.models import DocumentKind, IssuedDocument
from clic_app.services.db import session_scope
from clic_app.services.documents import (
    CSV_ALPHABET,
    CSV_LENGTH,
    DocumentStore,
    NewDocument,
    csv_is_free,
    find_by_csv,
    format_csv,
    issue_document,
    new_csv,
    normalize_csv,
    reserve_csv,
)
from clic_app.services.errors import InvalidInput, NotFound

SAMPLE_CSV = "ABCDE23456FGHJK789MN"
SAMPLE_PDF = b"%PDF-1.7\n% a stand-in for a sealed volante\n%%EOF\n"


def _meta(**overrides) -> NewDocument:
    values = {"kind": DocumentKind.VOLANTE_INDIVIDUAL, "filename": "volante.pdf"} | overrides
    return NewDocument(**values)


@pytest.fixture
def store(tmp_path) -> DocumentStore:
    return DocumentStore(tmp_path / "documents")


@pytest.mark.parametrize("look_alike", ["0", "O", "1", "I", "L"])
def test_csv_alphabet_excludes_look_alike(look_alike):
    assert look_alike not in CSV_ALPHABET


def test_csv_alphabet_has_no_repeats():
    assert len(set(CSV_ALPHABET)) == len(CSV_ALPHABET)


def test_csv_has_at_least_80_bits():
    """Each character is a uniform choice among the alphabet, so bits add up per character."""
    bits = CSV_LENGTH * math.log2(len(CSV_ALPHABET))

    assert CSV_LENGTH == 20
    assert len(CSV_ALPHABET) == 31
    assert bits >= 80


def test_new_csv_shape():
    csv = new_csv()

    assert len(csv) == CSV_LENGTH
    assert set(csv) <= set(CSV_ALPHABET)


def test_new_csv_unique_over_many_draws():
    draws = [new_csv() for _ in range(20_000)]

    assert len(set(draws)) == len(draws)


def test_new_csv_uses_whole_alphabet():
    """Each letter should get about 12,900 of 400,000 characters, with a standard deviation of 112."""
    counts = Counter("".join(new_csv() for _ in range(20_000)))

    assert set(counts) == set(CSV_ALPHABET)
    assert min(counts.values()) > 11_000


@pytest.mark.parametrize(
    "typed",
    [
        "abcde23456fghjk789mn",
        "ABCDE-23456-FGHJK-789MN",
        "abcde-23456-fghjk-789mn",
        "ABCDE 23456 FGHJK 789MN",
        "  abCDE-23456 fghjk\t789MN\n",
    ],
)
def test_normalize_csv_accepts_typed_forms(typed):
    assert normalize_csv(typed) == SAMPLE_CSV


@pytest.mark.parametrize(
    "typed",
    [
        "ABCDE23456FGHJK789M",
        "ABCDE23456FGHJK789MNP",
        "ABCDE23456FGHJK789M0",
        "ABCDE23456FGHJK789MO",
        "ABCDE23456FGHJK789M1",
        "ABCDE23456FGHJK789MI",
        "ABCDE23456FGHJK789ML",
        "ABCDE.23456.FGHJK.789MN",
        "ABCDE_23456_FGHJK_789MN",
        "ÁBCDE23456FGHJK789MN",
        "ABCDE23456FGHJK789M\x00",
    ],
)
def test_normalize_csv_rejects_malformed(typed):
    with pytest.raises(InvalidInput) as caught:
        normalize_csv(typed, field="code")

    assert caught.value.code == "csv_malformed"
    assert caught.value.field == "code"


@pytest.mark.parametrize("typed", ["", "   ", "-----", None])
def test_normalize_csv_rejects_empty(typed):
    with pytest.raises(InvalidInput) as caught:
        normalize_csv(typed)

    assert caught.value.code == "csv_required"
    assert caught.value.field == "csv"


def test_format_csv_groups_of_five():
    assert format_csv(SAMPLE_CSV) == "ABCDE-23456-FGHJK-789MN"


def test_format_csv_round_trip():
    csv = new_csv()

    assert normalize_csv(format_csv(csv).lower()) == csv


def test_store_put_returns_sha256(store):
    digest = store.put(SAMPLE_PDF)

    assert digest == hashlib.sha256(SAMPLE_PDF).hexdigest()
    assert store.path_for(digest).read_bytes() == SAMPLE_PDF


def test_store_path_fans_out_by_digest(store):
    digest = store.put(SAMPLE_PDF)

    assert store.path_for(digest) == store.root / digest[:2] / digest[2:4] / digest


def test_store_put_idempotent(store):
    first = store.put(SAMPLE_PDF)
    written_at = store.path_for(first).stat().st_mtime_ns

    second = store.put(SAMPLE_PDF)

    assert second == first
    assert store.path_for(first).stat().st_mtime_ns == written_at
    assert [path.name for path in store.path_for(first).parent.iterdir()] == [first]


def test_store_distinct_content_distinct_files(store):
    first = store.put(SAMPLE_PDF)

    second = store.put(SAMPLE_PDF + b" ")

    assert second != first
    assert store.get(second) == SAMPLE_PDF + b" "


def test_store_get_returns_content(store):
    digest = store.put(SAMPLE_PDF)

    assert store.get(digest) == SAMPLE_PDF


def test_store_get_detects_tampering(store):
    digest = store.put(SAMPLE_PDF)
    path = store.path_for(digest)
    tampered = bytearray(path.read_bytes())
    tampered[10] ^= 0x01
    path.write_bytes(tampered)

    with pytest.raises(OSError, match=digest):
        store.get(digest)


def test_store_get_missing(store):
    missing = hashlib.sha256(b"never stored").hexdigest()

    with pytest.raises(FileNotFoundError):
        store.get(missing)


def test_issue_document_stores_metadata(runtime):
    issued_at = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    meta = _meta(kind=DocumentKind.VOLANTE_COLECTIVO, filename="colectivo.pdf", test_document=True, issued_at=issued_at)
    with session_scope(runtime.engine) as session:
        issued = issue_document(session, runtime.store, SAMPLE_PDF, meta)

    with session_scope(runtime.engine) as session:
        stored = session.get(IssuedDocument, issued.id)

    assert stored.csv == normalize_csv(stored.csv)
    assert stored.kind is DocumentKind.VOLANTE_COLECTIVO
    assert stored.sha256 == hashlib.sha256(SAMPLE_PDF).hexdigest()
    assert stored.size == len(SAMPLE_PDF)
    assert stored.content_type == "application/pdf"
    assert stored.filename == "colectivo.pdf"
    assert stored.test_document is True
    assert stored.issued_at == issued_at
    assert runtime.store.get(stored.sha256) == SAMPLE_PDF


def test_issue_document_defaults_issued_at_to_now(session, runtime):
    before = datetime.now(UTC)

    issued = issue_document(session, runtime.store, SAMPLE_PDF, _meta())

    assert before <= issued.issued_at <= datetime.now(UTC)


def test_issue_document_uses_given_csv(session, runtime):
    issued = issue_document(session, runtime.store, SAMPLE_PDF, _meta(), csv=SAMPLE_CSV)

    assert issued.csv == SAMPLE_CSV


def test_issue_document_rejects_taken_csv(runtime):
    with session_scope(runtime.engine) as session:
        issue_document(session, runtime.store, SAMPLE_PDF, _meta(), csv=SAMPLE_CSV)

    with pytest.raises(IntegrityError), session_scope(runtime.engine) as session:
        issue_document(session, runtime.store, SAMPLE_PDF + b"2", _meta(), csv=SAMPLE_CSV)

    with session_scope(runtime.engine) as session:
        count = len(session.exec(select(IssuedDocument)).all())
    assert count == 1


def test_same_bytes_issued_twice_share_file(session, runtime):
    first = issue_document(session, runtime.store, SAMPLE_PDF, _meta())

    second = issue_document(session, runtime.store, SAMPLE_PDF, _meta())

    assert second.csv != first.csv
    assert second.sha256 == first.sha256


def test_reserve_csv_returns_free_code(session, runtime):
    issue_document(session, runtime.store, SAMPLE_PDF, _meta(), csv=SAMPLE_CSV)

    reserved = reserve_csv(session)

    assert reserved == normalize_csv(reserved)
    assert csv_is_free(session, reserved)
    assert not csv_is_free(session, SAMPLE_CSV)


def test_find_by_csv_accepts_display_form(session, runtime):
    issued = issue_document(session, runtime.store, SAMPLE_PDF, _meta(), csv=SAMPLE_CSV)

    found = find_by_csv(session, "abcde-23456-fghjk-789mn")

    assert found.id == issued.id


def test_find_by_csv_unknown(session):
    with pytest.raises(NotFound) as caught:
        find_by_csv(session, SAMPLE_CSV)

    assert caught.value.code == "csv_not_found"
    assert caught.value.field == "csv"


def test_find_by_csv_malformed(session):
    with pytest.raises(InvalidInput) as caught:
        find_by_csv(session, "not-a-csv")

    assert caught.value.code == "csv_malformed"
