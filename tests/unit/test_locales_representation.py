# SPDX-License-Identifier: EUPL-1.2
"""Tests of the representation and consent messages: both languages, placeholders, error codes."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from clic_app.locales import CATALOGUES, representation
from clic_app.models import MandateOrigin, MandateStatus, PartyKind
from clic_app.services.procedures import Procedure

SERVICES = Path(representation.__file__).resolve().parents[1] / "services"
MODULES = ("representation.py", "acting_for.py", "procedures.py", "consent.py")
_RAISED = re.compile(r"\b(?:InvalidInput|NotFound|PermissionDenied)\(\s*\"([a-z_]+)\"")
# Codes built at run time from a table instead of a literal in a raise statement.
_TABLE_CODES = {"mandate_pending", "mandate_expired", "mandate_revoked", "mandate_missing",
                "mandate_out_of_scope", "mandate_not_yet_valid"}


def _placeholders(text: str) -> set[str]:
    return {name for _literal, name, _spec, _conversion in string.Formatter().parse(text) if name}


def _codes() -> set[str]:
    codes = set(_TABLE_CODES)
    for name in MODULES:
        codes.update(_RAISED.findall((SERVICES / name).read_text(encoding="utf-8")))
    return codes


def test_same_keys_in_both_languages():
    assert set(representation.ES) == set(representation.EN)


@pytest.mark.parametrize("key", sorted(representation.ES))
def test_placeholders_match(key):
    assert _placeholders(representation.EN[key]) == _placeholders(representation.ES[key])


def test_code_scan_finds_codes():
    assert {"mandate_self", "party_not_available", "consent_not_found"} <= _codes()


@pytest.mark.parametrize("code", sorted(_codes()))
def test_error_code_has_message(code):
    assert f"error.{code}" in CATALOGUES["es"]
    assert f"error.{code}" in CATALOGUES["en"]


@pytest.mark.parametrize(
    "key",
    [
        *(item.message_key for item in Procedure),
        *(item.message_key for item in MandateStatus),
        *(f"party_kind.{item.value}" for item in PartyKind),
        *(f"mandate_origin.{item.value}" for item in MandateOrigin),
    ],
)
def test_labels_present(key):
    assert key in representation.ES
