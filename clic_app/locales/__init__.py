# SPDX-License-Identifier: EUPL-1.2
"""The one message catalogue of CLIC: Spanish (default) and English.

Every user-facing string, in pages, PDFs and API errors, is looked up here by key.
Shared messages live in ``es.py`` and ``en.py``; each area of the portal may add a
module of its own with ``ES`` and ``EN`` dictionaries.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil

from clic_app.locales import en, es

logger = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "es"


def _load_catalogues() -> dict[str, dict[str, str]]:
    """Merge ``es.py`` and ``en.py`` with every area module that defines ``ES`` and ``EN``.

    Each area of the portal keeps its messages in its own module (``accounts.py``…);
    a key defined twice is a programming error and stops the import.
    """
    merged = {"es": dict(es.MESSAGES), "en": dict(en.MESSAGES)}
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name in ("es", "en"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for language, attribute in (("es", "ES"), ("en", "EN")):
            messages: dict[str, str] = getattr(module, attribute, {})
            duplicated = merged[language].keys() & messages.keys()
            if duplicated:
                raise ValueError(f"message keys defined twice: {sorted(duplicated)}")
            merged[language].update(messages)
    return merged


CATALOGUES: dict[str, dict[str, str]] = _load_catalogues()
LANGUAGES = tuple(CATALOGUES)


def catalogue(language: str) -> dict[str, str]:
    """Return every message of ``language``, falling back to Spanish for missing keys."""
    if language == DEFAULT_LANGUAGE or language not in CATALOGUES:
        return CATALOGUES[DEFAULT_LANGUAGE]
    return CATALOGUES[DEFAULT_LANGUAGE] | CATALOGUES[language]


def format_wait(seconds: int, language: str = DEFAULT_LANGUAGE) -> str:
    """Return a waiting time in words, rounded up to whole minutes from one minute on."""
    if seconds >= 60:
        count, unit = -(-seconds // 60), "minute"
    else:
        count, unit = max(seconds, 1), "second"
    key = f"time.{unit}" if count == 1 else f"time.{unit}s"
    return translate(key, language, count=count)


def translate(key: str, language: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """Return the message ``key`` in ``language`` with ``params`` filled in.

    A missing key returns the key itself and logs it, so a gap shows on screen instead
    of breaking the page.
    """
    text = catalogue(language).get(key)
    if text is None:
        logger.warning("message_missing key=%s language=%s", key, language)
        return key
    return text.format(**params) if params else text
