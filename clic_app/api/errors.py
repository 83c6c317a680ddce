# SPDX-License-Identifier: EUPL-1.2
"""Turns domain errors into HTTP responses with ``{code, message, field}``."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from clic_app.api.deps import request_language
from clic_app.api.schemas import ErrorBody
from clic_app.locales import translate
from clic_app.services.errors import ClicError, NotAuthenticated, TooManyRequests

logger = logging.getLogger(__name__)

ERROR_RESPONSES = {
    status: {"model": ErrorBody, "description": description}
    for status, description in (
        (401, "Not authenticated"),
        (403, "Not allowed"),
        (404, "Not found"),
        (422, "Invalid input"),
        (429, "Rate limit exceeded"),
    )
}


def _clic_error(request: Request, error: ClicError) -> JSONResponse:
    headers = {}
    if isinstance(error, TooManyRequests):
        headers["Retry-After"] = str(error.retry_after)
    if isinstance(error, NotAuthenticated):
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(error.to_dict(request_language(request)), status_code=error.http_status, headers=headers)


def _validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
    first = error.errors()[0] if error.errors() else {}
    field = _field_name(first)
    language = request_language(request)
    if field is None:
        message = translate("error.invalid_request_body", language)
    else:
        message = translate("error.invalid_request", language, field=field)
    body = {"code": "invalid_request", "message": message, "field": field}
    return JSONResponse(body, status_code=422)


def _field_name(detail: dict) -> str | None:
    # Malformed JSON is reported at ("body", <character offset>), which names no field.
    if detail.get("type") == "json_invalid":
        return None
    location = [str(part) for part in detail.get("loc", ()) if part not in ("body", "query", "path")]
    return ".".join(location) or None


def _unexpected_error(request: Request, error: Exception) -> JSONResponse:
    logger.exception("api_unhandled_error path=%s", request.url.path)
    body = {"code": "internal", "message": translate("error.internal", request_language(request)), "field": None}
    return JSONResponse(body, status_code=500)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ClicError, _clic_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected_error)
