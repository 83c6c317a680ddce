# SPDX-License-Identifier: EUPL-1.2
"""Tests of the public verification routes, open to anyone who has a CSV."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from clic_app.api import create_api
from clic_app.locales import en, es
from clic_app.services.demo_data import DEMO_CITIZEN_NIF
from clic_app.services.documents import format_csv
from clic_app.services.runtime import Runtime

UNKNOWN_CSV = "ABCDE23456FGHJK789MN"
PUBLIC_FIELDS = {"csv", "kind", "kind_label", "issued_at", "sha256", "size", "test_document"}


def _url(csv: str) -> str:
    return f"/api/v1/verification/{csv}"


@pytest.fixture
def issued(client, citizen_headers) -> dict[str, str]:
    response = client.post("/api/v1/census/volantes", json={"kind": "household"}, headers=citizen_headers)
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def limited_client(runtime) -> Iterator[TestClient]:
    """A client of an API that allows two verification requests per minute."""
    limited = Runtime.from_settings(replace(runtime.settings, verify_rate_limit=2))
    with TestClient(create_api(lambda: limited)) as test_client:
        yield test_client
    limited.engine.dispose()


def test_verification_metadata(client, issued):
    response = client.get(_url(issued["csv"]))

    body = response.json()
    assert response.status_code == 200
    assert body["csv"] == issued["csv"]
    assert body["kind"] == "volante_colectivo"
    assert body["kind_label"] == es.MESSAGES["document_kind.volante_colectivo"]
    assert body["test_document"] is True
    assert len(body["sha256"]) == 64
    assert body["size"] > 0


def test_verification_no_personal_data(client, issued):
    response = client.get(_url(issued["csv"]))

    assert set(response.json()) == PUBLIC_FIELDS
    assert DEMO_CITIZEN_NIF not in response.text
    assert "Fernández" not in response.text
    assert "filename" not in response.text


def test_verification_accepts_display_form(client, issued):
    response = client.get(_url(format_csv(issued["csv"]).lower()))

    assert response.status_code == 200
    assert response.json()["csv"] == issued["csv"]


def test_verification_unknown_404(client):
    response = client.get(_url(UNKNOWN_CSV))

    assert response.status_code == 404
    assert response.json()["code"] == "csv_not_found"
    assert response.json()["field"] == "csv"


def test_verification_malformed_422(client):
    response = client.get(_url("ABCDE-12345"))

    assert response.status_code == 422
    assert response.json()["code"] == "csv_malformed"
    assert response.json()["field"] == "csv"


@pytest.mark.parametrize(
    "typed",
    ["%20", "-----", "%00", "ÑÑÑÑÑ", "O" * 20, "A" * 65, "%27%20OR%201%3D1", "null", "%E2%80%8B" * 20],
)
@pytest.mark.parametrize("suffix", ["", "/document"])
def test_verification_odd_input_never_500(client, typed, suffix):
    response = client.get(_url(typed) + suffix)

    assert response.status_code in (404, 422)
    assert response.json()["code"] in ("csv_not_found", "csv_malformed", "csv_required", "invalid_request")


def test_document_exact_bytes(client, runtime, issued):
    metadata = client.get(_url(issued["csv"])).json()

    response = client.get(issued["document_url"])

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert hashlib.sha256(response.content).hexdigest() == metadata["sha256"]
    assert response.headers["X-Content-SHA256"] == metadata["sha256"]
    assert response.content == runtime.store.get(metadata["sha256"])


def test_document_headers(client, issued):
    response = client.get(issued["document_url"])

    assert response.headers["content-disposition"] == f'attachment; filename="volante-household-{issued["csv"]}.pdf"'
    assert response.headers["cache-control"] == "private, no-store"


def test_document_unknown_404(client):
    response = client.get(_url(UNKNOWN_CSV) + "/document")

    assert response.status_code == 404
    assert response.json()["code"] == "csv_not_found"


def test_document_missing_file_404(client, runtime, issued):
    sha256 = client.get(_url(issued["csv"])).json()["sha256"]
    runtime.store.path_for(sha256).unlink()

    response = client.get(issued["document_url"])

    assert response.status_code == 404
    assert response.json()["code"] == "document_missing"


def test_rate_limit_429(limited_client):
    for _ in range(2):
        assert limited_client.get(_url(UNKNOWN_CSV)).status_code == 404

    response = limited_client.get(_url(UNKNOWN_CSV))

    assert response.status_code == 429
    assert response.json()["code"] == "verification_throttled"
    assert 1 <= int(response.headers["Retry-After"]) <= 61


def test_rate_limit_covers_download(limited_client):
    for _ in range(2):
        limited_client.get(_url(UNKNOWN_CSV))

    response = limited_client.get(_url(UNKNOWN_CSV) + "/document")

    assert response.status_code == 429


def test_english_error_message(client):
    response = client.get(_url(UNKNOWN_CSV), headers={"Accept-Language": "en-US,en;q=0.9,es;q=0.5"})

    assert response.json()["message"] == en.MESSAGES["error.csv_not_found"]


def test_english_kind_label(client, issued):
    response = client.get(_url(issued["csv"]), headers={"Accept-Language": "en"})

    assert response.json()["kind_label"] == en.MESSAGES["document_kind.volante_colectivo"]


@pytest.mark.parametrize("header", [None, "es-ES", "fr-FR,de;q=0.5", "*"])
def test_spanish_by_default(client, header):
    headers = {"Accept-Language": header} if header else {}

    response = client.get(_url(UNKNOWN_CSV), headers=headers)

    assert response.json()["message"] == es.MESSAGES["error.csv_not_found"]
