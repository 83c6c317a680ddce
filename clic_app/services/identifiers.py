# SPDX-License-Identifier: EUPL-1.2
"""Identity document numbers: DNI and NIE checked with python-stdnum, passports by shape."""

from __future__ import annotations

import re

from stdnum.es import dni, nie

from clic_app.models import IdentityDocumentKind
from clic_app.services.errors import InvalidInput

# ICAO 9303 allows up to 9 alphanumerics in the document number zone. Some older
# passports are longer, so up to 15 are accepted and a clerk checks the rest.
_PASSPORT = re.compile(r"^[A-Z0-9]{5,15}$")


def compact(number: str) -> str:
    """Return ``number`` upper case without spaces, dots or hyphens."""
    return re.sub(r"[\s.\-]", "", number or "").upper()


def classify(number: str, field: str = "document_number") -> tuple[IdentityDocumentKind, str]:
    """Return the document kind and compact form of a DNI, NIE or passport number.

    Raises:
        InvalidInput: the number is not a valid DNI or NIE and not passport-shaped.
    """
    value = compact(number)
    if dni.is_valid(value):
        return IdentityDocumentKind.DNI, value
    if nie.is_valid(value):
        return IdentityDocumentKind.NIE, value
    looks_spanish = bool(re.fullmatch(r"[XYZ]?\d{7,8}[A-Z]", value))
    if not looks_spanish and _PASSPORT.fullmatch(value):
        return IdentityDocumentKind.PASSPORT, value
    raise InvalidInput("document_number_invalid", field=field, value=number)


def validate_nif(number: str, field: str = "nif") -> str:
    """Return the compact form of a valid DNI or NIE, which log in to the portal.

    Raises:
        InvalidInput: ``number`` is neither a valid DNI nor NIE.
    """
    kind, value = classify(number, field)
    if kind is IdentityDocumentKind.PASSPORT:
        raise InvalidInput("document_number_invalid", field=field, value=number)
    return value
