# SPDX-License-Identifier: EUPL-1.2
"""PDF drawing with fpdf2: the volante de empadronamiento.

fpdf2's core fonts are Latin-1 only, so text uses DejaVu Sans from ``assets/fonts``,
cut to the Latin blocks with every Latin Extended range kept (Ștefănescu, Łukasz and
Yağmur keep their letters). A document with text outside those blocks, such as Greek
or Cyrillic, is drawn with the full DejaVu Sans of the system when it is installed.

One font file is embedded per document, with headings set apart by size and colour
instead of a second, bold file, because each embedded file is subset again for every
document. A font is parsed once per process and cloned into each document (see
``_add_font``); docs/benchmarks.md records what rendering costs.
"""

from __future__ import annotations

import copy
import functools
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import segno
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf import fonts as fpdf_fonts

from clic_app.locales import translate
from clic_app.settings import PROJECT_ROOT, Council

MADRID = ZoneInfo("Europe/Madrid")
LATIN_FONT = PROJECT_ROOT / "assets" / "fonts" / "DejaVuSans.ttf"
FULL_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
)
_FONT = "DejaVu"
_FONT_KEY = "dejavu"
# fpdf2 2.8 drops these OpenType layout tables when it subsets a font, so they are
# removed once per process instead of being parsed again for every document.
_UNUSED_TABLES = ("GDEF", "GPOS", "GSUB", "MATH")
_DARK_RUN = re.compile(rb"\x01+")
_GREY = (90, 90, 90)
_RED = (176, 0, 32)
_BLACK = (0, 0, 0)
_BLUE = (0, 70, 127)
_HEADING_FILL = (230, 236, 242)
# Column widths in mm of the people table: name, document, birth, nationality, since.
_COLUMNS = (62, 26, 24, 30, 28)


@dataclass(frozen=True)
class VolanteRow:
    """One person as printed on a volante."""

    name: str
    document: str
    birth_date: str
    nationality: str
    since: str


@dataclass(frozen=True)
class VolanteContent:
    """Everything a volante shows, already formatted for print."""

    council: Council
    household: bool
    address: str
    sheet_number: str
    rows: tuple[VolanteRow, ...]
    issued_at: datetime
    csv_display: str
    verify_url: str
    test_document: bool
    language: str = "es"
    withheld: int = 0
    """People on the sheet left out of a collective volante because they did not consent."""

    def texts(self) -> Iterable[str]:
        yield from (self.council.name, self.council.address, self.address, self.sheet_number)
        for row in self.rows:
            yield from (row.name, row.document, row.nationality)


@functools.cache
def _latin_codepoints() -> frozenset[int]:
    return frozenset(TTFont(LATIN_FONT, lazy=True).getBestCmap())


def choose_font(texts: Iterable[str]) -> Path:
    """Return the bundled Latin font, or the full system font if a character needs it."""
    covered = _latin_codepoints()
    if all(ord(char) in covered for text in texts for char in text):
        return LATIN_FONT
    return next((path for path in FULL_FONTS if path.exists()), LATIN_FONT)


@dataclass(frozen=True)
class _ParsedFont:
    """A TrueType font parsed once per process and cloned into each document."""

    prototype: fpdf_fonts.TTFFont
    """fpdf2's font object with the character map and widths, which no document draws with."""

    sfnt: bytes
    """The font file without the tables in ``_UNUSED_TABLES``."""

    glyph_order: tuple[str, ...]

    def open_for_subsetting(self) -> TTFont:
        """Return a fresh fontTools font, which fpdf2's output() subsets in place."""
        # Subsetting keeps outlines unchanged, so the bounding boxes stored in the file
        # stay right and are not recomputed (about 4 ms per document). The subset then
        # keeps the whole font's maxima in head, hhea and maxp, which are still bounds.
        font = TTFont(io.BytesIO(self.sfnt), recalcTimestamp=False, recalcBBoxes=False, lazy=True)
        # DejaVu has no glyph names (post format 3), and deriving them costs about 1 ms.
        font.setGlyphOrder(list(self.glyph_order))
        return font


@functools.cache
def _parsed_font(path: Path) -> _ParsedFont:
    scratch = FPDF()
    scratch.add_font(_FONT, "", str(path))
    prototype = scratch.fonts[_FONT_KEY]

    font = TTFont(path, recalcTimestamp=False)
    for tag in _UNUSED_TABLES:
        if tag in font:
            del font[tag]
    buffer = io.BytesIO()
    font.save(buffer)
    return _ParsedFont(prototype, buffer.getvalue(), tuple(prototype.ttfont.getGlyphOrder()))


