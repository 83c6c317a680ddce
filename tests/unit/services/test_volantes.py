# SPDX-License-Identifier: EUPL-1.2
"""Round trips of the sealed volante: issue, validate with pyHanko and pdfsig, tamper, read text."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyhanko.sign.validation.status import SignatureCoverageLevel
from sqlmodel import select

from clic_app.models import DocumentKind, IssuedDocument, UserAccount
from clic_app.services.census import census_record_for
from clic_app.services.db import session_scope
from clic_app.services.demo_data import DEMO_CITIZEN_NIF, DEMO_STAFF_NIF
from clic_app.services.documents import find_by_csv, format_csv
from clic_app.services.errors import InvalidInput, NotFound
from clic_app.services.signing import DEV_CA_FILE
from clic_app.services.volantes import VolanteKind, issue_volante
from tests.pdfcheck import flip_signed_byte, pdf_text, pdfsig_report, pyhanko_status


def _issue(runtime, user: UserAccount, kind: VolanteKind) -> IssuedDocument:
    with session_scope(runtime.engine) as session:
        return issue_volante(session, runtime, user, kind)


def _stored_path(runtime, document: IssuedDocument) -> Path:
    return runtime.store.path_for(document.sha256)


@pytest.fixture
def ca_pem(settings) -> Path:
    return settings.pki_dir / DEV_CA_FILE


@pytest.fixture
def household_volante(runtime, demo_citizen) -> IssuedDocument:
    return _issue(runtime, demo_citizen, VolanteKind.HOUSEHOLD)


@pytest.fixture
def individual_volante(runtime, demo_citizen) -> IssuedDocument:
    return _issue(runtime, demo_citizen, VolanteKind.INDIVIDUAL)


@pytest.fixture(params=list(VolanteKind))
def volante(request, runtime, demo_citizen) -> IssuedDocument:
    """A volante of each kind in turn."""
    return _issue(runtime, demo_citizen, request.param)


@pytest.fixture
def tampered_path(runtime, household_volante, tmp_path) -> Path:
    path = tmp_path / "tampered.pdf"
    path.write_bytes(flip_signed_byte(runtime.store.get(household_volante.sha256)))
    return path


@pytest.fixture
def household_members(runtime, demo_citizen) -> list:
    with session_scope(runtime.engine) as session:
        return [member.person for member in census_record_for(session, demo_citizen).members]


def test_individual_volante_metadata(individual_volante, demo_citizen):
    assert individual_volante.kind is DocumentKind.VOLANTE_INDIVIDUAL
    assert individual_volante.subject_person_id == demo_citizen.person_id
    assert individual_volante.requested_by_user_id == demo_citizen.id
    assert individual_volante.test_document is True
    assert individual_volante.content_type == "application/pdf"
    assert individual_volante.filename == f"volante-individual-{individual_volante.csv}.pdf"


def test_household_volante_kind(household_volante):
    assert household_volante.kind is DocumentKind.VOLANTE_COLECTIVO


def test_volante_found_by_csv(runtime, household_volante):
    with session_scope(runtime.engine) as session:
        found = find_by_csv(session, household_volante.csv)

    assert found.id == household_volante.id


def test_volante_stored_as_pdf(runtime, household_volante):
    content = runtime.store.get(household_volante.sha256)

    assert content.startswith(b"%PDF-")
    assert content.rstrip().endswith(b"%%EOF")
    assert len(content) == household_volante.size


def test_volantes_get_distinct_csvs(runtime, demo_citizen):
    first = _issue(runtime, demo_citizen, VolanteKind.INDIVIDUAL)

    second = _issue(runtime, demo_citizen, VolanteKind.INDIVIDUAL)

    assert second.csv != first.csv
    assert second.sha256 != first.sha256


def test_volante_needs_census_record(runtime, demo_town):
    with session_scope(runtime.engine) as session:
        staff = session.exec(select(UserAccount).where(UserAccount.nif == DEMO_STAFF_NIF)).one()

    with pytest.raises(NotFound) as caught:
        _issue(runtime, staff, VolanteKind.INDIVIDUAL)

    with session_scope(runtime.engine) as session:
        issued = session.exec(select(IssuedDocument)).all()
    assert caught.value.code == "no_census_record"
    assert issued == []


@pytest.mark.parametrize("value", ["individual", "household"])
def test_volante_kind_parse(value):
    assert VolanteKind.parse(value).value == value


@pytest.mark.parametrize("value", ["", "colectivo", "Household", "all"])
def test_volante_kind_parse_invalid(value):
    with pytest.raises(InvalidInput) as caught:
        VolanteKind.parse(value)

    assert caught.value.code == "volante_kind_invalid"
    assert caught.value.field == "kind"


def test_seal_valid_with_pyhanko(runtime, volante, ca_pem):
    status = pyhanko_status(runtime.store.get(volante.sha256), ca_pem)

    assert status.intact
    assert status.valid
    assert status.trusted
    assert status.coverage is SignatureCoverageLevel.ENTIRE_FILE


def test_seal_valid_with_pdfsig(runtime, volante, nss_database):
    report = pdfsig_report(_stored_path(runtime, volante), nss_database)

    assert "Signature is Valid." in report
    assert "Certificate is Trusted." in report
    assert "Total document signed" in report


def test_seal_names_council(runtime, household_volante, ca_pem):
    status = pyhanko_status(runtime.store.get(household_volante.sha256), ca_pem)

    subject = status.signing_cert.subject.native
    assert subject["organization_name"] == runtime.settings.council.name
    assert subject["serial_number"] == runtime.settings.council.nif


def test_tampered_volante_fails_pyhanko(tampered_path, ca_pem):
    """The CMS signature over the signed attributes stays valid, but the document digest no longer matches."""
    status = pyhanko_status(tampered_path.read_bytes(), ca_pem)

    assert not status.intact
    assert not status.bottom_line


def test_tampered_volante_fails_pdfsig(tampered_path, nss_database):
    report = pdfsig_report(tampered_path, nss_database)

    assert "Digest Mismatch." in report
    assert "Signature is Valid." not in report


def test_volante_text_csv_display(runtime, household_volante):
    text = pdf_text(_stored_path(runtime, household_volante))

    assert format_csv(household_volante.csv) in text
    assert runtime.verify_url(household_volante.csv) in text


def test_volante_text_accents(runtime, individual_volante):
    text = pdf_text(_stored_path(runtime, individual_volante))

    assert "Fernández" in text
    assert "Núñez" in text
    assert "Lucía Fernández Núñez" in text


def test_volante_text_non_latin1_name(runtime, household_volante):
    text = pdf_text(_stored_path(runtime, household_volante))

    assert "Ștefan Ionuț" in text


def test_volante_text_test_mark(runtime, volante):
    text = pdf_text(_stored_path(runtime, volante))

    assert "SIN VALIDEZ LEGAL" in text


def test_individual_volante_lists_only_citizen(runtime, individual_volante, household_members):
    text = pdf_text(_stored_path(runtime, individual_volante))

    for person in household_members:
        listed = person.document_number in text
        assert listed is (person.document_number == DEMO_CITIZEN_NIF), person.document_number
    assert "Ștefan" not in text
    assert "VOLANTE DE EMPADRONAMIENTO INDIVIDUAL" in text


def test_household_volante_lists_all_members(runtime, household_volante, household_members):
    text = pdf_text(_stored_path(runtime, household_volante))

    assert len(household_members) >= 3
    for person in household_members:
        assert person.full_name in text
        assert person.document_number in text
    assert "VOLANTE DE EMPADRONAMIENTO COLECTIVO" in text
