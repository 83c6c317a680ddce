# SPDX-License-Identifier: EUPL-1.2
"""The one message catalogue of CLIC: Spanish (default) and English.

Every user-facing string, in pages, PDFs and API errors, is looked up here by key, so
a new language is one more module with the same keys.
"""

from __future__ import annotations

import logging

from clic_app.locales import en, es

logger = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "es"
CATALOGUES: dict[str, dict[str, str]] = {"es": es.MESSAGES, "en": en.MESSAGES}
LANGUAGES = tuple(CATALOGUES)


def catalogue(language: str) -> dict[str, str]:
    """Return every message of ``language``, falling back to Spanish for missing keys."""
    if language == DEFAULT_LANGUAGE or language not in CATALOGUES:
        return CATALOGUES[DEFAULT_LANGUAGE]
    return CATALOGUES[DEFAULT_LANGUAGE] | CATALOGUES[language]


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
