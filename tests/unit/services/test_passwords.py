# SPDX-License-Identifier: EUPL-1.2
"""Tests of the password policy for new passwords."""

from __future__ import annotations

import pytest

from clic_app.services.errors import InvalidInput
from clic_app.services.passwords import MAX_LENGTH, MIN_LENGTH, check_password, common_passwords

NIF = "71234567W"
NIE = "X1234567L"
EMAIL = "lucia.fernandez.nunez@example.org"


def _rejection(password: str, **context) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        check_password(password, **context)
    return caught.value


@pytest.mark.parametrize(
    "password",
    ["correct horse battery staple", "x" * MIN_LENGTH, "ñandú-tortuga-ŝ", "y" * MAX_LENGTH, "   spaces    count "],
)
def test_good_password_accepted(password):
    check_password(password, nif=NIF, email=EMAIL)


def test_short_password_rejected():
    error = _rejection("x" * (MIN_LENGTH - 1))

    assert error.code == "password_too_short"
    assert error.field == "password"
    assert error.params == {"min_length": MIN_LENGTH}


def test_long_password_rejected():
    error = _rejection("x" * (MAX_LENGTH + 1))

    assert error.code == "password_too_long"
    assert error.params == {"max_length": MAX_LENGTH}


@pytest.mark.parametrize("password", ["qwertyuiop123", "1qaz2wsx3edc", "QWERTY123456", "123456654321"])
def test_common_password_rejected(password):
    error = _rejection(password)

    assert error.code == "password_too_common"


def test_common_list_is_large():
    passwords = common_passwords()

    assert len(passwords) >= 10_000
    assert "password" in passwords


@pytest.mark.parametrize(
    ("password", "nif"),
    [
        ("71234567W-mipass", NIF),
        ("mi dni es 71.234.567", NIF),
        ("clave71234567w!", NIF),
        ("nie-x1234567l-2026", NIE),
    ],
)
def test_password_with_nif_rejected(password, nif):
    error = _rejection(password, nif=nif)

    assert error.code == "password_personal"


@pytest.mark.parametrize("password", [EMAIL, EMAIL.upper(), "lucia.fernandez.nunez"])
def test_password_equal_to_email_rejected(password):
    error = _rejection(password, email=EMAIL)

    assert error.code == "password_personal"


def test_error_names_given_field():
    error = _rejection("short", field="new_password")

    assert error.field == "new_password"
