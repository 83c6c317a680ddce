# SPDX-License-Identifier: EUPL-1.2
"""Password policy for new passwords: length limits and no common or guessable values.

The rules follow OWASP ASVS 4.0.3, section V2.1: at least 12 characters, up to 128
allowed, no composition rules, and a check against a list of common passwords.
"""

from __future__ import annotations

import functools

from zxcvbn.frequency_lists import FREQUENCY_LISTS

from clic_app.services.errors import InvalidInput
from clic_app.services.identifiers import compact

MIN_LENGTH = 12
MAX_LENGTH = 128


@functools.cache
def common_passwords() -> frozenset[str]:
    """Return the 30,000 most common passwords, lower case.

    The list ships in the zxcvbn package (MIT licence), which ranks the passwords of
    public leaks by frequency.
    """
    return frozenset(FREQUENCY_LISTS["passwords"])


def check_password(password: str, *, nif: str = "", email: str = "", field: str = "password") -> None:
    """Check a new password against the policy; login does not apply it to old passwords.

    Args:
        nif: the account holder's NIF/NIE, whose digits the password must not contain.
        email: the account's address; neither it nor its local part may be the password.
        field: the form field named in the error.

    Raises:
        InvalidInput: the password is too short, too long, common, or repeats the NIF
            or is the email address.
    """
    if len(password) < MIN_LENGTH:
        raise InvalidInput("password_too_short", field=field, min_length=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        raise InvalidInput("password_too_long", field=field, max_length=MAX_LENGTH)

    lowered = password.strip().lower()
    if lowered in common_passwords():
        raise InvalidInput("password_too_common", field=field)
    if _contains_nif(password, nif) or lowered in _email_forms(email):
        raise InvalidInput("password_personal", field=field)


def _contains_nif(password: str, nif: str) -> bool:
    # The NIF's digits are public to anyone holding a document of its owner, so they may
    # not appear in the password in any spelling ("12.345.678", "12345678z"). The
    # minimum length already rules out a password that is the bare NIF.
    digits = "".join(character for character in compact(nif) if character.isdigit())
    return len(digits) >= 7 and digits in compact(password)


def _email_forms(email: str) -> set[str]:
    address = email.strip().lower()
    if not address:
        return set()
    return {address, address.split("@")[0]}
