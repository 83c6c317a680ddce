# SPDX-License-Identifier: EUPL-1.2
"""The headless API: a FastAPI application mounted in the Reflex backend under /api."""

from __future__ import annotations

from collections.abc import Callable

import swagger_ui_bundle
from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from clic_app.api import accounts, audit, auth, census, certificates, consent, representation, staff, verification
from clic_app.api.errors import install_error_handlers
from clic_app.services.errors import NotFound
from clic_app.services.runtime import Runtime, get_runtime

API_PREFIX = "/api"
_SWAGGER_ASSETS = f"{API_PREFIX}/docs-assets"


def create_api(runtime_provider: Callable[[], Runtime] = get_runtime) -> FastAPI:
    """Build the API application; a factory, so each server or test gets its own."""
    app = FastAPI(
        title="CLIC API",
        version="1",
        description="API de la sede electrónica CLIC: padrón, volantes y verificación por CSV.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.runtime_provider = runtime_provider
    install_error_handlers(app)

    v1 = APIRouter(prefix=f"{API_PREFIX}/v1")
    for module in (accounts, audit, auth, census, certificates, consent, representation, staff, verification):
        v1.include_router(module.router)
    app.include_router(v1)
    _mount_docs(app)
    _answer_unknown_paths(app)
    return app


def _answer_unknown_paths(app: FastAPI) -> None:
    # Reflex mounts its own app behind this one, so without this route an unknown
    # /api path would get the frontend's HTML page instead of a JSON error.
    @app.api_route(f"{API_PREFIX}/{{path:path}}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
                   include_in_schema=False)
    def unknown_path(path: str) -> None:
        raise NotFound("api_path_not_found", path=f"{API_PREFIX}/{path}")


def _mount_docs(app: FastAPI) -> None:
    # FastAPI's default page loads Swagger UI from a CDN, which is blank offline and
    # leaks visitors' addresses; the swagger-ui-bundle package ships the files.
    app.mount(_SWAGGER_ASSETS, StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="docs-assets")

    @app.get(f"{API_PREFIX}/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url,
            title="CLIC API",
            swagger_js_url=f"{_SWAGGER_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{_SWAGGER_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{_SWAGGER_ASSETS}/favicon-32x32.png",
        )
