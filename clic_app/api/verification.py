# SPDX-License-Identifier: EUPL-1.2
"""Public verification routes: anyone with a CSV may check and download the document."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from clic_app.api.deps import ClientDep, LanguageDep, RuntimeDep, SessionDep
from clic_app.api.errors import ERROR_RESPONSES
from clic_app.api.schemas import VerificationPublic
from clic_app.locales import translate
from clic_app.services.verification import original_document, verify

router = APIRouter(prefix="/verification", tags=["verification"])

CsvPath = Annotated[str, Path(max_length=64, description="CSV, with or without hyphens")]


@router.get("/{csv}", response_model=VerificationPublic, responses=ERROR_RESPONSES)
def read_verification(
    csv: CsvPath, session: SessionDep, runtime: RuntimeDep, client: ClientDep, language: LanguageDep
) -> VerificationPublic:
    """Return the type, issue date and SHA-256 of the document with this CSV."""
    found = verify(session, runtime.verification_limiter, client, csv)
    return VerificationPublic(
        csv=found.csv,
        kind=found.kind,
        kind_label=translate(found.kind.message_key, language),
        issued_at=found.issued_at,
        sha256=found.sha256,
        size=found.size,
        test_document=found.test_document,
    )


@router.get(
    "/{csv}/document",
    response_class=Response,
    responses={**ERROR_RESPONSES, 200: {"content": {"application/pdf": {}}, "description": "The sealed PDF"}},
)
def download_document(csv: CsvPath, session: SessionDep, runtime: RuntimeDep, client: ClientDep) -> Response:
    """Return the document with this CSV exactly as it was issued."""
    found, content = original_document(session, runtime.store, runtime.verification_limiter, client, csv)
    return Response(
        content,
        media_type=found.content_type,
        headers={
            "Content-Disposition": f'attachment; filename="{found.filename}"',
            "X-Content-SHA256": found.sha256,
            "Cache-Control": "private, no-store",
        },
    )

