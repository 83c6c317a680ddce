# SPDX-License-Identifier: EUPL-1.2
"""Benchmark: issue one sealed household volante, and verify one CSV through the API.

Run from the repository root::

    .venv/bin/python -m tests.perf.bench_volante --iterations 200

It builds a throw-away installation in a temporary folder (migrations, development
seal, the small demo town of the test fixtures) and times, after a warm-up:

- ``issue_volante`` for the demo citizen's household, from opening the session to the
  commit, split into render, seal, store (file with fsync, row insert), commit, and
  the rest (census query, CSV reservation);
- ``GET /api/v1/verification/{csv}`` over keep-alive HTTP against a granian server
  that it starts on 127.0.0.1 (``--api testclient`` uses FastAPI's in-process
  TestClient instead).

It prints median and p95 as a Markdown table with the machine details and load. It
asserts nothing about time, because the numbers depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from importlib import metadata
from pathlib import Path
from unittest import mock

import httpx

from clic_app.models import UserAccount
from clic_app.services import volantes
from clic_app.services.db import session_scope
from clic_app.services.demo_data import DEMO_CITIZEN_NIF, DEMO_PASSWORD, load_demo_data
from clic_app.services.identity import login
from clic_app.services.migrations import upgrade_database
from clic_app.services.runtime import Runtime
from clic_app.settings import Settings

LIBRARIES = ("fpdf2", "fonttools", "segno", "pyHanko", "asn1crypto", "cryptography", "SQLAlchemy", "fastapi", "granian")
SERVER_START_TIMEOUT = 30.0
ISSUE = "issue_volante, end to end"
# Steps of ISSUE, timed inside the same runs. "rest" is what remains of the total: the
# census query and the CSV reservation.
ISSUE_STEPS = ("render", "seal", "store", "commit", "rest")


class Timings:
    """Samples in milliseconds, by operation name, in the order they were first added."""

    def __init__(self) -> None:
        self.samples: dict[str, list[float]] = defaultdict(list)

    def add(self, name: str, milliseconds: float) -> None:
        self.samples[name].append(milliseconds)

    def wrap(self, name: str, function: Callable) -> Callable:
        """Return ``function`` recording its duration under ``name`` on every call."""

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.add(name, (time.perf_counter() - start) * 1000)

        return timed

    def clear(self) -> None:
        self.samples.clear()


def installation_settings(data_dir: Path) -> Settings:
    """Return the settings that both this process and the API server read."""
    return Settings.from_env(installation_environment(data_dir))


def installation_environment(data_dir: Path) -> dict[str, str]:
    # Every benchmark request comes from 127.0.0.1, so the rate limit is set far above
    # the number of requests.
    return {"CLIC_DATA_DIR": str(data_dir), "CLIC_VERIFY_RATE_LIMIT": "1000000000"}


def build_installation(data_dir: Path) -> tuple[Runtime, UserAccount]:
    """Create the database and the demo town; return the runtime and the demo citizen."""
    settings = installation_settings(data_dir)
    upgrade_database(settings.effective_database_url)
    runtime = Runtime.from_settings(settings)
    with session_scope(runtime.engine) as session:
        load_demo_data(session, settings.council, streets=12, households=40, min_inhabitants=90)
    with session_scope(runtime.engine) as session:
        user = login(session, DEMO_CITIZEN_NIF, DEMO_PASSWORD, "127.0.0.1", timedelta(hours=1)).user
    return runtime, user


def issue_once(runtime: Runtime, user: UserAccount, timings: Timings) -> str:
    """Issue one household volante, recording the total and the commit; return its CSV."""
    start = time.perf_counter()
    with session_scope(runtime.engine) as session:
        document = volantes.issue_volante(session, runtime, user, volantes.VolanteKind.HOUSEHOLD)
        committing = time.perf_counter()
    end = time.perf_counter()
    timings.add(ISSUE, (end - start) * 1000)
    timings.add("commit", (end - committing) * 1000)
    return document.csv


def time_issue(runtime: Runtime, user: UserAccount, iterations: int, warmup: int) -> tuple[Timings, list[str]]:
    """Time ``issue_volante`` ``iterations`` times after ``warmup`` untimed runs."""
    timings = Timings()
    sealer = runtime.sealer  # loads or creates the development seal before timing
    csvs = []
    with (
        mock.patch.object(volantes, "render_volante", timings.wrap("render", volantes.render_volante)),
        mock.patch.object(sealer, "seal", timings.wrap("seal", sealer.seal)),
        mock.patch.object(volantes, "issue_document", timings.wrap("store", volantes.issue_document)),
    ):
        for _ in range(warmup):
            issue_once(runtime, user, timings)
        timings.clear()
        for _ in range(iterations):
            csvs.append(issue_once(runtime, user, timings))

    _add_remainder(timings)
    return timings, csvs


def _add_remainder(timings: Timings) -> None:
    for index, total in enumerate(timings.samples[ISSUE]):
        measured = sum(timings.samples[step][index] for step in ISSUE_STEPS if step != "rest")
        timings.add("rest", total - measured)


def time_requests(get: Callable[[str], httpx.Response], csvs: list[str], iterations: int, warmup: int) -> list[float]:
    """Time one verification request per CSV, cycling through ``csvs``."""
    samples = []
    for index in range(warmup + iterations):
        csv = csvs[index % len(csvs)]
        start = time.perf_counter()
        response = get(f"/api/v1/verification/{csv}")
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"verification of {csv} failed: HTTP {response.status_code} {response.text}")
        if index >= warmup:
            samples.append(elapsed)
    return samples


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def granian_server(data_dir: Path) -> Iterator[str]:
    """Run the API with one granian worker on 127.0.0.1; yield its base URL."""
    port = _free_port()
    command = [
        str(Path(sys.executable).with_name("granian")), "--interface", "asgi", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--workers", "1", "--no-ws", "--log-level", "warning",
        "clic_app.api:create_api",
    ]
    environment = os.environ | installation_environment(data_dir)
    server = subprocess.Popen(command, env=environment)
    try:
        base_url = f"http://127.0.0.1:{port}"
        _wait_until_serving(base_url, server)
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_until_serving(base_url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"granian exited with code {server.returncode} before serving")
        try:
            httpx.get(f"{base_url}/api/openapi.json", timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"granian did not answer on {base_url} within {SERVER_START_TIMEOUT:.0f} s")


def time_verification(
    api: str, runtime: Runtime, data_dir: Path, csvs: list[str], iterations: int, warmup: int
) -> list[float]:
    """Time verification requests through granian over HTTP or through FastAPI's TestClient."""
    if api == "testclient":
        from fastapi.testclient import TestClient

        from clic_app.api import create_api

        with TestClient(create_api(lambda: runtime)) as client:
            return time_requests(client.get, csvs, iterations, warmup)

    with granian_server(data_dir) as base_url, httpx.Client(base_url=base_url) as client:
        return time_requests(client.get, csvs, iterations, warmup)


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


