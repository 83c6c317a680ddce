# SPDX-License-Identifier: EUPL-1.2
"""Document store: issued documents kept unchanged, found by SHA-256 and by CSV.

Bytes go to a content-addressed folder (``ab/cd/<sha256>``); metadata and the CSV go to
the ``issueddocument`` table. A CSV (código seguro de verificación) is 20 random
characters from a 31-letter alphabet without look-alikes (0/O, 1/I/L): about 99 bits.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import secrets
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import Session, select

from clic_app.models import DocumentKind, IssuedDocument, utcnow
from clic_app.services.errors import InvalidInput, NotFound

logger = logging.getLogger(__name__)

CSV_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CSV_LENGTH = 20
_CSV_GROUP = 5
_CSV_PATTERN = re.compile(f"^[{CSV_ALPHABET}]{{{CSV_LENGTH}}}$")
_MAX_CSV_ATTEMPTS = 5


def new_csv() -> str:
    """Return a fresh random CSV in compact form."""
    return "".join(secrets.choice(CSV_ALPHABET) for _ in range(CSV_LENGTH))


def normalize_csv(text: str, field: str = "csv") -> str:
    """Return the compact CSV of user input with spaces, hyphens and case ignored.

    Raises:
        InvalidInput: empty, or not 20 characters of the CSV alphabet.
    """
    value = re.sub(r"[\s\-]", "", text or "").upper()
    if not value:
        raise InvalidInput("csv_required", field=field)
    if not _CSV_PATTERN.fullmatch(value):
        raise InvalidInput("csv_malformed", field=field)
    return value


def format_csv(csv: str) -> str:
    """Return a CSV split in groups of five for printing: ``ABCDE-FGHJK-…``."""
    return "-".join(csv[i : i + _CSV_GROUP] for i in range(0, len(csv), _CSV_GROUP))


@dataclass(frozen=True)
class NewDocument:
    """A document about to be issued, before it has a CSV."""

    kind: DocumentKind
    filename: str
    subject_person_id: int | None = None
    requested_by_user_id: int | None = None
    test_document: bool = False
    content_type: str = "application/pdf"
    issued_at: datetime | None = None


class DocumentStore:
    """Content-addressed files under ``root``; safe to write the same bytes twice."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, content: bytes) -> str:
        """Write ``content`` atomically and return its SHA-256 hex digest."""
        digest = hashlib.sha256(content).hexdigest()
        target = self.path_for(digest)
        if target.exists():
            return digest

        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_name, target)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        _fsync_directory(target.parent)
        return digest

    def get(self, sha256: str) -> bytes:
        """Return the bytes stored under ``sha256``, checking they are unchanged.

        Raises:
            FileNotFoundError: nothing is stored under that digest.
            OSError: the stored file no longer matches its digest.
        """
        content = self.path_for(sha256).read_bytes()
        if hashlib.sha256(content).hexdigest() != sha256:
            raise OSError(f"stored document {sha256} does not match its digest")
        return content


def _fsync_directory(directory: Path) -> None:
    # The rename is durable only once the folder entry itself reaches the disk.
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def issue_document(
    session: Session, store: DocumentStore, content: bytes, meta: NewDocument, csv: str | None = None
) -> IssuedDocument:
    """Store ``content`` and record it under a new unique CSV, in the caller's transaction.

    ``csv`` lets the caller print the code inside the document before storing it. A
    collision with an existing code raises IntegrityError from the unique index.
    """
    digest = store.put(content)
    document = IssuedDocument(
        csv=csv or new_csv(),
        kind=meta.kind,
        sha256=digest,
        size=len(content),
        content_type=meta.content_type,
        filename=meta.filename,
        subject_person_id=meta.subject_person_id,
        requested_by_user_id=meta.requested_by_user_id,
        test_document=meta.test_document,
        issued_at=meta.issued_at or utcnow(),
    )
    session.add(document)
    session.flush()
    logger.info("document_issued id=%s kind=%s sha256=%s", document.id, document.kind, digest)
    return document


def csv_is_free(session: Session, csv: str) -> bool:
    """Return whether no issued document uses ``csv`` yet."""
    return session.exec(select(IssuedDocument.id).where(IssuedDocument.csv == csv)).first() is None


def reserve_csv(session: Session) -> str:
    """Return a random CSV not used by any stored document.

    The unique index still guards against a concurrent issue drawing the same code.
    """
    for _ in range(_MAX_CSV_ATTEMPTS):
        csv = new_csv()
        if csv_is_free(session, csv):
            return csv
        logger.warning("csv_collision retrying")
    raise RuntimeError(f"no free CSV after {_MAX_CSV_ATTEMPTS} random draws; check the random source")


def find_by_csv(session: Session, text: str) -> IssuedDocument:
    """Return the document with CSV ``text`` (any case, with or without hyphens).

    Raises:
        InvalidInput: the CSV is malformed.
        NotFound: no document has that CSV.
    """
    csv = normalize_csv(text)
    document = session.exec(select(IssuedDocument).where(IssuedDocument.csv == csv)).first()
    if document is None:
        raise NotFound("csv_not_found", field="csv")
    return document