def _add_font(pdf: FPDF, path: Path) -> None:
    """Register the TrueType font at ``path`` as the document font ``_FONT``.

    fpdf2's add_font parses the file again for every document (about 5 ms). The clone
    shares only what fpdf2 reads and never changes: the character map and glyph ids.
    Each attribute that drawing or output() writes to gets a copy of its own, so
    documents rendered at the same time in several threads do not mix.
    """
    # NOTE: This relies on the attributes of fpdf2 2.8's TTFFont. tests/perf/test_fast_paths.py
    # fails if documents rendered side by side mix or if the shared font changes.
    parsed = _parsed_font(path)
    font = copy.copy(parsed.prototype)
    font.i = len(pdf.fonts) + 1
    font.ttfont = parsed.open_for_subsetting()
    # output() stores this document's object numbers and font stream in the descriptor.
    font.desc = copy.copy(parsed.prototype.desc)
    # A defaultdict: reading the width of a character the font lacks inserts it.
    font.cw = copy.copy(parsed.prototype.cw)
    font.missing_glyphs = []
    font.subset = fpdf_fonts.SubsetMap(font)
    pdf.fonts[_FONT_KEY] = font


class _VolantePdf(FPDF):
    def __init__(self, content: VolanteContent) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.content = content
        self.set_auto_page_break(auto=True, margin=44)
        self.set_margins(20, 20, 20)
        self.font_path = choose_font(content.texts())
        _add_font(self, self.font_path)
        self.set_title(translate(_title_key(content), content.language))
        self.set_author(content.council.name)
        self.set_creator("CLIC")
        self.set_lang("es-ES" if content.language == "es" else "en")

    def t(self, key: str, **params: object) -> str:
        return translate(key, self.content.language, **params)

    def use_font(self, size: float, emphasis: bool = False) -> None:
        self.set_font(_FONT, "", size)
        self.set_text_color(*(_BLUE if emphasis else _BLACK))

    def paragraph(self, width: float, height: float, text: str, new_x: str = "LMARGIN") -> None:
        """Draw left-aligned ``text`` in lines of ``width`` (0: up to the right margin)."""
        # multi_cell measures the line again for every character it adds (about 1 ms a
        # paragraph), so text that fits on one line is drawn as a single cell.
        if self.get_string_width(text) <= self._text_width(width):
            self.cell(width, height, text, new_x=new_x, new_y="NEXT")
        else:
            self.multi_cell(width, height, text, align="L", new_x=new_x, new_y="NEXT")

    def fixed_paragraph(self, width: float, height: float, text: str, new_x: str = "LMARGIN") -> None:
        """Draw a paragraph that is the same in every document, such as catalogue text.

        Its line breaks are cached per process, so ``text`` must hold no personal data.
        """
        box = width or self.w - self.r_margin - self.x
        for line in _line_breaks(self.font_path, self.font_size_pt, box, self.c_margin, text):
            self.cell(width, height, line, new_x=new_x, new_y="NEXT")

    def _text_width(self, width: float) -> float:
        box = width or self.w - self.r_margin - self.x
        return box - 2 * self.c_margin

    def header(self) -> None:
        council = self.content.council
        self.use_font(13, emphasis=True)
        self.cell(0, 6, council.name, new_x="LMARGIN", new_y="NEXT")
        self.use_font(8.5)
        self.set_text_color(*_GREY)
        self.cell(0, 4.5, f"{council.address} · NIF {council.nif}", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0)
        self.set_draw_color(*_BLUE)
        self.set_line_width(0.6)
        self.line(20, self.get_y() + 2, 190, self.get_y() + 2)
        self.ln(7)
        if self.content.test_document:
            self._draw_test_marks()

    def _draw_test_marks(self) -> None:
        self.set_fill_color(*_RED)
        self.use_font(10)
        self.set_text_color(255)
        self.cell(0, 7, self.t("pdf.test_mark"), align="C", fill=True, new_x="LMARGIN", new_y="NEXT")
        self.ln(3)
        y = self.get_y()
        with self.local_context(fill_opacity=0.12), self.rotation(35, x=105, y=160):
            self.use_font(20)
            self.set_text_color(*_RED)
            self.text(48, 172, self.t("pdf.test_mark"))
        self.set_text_color(0)
        self.set_y(y)

    def footer(self) -> None:
        content = self.content
        self.set_y(-40)
        self.set_draw_color(200)
        self.set_line_width(0.2)
        self.line(20, self.get_y(), 190, self.get_y())
        _draw_qr(self, content.verify_url, x=20, y=self.get_y() + 3, size=27)

        self.set_xy(52, self.get_y() + 4)
        self.use_font(9, emphasis=True)
        self.cell(138, 5, self.t("pdf.csv", csv=content.csv_display), new_x="LEFT", new_y="NEXT")
        self.use_font(7.5)
        self.paragraph(138, 3.8, self.t("pdf.verify_at", url=content.verify_url), new_x="LEFT")
        self.fixed_paragraph(138, 3.8, self.t("pdf.sealed", council=content.council.name), new_x="LEFT")
        if content.test_document:
            self.set_text_color(*_RED)
            self.cell(138, 3.8, self.t("pdf.test_note"), new_x="LEFT", new_y="NEXT")
        self.set_text_color(*_GREY)
        self.cell(138, 3.8, self.t("pdf.page", page=self.page_no(), pages="{nb}"), new_x="LEFT")
        self.set_text_color(0)


