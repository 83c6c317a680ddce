# SPDX-License-Identifier: EUPL-1.2
"""Tests of the certificate messages: both languages, placeholders, and every error code."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from clic_app.locales import CATALOGUES, certificates
from clic_app.models import CertificateProfile
from clic_app.state.certificates import LOGIN_ERROR_CODES

PACKAGE = Path(certificates.__file__).resolve().parents[1]
MODULES = (
    "services/certificate_profiles.py",
    "services/certificate_validation.py",
    "services/certificates.py",
    "api/certificates.py",
)
_RAISED = re.compile(r"\b(?:InvalidInput|NotAuthenticated|NotFound)\(\s*\"([a-z_]+)\"")


def _placeholders(text: str) -> set[str]:
    return {name for _literal, name, _spec, _conversion in string.Formatter().parse(text) if name}


def _codes() -> set[str]:
    codes: set[str] = set()
    for name in MODULES:
        codes.update(_RAISED.findall((PACKAGE / name).read_text(encoding="utf-8")))
    return codes


def test_same_keys_in_both_languages():
    assert set(certificates.ES) == set(certificates.EN)


@pytest.mark.parametrize("key", sorted(certificates.ES))
def test_placeholders_match(key):
    assert _placeholders(certificates.EN[key]) == _placeholders(certificates.ES[key])


def test_code_scan_finds_codes():
    assert {"certificate_revoked", "certificate_missing", "certificate_not_found"} <= _codes()


@pytest.mark.parametrize("code", sorted(_codes()))
def test_error_code_has_message(code):
    assert f"error.{code}" in CATALOGUES["es"]


def test_login_page_knows_every_login_code():
    # Association-only codes never reach the login page.
    association_only = {"certificate_required", "certificate_no_nif", "certificate_nif_mismatch",
                        "certificate_already_associated", "certificate_not_found"}

    assert _codes() - association_only == set(LOGIN_ERROR_CODES)


@pytest.mark.parametrize("profile", list(CertificateProfile))
def test_profile_has_label(profile):
    assert profile.message_key in CATALOGUES["es"]
    assert profile.message_key in CATALOGUES["en"]
