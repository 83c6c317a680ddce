# SPDX-License-Identifier: EUPL-1.2
"""Browser journeys: the whole portal in prod mode on a free port, driven by Chromium.

The portal runs as `make run` runs it (``clic setup``, then ``reflex run --env prod``)
on its own data folder, so the test sees what a citizen sees.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
AXE_SCRIPT = ROOT / "tests" / "e2e" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# The first production build compiles the frontend with npm: about a minute here.
STARTUP_TIMEOUT = 600
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


@dataclass(frozen=True)
class Portal:
    """A running portal: its address and data folder."""

    base_url: str
    data_dir: Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"portal exited with {process.returncode}:\n{log_path.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(f"{url}/ping", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise RuntimeError(f"portal not up after {STARTUP_TIMEOUT} s:\n{log_path.read_text()[-4000:]}")


@pytest.fixture(scope="session")
def portal(tmp_path_factory) -> Iterator[Portal]:
    data_dir = tmp_path_factory.mktemp("portal-data")
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = os.environ | {
        "CLIC_DATA_DIR": str(data_dir),
        "CLIC_PUBLIC_BASE_URL": base_url,
        "REFLEX_USE_NPM": "1",
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
    }
    env.pop("CLIC_DATABASE_URL", None)
    subprocess.run([BIN / "clic", "setup", "--households", "80"], cwd=ROOT, env=env, check=True)

    log_path = data_dir / "portal.log"
    command = [
        BIN / "reflex", "run", "--env", "prod", "--single-port", "--backend-host", "127.0.0.1",
        "--frontend-port", str(port), "--backend-port", str(port),
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    try:
        _wait_until_up(base_url, process, log_path)
        yield Portal(base_url=base_url, data_dir=data_dir)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser) -> Iterator[Page]:
    context = browser.new_context(accept_downloads=True, locale="es-ES")
    opened = context.new_page()
    opened.set_default_timeout(20_000)
    yield opened
    context.close()


def axe_violations(page: Page) -> list[dict]:
    """Run axe-core on the page and return its WCAG 2.1 A/AA violations."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        {"id": item["id"], "help": item["help"], "targets": [node["target"] for node in item["nodes"]]}
        for item in result["violations"]
    ]