def _title_key(content: VolanteContent) -> str:
    return "pdf.volante_title_household" if content.household else "pdf.volante_title_individual"


def _draw_qr(pdf: FPDF, url: str, x: float, y: float, size: float) -> None:
    """Draw ``url`` as a vector QR code, one rectangle per run of dark modules."""
    # A fixed mask skips segno's scoring of all eight (about 3 ms); readers accept any.
    matrix = segno.make(url, error="m", micro=False, mask=0).matrix
    module = size / len(matrix)
    pdf.set_fill_color(0)
    for row_index, row in enumerate(matrix):
        for run in _DARK_RUN.finditer(row):
            width = (run.end() - run.start()) * module
            pdf.rect(x + run.start() * module, y + row_index * module, width, module, "F")


@functools.lru_cache(maxsize=256)
def _line_breaks(font_path: Path, size_pt: float, width: float, cell_margin: float, text: str) -> tuple[str, ...]:
    """Return the lines that fpdf2's multi_cell breaks ``text`` into."""
    scratch = FPDF(unit="mm", format="A4")
    scratch.c_margin = cell_margin
    scratch.add_page()
    _add_font(scratch, font_path)
    scratch.set_font(_FONT, "", size_pt)
    return tuple(scratch.multi_cell(width, 1, text, dry_run=True, output="LINES"))


def render_volante(content: VolanteContent) -> bytes:
    """Return the unsigned PDF of a volante de empadronamiento."""
    pdf = _VolantePdf(content)
    pdf.alias_nb_pages()
    pdf.add_page()
    t = pdf.t

    pdf.use_font(14, emphasis=True)
    pdf.cell(0, 9, t(_title_key(content)), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.use_font(10)
    statement = "pdf.volante_statement_household" if content.household else "pdf.volante_statement_individual"
    pdf.fixed_paragraph(0, 5.5, t(statement))
    pdf.ln(3)

    _draw_field(pdf, t("pdf.address"), content.address)
    _draw_field(pdf, t("pdf.sheet"), content.sheet_number)
    pdf.ln(3)
    _draw_people(pdf, content.rows)
    pdf.ln(4)
    if content.withheld:
        _draw_withheld(pdf, content.withheld)

    pdf.use_font(8.5)
    pdf.fixed_paragraph(0, 4.5, t("pdf.purpose"))
    pdf.ln(2)
    local = content.issued_at.astimezone(MADRID)
    pdf.use_font(10)
    pdf.cell(0, 5.5, t("pdf.issued_at", date=local.strftime("%d/%m/%Y"), time=local.strftime("%H:%M:%S")))
    return bytes(pdf.output())


def _draw_field(pdf: _VolantePdf, label: str, value: str) -> None:
    pdf.use_font(10, emphasis=True)
    pdf.cell(34, 6, f"{label}:")
    pdf.use_font(10)
    pdf.paragraph(0, 6, value)


def _draw_withheld(pdf: _VolantePdf, count: int) -> None:
    key = "pdf.withheld_one" if count == 1 else "pdf.withheld_many"
    pdf.use_font(10)
    pdf.paragraph(0, 5.5, pdf.t(key, count=count))
    pdf.ln(3)


def _draw_people(pdf: _VolantePdf, rows: tuple[VolanteRow, ...]) -> None:
    t = pdf.t
    headings = (t("pdf.name"), t("pdf.document"), t("pdf.birth_date"), t("pdf.nationality"), t("pdf.since"))
    pdf.set_fill_color(*_HEADING_FILL)
    pdf.set_draw_color(0)
    pdf.use_font(8.5, emphasis=True)
    _draw_row(pdf, headings, fill=True)
    pdf.use_font(8.5)
    for person in rows:
        if pdf.will_page_break(6):
            pdf.add_page()
            pdf.use_font(8.5, emphasis=True)
            _draw_row(pdf, headings, fill=True)
            pdf.use_font(8.5)
        _draw_row(pdf, (person.name, person.document, person.birth_date, person.nationality, person.since))


def _draw_row(pdf: _VolantePdf, values: tuple[str, ...], fill: bool = False) -> None:
    """Draw one table row; a value wider than its column is printed smaller to fit."""
    size = pdf.font_size_pt
    for width, value in zip(_COLUMNS, values, strict=True):
        fitted = size
        while fitted > 5 and pdf.get_string_width(value) > width - 2:
            fitted -= 0.5
            pdf.set_font_size(fitted)
        pdf.cell(width, 6, value, border=1, fill=fill)
        if fitted != size:
            pdf.set_font_size(size)
    pdf.ln(6)
