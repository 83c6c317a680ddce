# SPDX-License-Identifier: EUPL-1.2
"""Public verification of issued documents by CSV, open to anyone without login."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from clic_app.models import DocumentKind
from clic_app.services.documents import DocumentStore, find_by_csv, format_csv
from clic_app.services.errors import NotFound
from clic_app.services.ratelimit import RateLimiter

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class VerifiedDocument:
    """Public metadata of a document found by its CSV, without personal data."""

    csv: str
    kind: DocumentKind
    issued_at: datetime
    sha256: str
    size: int
    filename: str
    content_type: str
    test_document: bool

    @property
    def csv_display(self) -> str:
        return format_csv(self.csv)


def verify(session: Session, limiter: RateLimiter, client_address: str, csv: str) -> VerifiedDocument:
    """Return the public metadata of the document with ``csv``.

    Raises:
        TooManyRequests: the client exceeded the verification rate limit.
        InvalidInput: the CSV is malformed.
        NotFound: no document has that CSV.
    """
    limiter.hit(client_address)
    document = find_by_csv(session, csv)
    return VerifiedDocument(
        csv=document.csv,
        kind=document.kind,
        issued_at=document.issued_at,
        sha256=document.sha256,
        size=document.size,
        filename=document.filename,
        content_type=document.content_type,
        test_document=document.test_document,
    )


def original_document(
    session: Session, store: DocumentStore, limiter: RateLimiter, client_address: str, csv: str
) -> tuple[VerifiedDocument, bytes]:
    """Return the metadata and the unchanged bytes of the document with ``csv``.

    Raises:
        TooManyRequests, InvalidInput, NotFound: as :func:`verify`; NotFound also when the
        stored file is missing or no longer matches its SHA-256.
    """
    verified = verify(session, limiter, client_address, csv)
    try:
        content = store.get(verified.sha256)
    except OSError:
        logger.exception("document_unreadable csv_prefix=%s sha256=%s", verified.csv[:4], verified.sha256)
        raise NotFound("document_missing", field="csv", csv=verified.csv_display) from None
    return verified, content
