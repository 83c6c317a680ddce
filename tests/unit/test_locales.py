# SPDX-License-Identifier: EUPL-1.2
"""Tests of the message catalogues: same keys in every language, a message for every error code."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from clic_app.locales import CATALOGUES, en, es, format_wait, translate
from clic_app.services import errors
from clic_app.services.errors import ClicError

PACKAGE_DIR = Path(errors.__file__).resolve().parents[1]
# Keys that may stay Spanish in English. Add one here only with the reason beside it.
EN_MAY_LACK: set[str] = set()


def _error_classes() -> list[str]:
    return [ClicError.__name__, *(cls.__name__ for cls in ClicError.__subclasses__())]


def _raised_codes() -> set[str]:
    """Collect the codes passed to error classes, to RateLimiter.hit and to API error bodies."""
    raising = re.compile(rf"\b(?:{'|'.join(_error_classes())})\(\s*\"([a-z_]+)\"")
    defaults = re.compile(r"\bcode: str = \"([a-z_]+)\"")
    bodies = re.compile(r"\"code\": \"([a-z_]+)\"")
    codes: set[str] = set()
    for folder in ("services", "api"):
        for path in (PACKAGE_DIR / folder).glob("*.py"):
            source = path.read_text(encoding="utf-8")
            for pattern in (raising, defaults, bodies):
                codes.update(pattern.findall(source))
    return codes


def _placeholders(text: str) -> set[str]:
    return {name for _literal, name, _spec, _conversion in string.Formatter().parse(text) if name}


def test_en_has_every_es_key():
    missing = set(es.MESSAGES) - set(en.MESSAGES) - EN_MAY_LACK

    assert missing == set()


def test_en_has_no_extra_keys():
    assert set(en.MESSAGES) - set(es.MESSAGES) == set()


@pytest.mark.parametrize("key", sorted(set(es.MESSAGES) & set(en.MESSAGES)))
def test_placeholders_match(key):
    assert _placeholders(en.MESSAGES[key]) == _placeholders(es.MESSAGES[key])


def test_code_scan_finds_codes():
    """Guards the scan itself: a broken pattern would let the next test pass on nothing."""
    codes = _raised_codes()

    assert {"csv_not_found", "invalid_credentials", "verification_throttled", "invalid_request"} <= codes


@pytest.mark.parametrize("code", sorted(_raised_codes()))
def test_error_code_has_es_message(code):
    # Area modules (locales/<area>.py) add their own error messages to the merged catalogue.
    assert f"error.{code}" in CATALOGUES["es"]


def test_translate_english():
    assert translate("error.csv_not_found", "en") == en.MESSAGES["error.csv_not_found"]


def test_translate_unknown_language_falls_back_to_es():
    assert translate("error.csv_not_found", "fr") == es.MESSAGES["error.csv_not_found"]


def test_translate_fills_params():
    assert translate("error.login_throttled", "en", wait="30 seconds") == (
        "Too many failed attempts. Wait 30 seconds and try again."
    )


@pytest.mark.parametrize(
    ("seconds", "language", "expected"),
    [(1, "es", "1 segundo"), (45, "es", "45 segundos"), (60, "es", "1 minuto"), (882, "es", "15 minutos"),
     (0, "en", "1 second"), (61, "en", "2 minutes")],
)
def test_format_wait_words(seconds, language, expected):
    assert format_wait(seconds, language) == expected


def test_translate_missing_key_returns_key():
    assert translate("no.such.key", "es") == "no.such.key"
