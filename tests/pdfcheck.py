# SPDX-License-Identifier: EUPL-1.2
"""Checks of sealed PDFs with tools independent of CLIC: pyHanko, pdfsig and pdftotext.

Service tests and browser journeys both use these helpers, so they judge a document the
same way. pdfsig and pdftotext come from Debian's poppler-utils, certutil from
libnss3-tools.
"""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import PdfSignatureStatus
from pyhanko_certvalidator import ValidationContext

NSS_CA_NICKNAME = "clic-dev-ca"
# Trust flags for SSL, e-mail and object signing, where "C" marks a CA trusted to issue certificates.
NSS_CA_TRUST = "CT,C,C"
_STREAM_START = re.compile(rb"stream\r?\n")


def pyhanko_status(pdf: bytes, ca_pem: Path) -> PdfSignatureStatus:
    """Validate the first signature of ``pdf`` with ``ca_pem`` as the only trust root."""
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(ca_pem))])
    signature = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
    return validate_pdf_signature(signature, context)


def create_nss_database(directory: Path, ca_pem: Path) -> str:
    """Create an NSS database in ``directory`` that trusts ``ca_pem`` and return its ``sql:`` name."""
    database = f"sql:{directory}"
    subprocess.run(["certutil", "-N", "--empty-password", "-d", database], check=True, capture_output=True)
    subprocess.run(
        ["certutil", "-A", "-t", NSS_CA_TRUST, "-n", NSS_CA_NICKNAME, "-i", str(ca_pem), "-d", database],
        check=True,
        capture_output=True,
    )
    return database


def pdfsig_report(pdf_path: Path, nss_database: str) -> str:
    """Return pdfsig's report on ``pdf_path``.

    pdfsig (poppler 22.12) exits with 0 even when a digest does not match, so callers
    must read the report: "Signature is Valid." or "Digest Mismatch.".
    """
    result = subprocess.run(
        ["pdfsig", "-nssdir", nss_database, str(pdf_path)], check=True, capture_output=True, text=True
    )
    return result.stdout


def pdf_text(pdf_path: Path) -> str:
    """Return the text of ``pdf_path`` in content-stream order, one table row per line."""
    result = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(pdf_path), "-"], check=True, capture_output=True, text=True
    )
    return result.stdout


def flip_signed_byte(pdf: bytes) -> bytes:
    """Return a copy of ``pdf`` with one byte changed inside a stream that the signature covers.

    A byte inside stream data keeps the file parseable, so validators report a digest
    mismatch instead of failing to read the file.
    """
    signed_end = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0].byte_range[1]
    for match in _STREAM_START.finditer(pdf, 0, signed_end):
        end = pdf.find(b"endstream", match.end())
        if 0 < end <= signed_end and end - match.end() > 32:
            position = (match.end() + end) // 2
            tampered = bytearray(pdf)
            tampered[position] ^= 0x01
            return bytes(tampered)
    raise ValueError("no stream of more than 32 bytes inside the signed range")
