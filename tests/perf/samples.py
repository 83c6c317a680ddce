# SPDX-License-Identifier: EUPL-1.2
"""Volante contents for the speed checks, with names that need Latin Extended letters."""

from __future__ import annotations

from datetime import UTC, datetime

from clic_app.services.pdf import VolanteContent, VolanteRow
from clic_app.settings import Council

# One household per document, each with letters that no other household uses. The
# Greek one makes the renderer pick the full system DejaVu Sans.
HOUSEHOLDS = (
    ("Ștefan Ionuț Popescu", "Mihăiță Rădulescu"),
    ("Łukasz Łukasiewicz", "Małgorzata Wiśniewska"),
    ("Yağmur Öztürk", "Gülşen Şahin"),
    ("Jiří Dvořák", "Kateřina Nováková"),
    ("Núria Güell i Puigcercós", "Íñigo Zubiría"),
    ("Ηλίας Παπαδόπουλος", "Σοφία Νικολάου"),
)


def sample_content(index: int) -> VolanteContent:
    """Return a household volante of ``HOUSEHOLDS[index]``, with its own address and CSV."""
    rows = tuple(
        VolanteRow(name, f"X{index}00000{position}L", "01/02/1990", "Rumanía", "03/04/2020")
        for position, name in enumerate(HOUSEHOLDS[index])
    )
    return VolanteContent(
        council=Council(),
        household=True,
        address=f"Calle Mayor, {index + 1}, 99001 Villaclara del Monte",
        sheet_number=f"H-{index:06d}",
        rows=rows,
        issued_at=datetime(2026, 12, 4, 10, 0, tzinfo=UTC),
        csv_display=f"ABCDE-FGHJK-MNPQR-STUV{index}",
        verify_url=f"http://localhost:3000/verificar?csv=ABCDEFGHJKMNPQRSTUV{index}",
        test_document=True,
    )
