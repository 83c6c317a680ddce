# SPDX-License-Identifier: EUPL-1.2
"""Tests of DNI, NIE and passport number checks, with check letters computed by python-stdnum."""

from __future__ import annotations

import pytest
from stdnum.es import dni, nie

from clic_app.models import IdentityDocumentKind
from clic_app.services.errors import InvalidInput
from clic_app.services.identifiers import classify, compact, validate_nif

CHECK_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def _dni(digits: str) -> str:
    return digits + dni.calc_check_digit(digits)


def _nie(body: str) -> str:
    return body + nie.calc_check_digit(body)


def _wrong_letter(number: str) -> str:
    wrong = next(letter for letter in CHECK_LETTERS if letter != number[-1])
    return number[:-1] + wrong


@pytest.mark.parametrize("digits", ["12345678", "00000000", "71234567", "40000001"])
def test_classify_valid_dni(digits):
    number = _dni(digits)

    assert classify(number) == (IdentityDocumentKind.DNI, number)


@pytest.mark.parametrize("body", ["X1234567", "Y0000001", "Z7654321"])
def test_classify_valid_nie(body):
    number = _nie(body)

    assert classify(number) == (IdentityDocumentKind.NIE, number)


def test_classify_compacts_written_forms():
    number = _dni("12345678")
    written = f"12.345.678-{number[-1].lower()}"

    assert classify(written) == (IdentityDocumentKind.DNI, number)


@pytest.mark.parametrize("number", [_dni("12345678"), _dni("00000001"), _nie("X1234567"), _nie("Y7654321")])
def test_classify_rejects_wrong_check_letter(number):
    with pytest.raises(InvalidInput) as caught:
        classify(_wrong_letter(number), field="document_number")

    assert caught.value.code == "document_number_invalid"
    assert caught.value.field == "document_number"


def test_invalid_number_error_names_field_and_value():
    wrong = _wrong_letter(_dni("12345678"))

    with pytest.raises(InvalidInput) as caught:
        classify(wrong, field="member_document")

    assert caught.value.field == "member_document"
    assert wrong in caught.value.message("es")


@pytest.mark.parametrize("number", ["AB1234567", "PAB123456", "12345", "K1234567890ABCD", "ab 123-456"])
def test_classify_passport_shape(number):
    kind, value = classify(number)

    assert kind is IdentityDocumentKind.PASSPORT
    assert value == compact(number)


@pytest.mark.parametrize("number", ["", "AB12", "K1234567890ABCDE", "ÑA1234567", "AB/123456"])
def test_classify_rejects_non_passport_shape(number):
    with pytest.raises(InvalidInput) as caught:
        classify(number)

    assert caught.value.code == "document_number_invalid"


def test_validate_nif_accepts_dni():
    number = _dni("12345678")

    assert validate_nif(f" {number.lower()} ") == number


def test_validate_nif_accepts_nie():
    number = _nie("Y1234567")

    assert validate_nif(number) == number


def test_validate_nif_rejects_passport():
    with pytest.raises(InvalidInput) as caught:
        validate_nif("AB1234567")

    assert caught.value.code == "document_number_invalid"
    assert caught.value.field == "nif"


def test_validate_nif_rejects_wrong_letter():
    with pytest.raises(InvalidInput) as caught:
        validate_nif(_wrong_letter(_nie("X1234567")), field="username")

    assert caught.value.field == "username"
