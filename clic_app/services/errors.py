# SPDX-License-Identifier: EUPL-1.2
"""Errors of the domain layer, each with a stable code and a translatable message.

The API turns them into an HTTP status with ``{code, message, field}``; the UI shows the
message next to the field. The message text lives in the catalogue under ``error.<code>``.
"""

from __future__ import annotations

from clic_app.locales import format_wait, translate


class ClicError(Exception):
    """Base of every error a citizen, clerk or integrator may see."""

    http_status = 400

    def __init__(self, code: str, *, field: str | None = None, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.field = field
        self.params = params

    def message(self, language: str = "es") -> str:
        """Return the user-facing text of this error in ``language``."""
        return translate(f"error.{self.code}", language, **self.params)

    def to_dict(self, language: str = "es") -> dict[str, str | None]:
        return {"code": self.code, "message": self.message(language), "field": self.field}


class InvalidInput(ClicError):
    """A value given by the user is malformed or out of range."""

    http_status = 422


class NotAuthenticated(ClicError):
    """No valid session or token, or the credentials are wrong."""

    http_status = 401


class PermissionDenied(ClicError):
    """The caller is authenticated but may not act on this object."""

    http_status = 403


class NotFound(ClicError):
    """The requested object does not exist (or the caller may not know it does)."""

    http_status = 404


class TooManyRequests(ClicError):
    """The caller exceeded a rate limit and must wait."""

    http_status = 429

    def __init__(self, code: str, *, retry_after: int, **params: object) -> None:
        super().__init__(code, retry_after=retry_after, **params)
        self.retry_after = retry_after

    def message(self, language: str = "es") -> str:
        """Return the message with ``{wait}`` filled in as words ("15 minutos")."""
        wait = format_wait(self.retry_after, language)
        return translate(f"error.{self.code}", language, **self.params, wait=wait)
