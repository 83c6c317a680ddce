# SPDX-License-Identifier: EUPL-1.2
"""Benchmark of settings that CLIC considered for speed and did not change.

Run from the repository root::

    .venv/bin/python -m tests.perf.bench_options --iterations 200

Each row times one step of issuing a volante with the setting CLIC uses and with the
alternative, in alternating runs so that changes in machine load hit both alike, and
prints median and p95 as a Markdown table. docs/benchmarks.md explains the choices.
"""

from __future__ import annotations

import argparse
import io
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

from clic_app.services import pdf as pdf_service
from clic_app.services.pdf import VolanteContent, render_volante
from clic_app.services.signing import SIGNATURE_BYTES_RESERVED, Sealer
from tests.perf.bench_volante import Timings, build_installation, load_average, machine_report, result_table
from tests.perf.samples import sample_content


def compare(timings: Timings, label: str, variants: dict[str, Callable[[], object]], iterations: int, warmup: int) -> None:
    """Time each variant ``iterations`` times, alternating between them."""
    for run in range(warmup + iterations):
        for name, function in variants.items():
            start = time.perf_counter()
            function()
            if run >= warmup:
                timings.add(f"{label}: {name}", (time.perf_counter() - start) * 1000)


class _UncompressedPdf(pdf_service._VolantePdf):
    def __init__(self, content: VolanteContent) -> None:
        super().__init__(content)
        self.set_compression(False)


def render_without_compression(content: VolanteContent) -> bytes:
    with mock.patch.object(pdf_service, "_VolantePdf", _UncompressedPdf):
        return render_volante(content)


def seal_with(sealer: Sealer, pdf: bytes, md_algorithm: str, strict: bool) -> bytes:
    """Seal as ``Sealer.seal`` does, with another digest or reader strictness."""
    meta = signers.PdfSignatureMetadata(
        field_name="SelloOrgano", md_algorithm=md_algorithm, subfilter=fields.SigSeedSubFilter.PADES
    )
    output = io.BytesIO()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=strict)
    signers.PdfSigner(meta, sealer._signer).sign_pdf(writer, bytes_reserved=SIGNATURE_BYTES_RESERVED, output=output)
    return output.getvalue()


def write_file(folder: Path, content: bytes, sync: bool) -> None:
    with tempfile.NamedTemporaryFile(dir=folder, delete=False) as handle:
        handle.write(content)
        handle.flush()
        if sync:
            os.fsync(handle.fileno())


def sqlite_insert(connection: sqlite3.Connection) -> None:
    with connection:
        connection.execute("INSERT INTO sample (content) VALUES (?)", (os.urandom(64),))


def sqlite_connection(path: Path, synchronous: str) -> sqlite3.Connection:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute(f"PRAGMA synchronous={synchronous}")
    connection.execute("CREATE TABLE IF NOT EXISTS sample (id INTEGER PRIMARY KEY, content BLOB)")
    return connection


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.perf.bench_options", description=__doc__.split("\n")[0])
    parser.add_argument("--iterations", type=int, default=200, help="timed runs of each variant (default 200)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed runs before timing (default 20)")
    args = parser.parse_args(argv)
    timings = Timings()
    load_before = load_average()

    with tempfile.TemporaryDirectory(prefix="clic-bench-") as folder:
        root = Path(folder)
        runtime, _user = build_installation(root / "data")
        content = sample_content(0)
        pdf = render_volante(content)
        sealer = runtime.sealer
        sealed = sealer.seal(pdf, reason="prueba")
        full_sync = sqlite_connection(root / "full.db", "FULL")
        normal_sync = sqlite_connection(root / "normal.db", "NORMAL")
        steps = {
            "render": {"compressed (used)": lambda: render_volante(content), "uncompressed": lambda: render_without_compression(content)},
            "seal digest": {
                "sha256 (used)": lambda: seal_with(sealer, pdf, "sha256", strict=False),
                "sha512": lambda: seal_with(sealer, pdf, "sha512", strict=False),
            },
            "seal reader": {
                "strict=False (used)": lambda: seal_with(sealer, pdf, "sha256", strict=False),
                "strict=True": lambda: seal_with(sealer, pdf, "sha256", strict=True),
            },
            f"write {len(sealed) // 1000} KB sealed PDF": {
                "with fsync (used)": lambda: write_file(root, sealed, sync=True),
                "without fsync": lambda: write_file(root, sealed, sync=False),
            },
            "SQLite WAL commit": {
                "synchronous=FULL (used)": lambda: sqlite_insert(full_sync),
                "synchronous=NORMAL": lambda: sqlite_insert(normal_sync),
            },
        }
        for label, variants in steps.items():
            compare(timings, label, variants, args.iterations, args.warmup)
        full_sync.close()
        normal_sync.close()
        runtime.engine.dispose()

    print(result_table(timings.samples))
    print()
    print(machine_report())
    print(f"- load average (1, 5, 15 min) before: {load_before}, after: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