def result_table(rows: dict[str, list[float]]) -> str:
    lines = ["| operation | median (ms) | p95 (ms) | runs |", "| --- | ---: | ---: | ---: |"]
    for name, samples in rows.items():
        label = f"↳ {name}" if name in ISSUE_STEPS else name
        lines.append(f"| {label} | {statistics.median(samples):.1f} | {p95(samples):.1f} | {len(samples)} |")
    return "\n".join(lines)


def machine_report() -> str:
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in LIBRARIES)
    return "\n".join(
        [
            f"- date: {time.strftime('%Y-%m-%d %H:%M %Z')}",
            f"- CPU: {_cpu_model()}, {os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))})",
            f"- Python {platform.python_version()} on {platform.platform()}",
            f"- {versions}",
        ]
    )


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tests.perf.bench_volante", description=__doc__.split("\n")[0])
    parser.add_argument("--iterations", type=int, default=200, help="timed runs of each operation (default 200)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed runs before timing (default 20)")
    parser.add_argument(
        "--api", choices=("granian", "testclient"), default="granian",
        help="serve the API with granian on 127.0.0.1 (default) or call it through FastAPI's TestClient",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    load_before = load_average()
    with tempfile.TemporaryDirectory(prefix="clic-bench-") as folder:
        data_dir = Path(folder) / "data"
        runtime, user = build_installation(data_dir)
        timings, csvs = time_issue(runtime, user, args.iterations, args.warmup)
        verification = time_verification(args.api, runtime, data_dir, csvs, args.iterations, args.warmup)
        runtime.engine.dispose()

    rows = {name: timings.samples[name] for name in (ISSUE, *ISSUE_STEPS)}
    rows[f"GET /api/v1/verification/{{csv}} ({args.api})"] = verification
    print(result_table(rows))
    print()
    print(machine_report())
    print(f"- load average (1, 5, 15 min) before: {load_before}, after: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
