# SPDX-License-Identifier: EUPL-1.2
"""Checks that the speed-ups of rendering and sealing change no document's content.

The parsed font, the cached line breaks and the pre-encoded signed attribute are shared
by every document of a process. These tests render and seal different documents, also
side by side in threads, and compare the results with fpdf2's and pyHanko's own paths.
No test here measures time: ``bench_volante`` does.
"""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from fpdf import FPDF
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers

from clic_app.locales import translate
from clic_app.services import pdf as pdf_service
from clic_app.services.pdf import LATIN_FONT, render_volante
from clic_app.services.signing import DEV_CA_FILE, Sealer, ensure_seal
from clic_app.settings import Council
from tests.pdfcheck import pdf_text, pyhanko_status
from tests.perf.samples import HOUSEHOLDS, sample_content

CATALOGUE_PARAGRAPHS = (
    ("pdf.volante_statement_household", 10, 170),
    ("pdf.volante_statement_individual", 10, 170),
    ("pdf.purpose", 8.5, 170),
    ("pdf.sealed", 7.5, 138),
)


def _text(pdf: bytes, folder: Path, name: str) -> str:
    path = folder / f"{name}.pdf"
    path.write_bytes(pdf)
    return pdf_text(path)


def _embedded_characters(pdf: bytes) -> set[int]:
    """Return the code points that the embedded font subset of ``pdf`` can draw."""
    page = PdfFileReader(io.BytesIO(pdf)).root["/Pages"]["/Kids"][0]
    fonts = page["/Resources"]["/Font"]
    (font_name,) = fonts.keys()
    descriptor = fonts[font_name]["/DescendantFonts"][0]["/FontDescriptor"]
    return set(TTFont(io.BytesIO(descriptor["/FontFile2"].data)).getBestCmap())


def _signed_attributes(pdf: bytes) -> dict[str, bytes]:
    signer_info = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0].signer_info
    return {attribute["type"].native: attribute["values"].dump() for attribute in signer_info["signed_attrs"]}


@pytest.fixture(scope="module")
def side_by_side_pdfs() -> list[bytes]:
    """Each household rendered four times, by four threads at once, in interleaved order."""
    contents = [sample_content(index) for index in range(len(HOUSEHOLDS))] * 4
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(render_volante, contents))


@pytest.mark.parametrize("index", range(len(HOUSEHOLDS)))
def test_threaded_render_keeps_own_names(side_by_side_pdfs, index, tmp_path):
    own_names = HOUSEHOLDS[index]
    other_names = [name for household in HOUSEHOLDS if household != own_names for name in household]

    for copy_number, pdf in enumerate(side_by_side_pdfs[index :: len(HOUSEHOLDS)]):
        text = _text(pdf, tmp_path, f"copy-{copy_number}")

        for name in own_names:
            assert name in text
        for name in other_names:
            assert name not in text


@pytest.mark.parametrize("index", range(len(HOUSEHOLDS)))
def test_threaded_render_embeds_own_glyphs(side_by_side_pdfs, index):
    needed = {ord(char) for name in HOUSEHOLDS[index] for char in name if not char.isspace()}

    for pdf in side_by_side_pdfs[index :: len(HOUSEHOLDS)]:
        missing = needed - _embedded_characters(pdf)

        assert not missing, f"font subset lacks {sorted(map(chr, missing))}"


def _font_state(font) -> tuple:
    return (
        dict(vars(font.desc)), dict(font.cw), list(font.missing_glyphs), len(font.subset),
        font.biggest_size_pt, len(font.ttfont.getGlyphOrder()), sorted(font.ttfont.keys()),
    )


def test_render_leaves_shared_font_unchanged():
    # No DejaVu font has 漢, so fpdf2 records it as a missing glyph while drawing.
    content = replace(sample_content(0), address="Calle 漢, 1, 99001 Villaclara del Monte")
    prototype = pdf_service._parsed_font(pdf_service.choose_font(content.texts())).prototype
    before = _font_state(prototype)

    render_volante(content)

    assert _font_state(prototype) == before


def test_render_after_other_document_unchanged(tmp_path):
    first = _text(render_volante(sample_content(0)), tmp_path, "first")
    render_volante(sample_content(1))

    again = _text(render_volante(sample_content(0)), tmp_path, "again")

    assert again == first


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize(("key", "size", "width"), CATALOGUE_PARAGRAPHS)
def test_cached_line_breaks_match_fpdf2(key, size, width, language):
    text = translate(key, language, council=Council().name)
    reference = FPDF(unit="mm", format="A4")
    reference.add_page()
    reference.add_font("Reference", "", str(LATIN_FONT))
    reference.set_font("Reference", "", size)

    cached = pdf_service._line_breaks(LATIN_FONT, size, width, reference.c_margin, text)

    assert list(cached) == reference.multi_cell(width, 1, text, dry_run=True, output="LINES")


def test_cloned_font_widths_match_fpdf2():
    text = "Ștefănescu Łukasz Yağmur Dvořák Núñez 0123456789 € ·"
    reference = FPDF()
    reference.add_font("Reference", "", str(LATIN_FONT))
    reference.set_font("Reference", "", 10)
    clone = FPDF()
    pdf_service._add_font(clone, LATIN_FONT)
    clone.set_font(pdf_service._FONT, "", 10)

    assert clone.get_string_width(text) == reference.get_string_width(text)


@pytest.fixture
def sealer(settings) -> Sealer:
    return Sealer(ensure_seal(settings), settings.council)


def _stock_pyhanko_seal(settings, pdf: bytes) -> bytes:
    material = ensure_seal(settings)
    signer = signers.SimpleSigner.load_pkcs12(material.p12_path, passphrase=material.password)
    meta = signers.PdfSignatureMetadata(
        field_name="SelloOrgano", md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
    )
    output = io.BytesIO()
    signers.PdfSigner(meta, signer).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), output=output)
    return output.getvalue()


def test_seal_signed_attributes_match_pyhanko(settings, sealer):
    pdf = render_volante(sample_content(0))

    fast = _signed_attributes(sealer.seal(pdf, reason="prueba"))
    stock = _signed_attributes(_stock_pyhanko_seal(settings, pdf))

    assert fast.keys() == stock.keys()
    assert fast["signing_certificate_v2"] == stock["signing_certificate_v2"]
    assert fast["content_type"] == stock["content_type"]


def test_seal_valid_for_each_document(settings, sealer):
    ca_pem = settings.pki_dir / DEV_CA_FILE

    for index in range(3):
        status = pyhanko_status(sealer.seal(render_volante(sample_content(index)), reason="prueba"), ca_pem)

        assert status.intact
        assert status.valid


def test_individual_volante_lists_one_person(tmp_path):
    content = sample_content(2)
    single = replace(content, household=False, rows=content.rows[:1])

    text = _text(render_volante(single), tmp_path, "single")

    assert HOUSEHOLDS[2][0] in text
    assert HOUSEHOLDS[2][1] not in text
