# SPDX-License-Identifier: EUPL-1.2
"""Tests of the API description: the OpenAPI schema and the offline Swagger UI page."""

from __future__ import annotations

import re

import pytest

DOCS_URL = "/api/docs"
ROUTES = {
    "/api/v1/auth/token": {"post"},
    "/api/v1/accounts": {"post"},
    "/api/v1/accounts/confirmations": {"post"},
    "/api/v1/accounts/password-reset/request": {"post"},
    "/api/v1/accounts/password-reset": {"post"},
    "/api/v1/accounts/me": {"get", "patch"},
    "/api/v1/accounts/me/password": {"post"},
    "/api/v1/accounts/requests": {"get"},
    "/api/v1/accounts/requests/{account_id}/decision": {"post"},
    "/api/v1/auth/certificate": {"post"},
    "/api/v1/certificates": {"get", "post"},
    "/api/v1/certificates/{certificate_id}": {"delete"},
    "/api/v1/census/me": {"get"},
    "/api/v1/census/volantes": {"post"},
    "/api/v1/census/consents": {"get", "post"},
    "/api/v1/census/consents/{member_id}": {"delete"},
    "/api/v1/representation/procedures": {"get"},
    "/api/v1/representation/mandates": {"get"},
    "/api/v1/representation/mandates/proposals": {"post"},
    "/api/v1/representation/mandates/requests": {"post"},
    "/api/v1/representation/mandates/{mandate_id}/accept": {"post"},
    "/api/v1/representation/mandates/{mandate_id}/revoke": {"post"},
    "/api/v1/representation/staff/mandates": {"get", "post"},
    "/api/v1/representation/parties": {"get"},
    "/api/v1/representation/acting-for": {"put"},
    "/api/v1/audit/my-data-access": {"get"},
    "/api/v1/staff/accounts": {"get", "post"},
    "/api/v1/staff/accounts/search": {"post"},
    "/api/v1/staff/accounts/{user_id}": {"get"},
    "/api/v1/staff/accounts/{user_id}/roles/{role}": {"put", "delete"},
    "/api/v1/staff/accounts/{user_id}/disable": {"post"},
    "/api/v1/staff/accounts/{user_id}/enable": {"post"},
    "/api/v1/verification/{csv}": {"get"},
    "/api/v1/verification/{csv}/document": {"get"},
}


def _asset_urls(html: str) -> list[str]:
    return re.findall(r"""(?:src|href)=['"]([^'"]+)['"]""", html)


def test_docs_page(client):
    response = client.get(DOCS_URL)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "/api/openapi.json" in response.text


def test_docs_page_no_cdn(client):
    html = client.get(DOCS_URL).text

    assert _asset_urls(html)
    for url in _asset_urls(html):
        assert url.startswith("/api/docs-assets/"), url
    assert "cdn" not in html.lower()


def test_docs_assets_served(client):
    html = client.get(DOCS_URL).text

    for url in _asset_urls(html):
        response = client.get(url)
        assert response.status_code == 200, url
        assert len(response.content) > 0, url


def test_openapi_lists_routes(client):
    paths = client.get("/api/openapi.json").json()["paths"]

    assert set(paths) == set(ROUTES)
    for path, methods in ROUTES.items():
        assert set(paths[path]) == methods, path


@pytest.mark.parametrize(("path", "status"), [("/api/v1/verification/{csv}", "404"), ("/api/v1/census/me", "401")])
def test_openapi_documents_errors(client, path, status):
    operation = client.get("/api/openapi.json").json()["paths"][path]["get"]

    assert operation["responses"][status]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")


def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/v1/no-such-route")

    assert response.status_code == 404
    assert response.json()["code"] == "api_path_not_found"
