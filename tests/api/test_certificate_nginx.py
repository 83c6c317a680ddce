# SPDX-License-Identifier: EUPL-1.2
"""Certificate login through nginx with real TLS client authentication.

nginx runs deploy/nginx/clic.conf (ports, paths and backend address replaced) in front of
the CLIC API served by granian, both on free 127.0.0.1 ports. httpx presents client
certificates made by tests.certfactory. The backend trusts proxy headers from 127.0.0.1
only; direct requests come from 127.0.0.3 to show that forged headers are ignored.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import pytest
from sqlmodel import select

from clic_app.models import UserAccount, utcnow
from clic_app.services.access import actor_for
from clic_app.services.certificate_validation import MADRID, load_trust_store
from clic_app.services.certificates import add_certificate
from clic_app.services.db import make_engine, session_scope
from clic_app.services.demo_data import DEMO_CITIZEN_NIF
from clic_app.services.identity import session_for_token
from tests import certfactory
from tests.databases import Template

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DEPLOY_CONFIG = ROOT / "deploy" / "nginx" / "clic.conf"
NGINX = shutil.which("nginx", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin")
DIRECT_CLIENT_ADDRESS = "127.0.0.3"
COMPANY_NIF = "B19603968"
STARTUP_TIMEOUT = 30

pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx is not installed (Debian package nginx-light)")


@dataclass
class Stack:
    """nginx and the CLIC backend, running, with the test PKI and client certificates."""

    portal_url: str
    certificate_url: str
    backend_url: str
    ca_bundle: Path
    clients: dict[str, tuple[Path, Path]]
    issued: dict[str, certfactory.Issued]
    database_url: str
    logs: list[Path]

    def log_tail(self) -> str:
        return "\n".join(f"== {path.name}\n{path.read_text(errors='replace')[-3000:]}" for path in self.logs
                         if path.exists())


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"port {port} not open after {STARTUP_TIMEOUT} s:\n{log.read_text()[-3000:]}")


def _stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) >= 1, f"deploy/nginx/clic.conf no longer contains {old!r}: update this test"
    return text.replace(old, new)


def _render_config(folder: Path, ports: dict[str, int], tls: tuple[Path, Path], trusted_ca: Path) -> Path:
    """Write deploy/nginx/clic.conf with test ports and paths, inside a main config of its own."""
    site = DEPLOY_CONFIG.read_text()
    for old, new in (
        ("server 127.0.0.1:3000;", f"server 127.0.0.1:{ports['backend']};"),
        ("listen 80;", f"listen 127.0.0.1:{ports['http']};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{ports['portal']} ssl http2;"),
        ("listen 8443 ssl;", f"listen 127.0.0.1:{ports['certificate']} ssl;"),
        ("/etc/clic/tls/sede.example.es.crt", str(tls[0])),
        ("/etc/clic/tls/sede.example.es.key", str(tls[1])),
        ("/etc/clic/trusted-ca.pem", str(trusted_ca)),
    ):
        site = _replace_once(site, old, new)
    # The test listens on IPv4 loopback only.
    site = "\n".join(line for line in site.splitlines() if "listen [::]" not in line)
    (folder / "clic.conf").write_text(site)

    for temp in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / temp).mkdir()
    main = f"""
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log info;
events {{ worker_connections 64; }}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/clic.conf;
}}
"""
    (folder / "nginx.conf").write_text(main)
    return folder / "nginx.conf"


def _client_certificates(pki: certfactory.Pki, folder: Path) -> dict[str, certfactory.Issued]:
    now = utcnow()
    other_root = certfactory.CertificateAuthority.root("Otra CA no configurada")
    return {
        "associated": certfactory.persona_fisica(pki.intermediate, DEMO_CITIZEN_NIF),
        "representative": certfactory.representante(pki.intermediate, DEMO_CITIZEN_NIF, COMPANY_NIF),
        "revoked": certfactory.persona_fisica(pki.intermediate, DEMO_CITIZEN_NIF),
        "unassociated": certfactory.persona_fisica(pki.intermediate, DEMO_CITIZEN_NIF),
        "signing_only": certfactory.dnie(pki.intermediate, DEMO_CITIZEN_NIF, authentication=False),
        "expired": certfactory.persona_fisica(pki.intermediate, DEMO_CITIZEN_NIF,
                                              valid_from=now - timedelta(days=400),
                                              valid_until=now - timedelta(days=1)),
        "untrusted": certfactory.persona_fisica(other_root, DEMO_CITIZEN_NIF),
    }


def _associate(database_url: str, pki: certfactory.Pki, certificates: list[certfactory.Issued]) -> None:
    engine = make_engine(database_url)
    try:
        with session_scope(engine) as session:
            citizen = session.exec(select(UserAccount).where(UserAccount.nif == DEMO_CITIZEN_NIF)).one()
            actor = actor_for(session, citizen)
            for issued in certificates:
                add_certificate(session, actor, issued.pem, load_trust_store(pki.ca_dir, pki.crl_dir))
    finally:
        engine.dispose()


def _start_backend(folder: Path, port: int, env: dict[str, str]) -> subprocess.Popen:
    log = folder / "backend.log"
    command = [str(BIN / "granian"), "--interface", "asgi", "--host", "127.0.0.1", "--port", str(port),
               "--workers", "1", "--no-ws", "--factory", "clic_app.api:create_api"]
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    _wait_for_port(port, process, log)
    return process


def _start_nginx(config: Path, ports: dict[str, int]) -> subprocess.Popen:
    log = config.parent / "nginx.out"
    command = [NGINX, "-p", str(config.parent), "-c", str(config), "-e", str(config.parent / "error.log")]
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    for name in ("portal", "certificate"):
        _wait_for_port(ports[name], process, log)
    return process


@pytest.fixture(scope="module")
def stack(tmp_path_factory, databases) -> Iterator[Stack]:
    folder = tmp_path_factory.mktemp("nginx-stack")
    database_url = databases.create(Template.DEMO, folder)
    pki = certfactory.build_pki(folder / "pki")
    trusted_ca = folder / "trusted-ca.pem"
    trusted_ca.write_bytes(pki.root.pem + pki.intermediate.pem)
    tls = certfactory.tls_server(pki.root, "127.0.0.1").write(folder / "tls", "server")

    issued = _client_certificates(pki, folder)
    clients = {name: certificate.write(folder / "clients", name) for name, certificate in issued.items()}
    _associate(database_url, pki, [issued["associated"], issued["representative"], issued["revoked"]])
    pki.write_crl(pki.intermediate.crl([issued["revoked"]]))

    ports = {name: _free_port() for name in ("backend", "http", "portal", "certificate")}
    env = {key: value for key, value in os.environ.items() if not key.startswith("CLIC_")} | {
        "CLIC_DATA_DIR": str(folder / "data"),
        "CLIC_DATABASE_URL": database_url,
        "CLIC_TRUSTED_CA_DIR": str(pki.ca_dir),
        "CLIC_CRL_DIR": str(pki.crl_dir),
        "CLIC_TRUSTED_PROXIES": "127.0.0.1",
        "CLIC_PUBLIC_BASE_URL": f"https://127.0.0.1:{ports['portal']}",
    }
    backend = _start_backend(folder, ports["backend"], env)
    try:
        nginx = _start_nginx(_render_config(folder, ports, tls, trusted_ca), ports)
        try:
            yield Stack(
                portal_url=f"https://127.0.0.1:{ports['portal']}",
                certificate_url=f"https://127.0.0.1:{ports['certificate']}",
                backend_url=f"http://127.0.0.1:{ports['backend']}",
                ca_bundle=trusted_ca,
                clients=clients,
                issued=issued,
                database_url=database_url,
                logs=[folder / "error.log", folder / "backend.log"],
            )
        finally:
            _stop(nginx)
    finally:
        _stop(backend)
        databases.drop(database_url)


def _tls_client(stack: Stack, certificate: str | None = None) -> httpx.Client:
    context = ssl.create_default_context(cafile=str(stack.ca_bundle))
    if certificate is not None:
        context.load_cert_chain(*map(str, stack.clients[certificate]))
    # trust_env=False: no proxy from the environment may carry this traffic elsewhere.
    return httpx.Client(verify=context, trust_env=False, timeout=10)


def _direct_client() -> httpx.Client:
    transport = httpx.HTTPTransport(local_address=DIRECT_CLIENT_ADDRESS)
    return httpx.Client(transport=transport, trust_env=False, timeout=10)


def _certificate_login(stack: Stack, certificate: str | None) -> httpx.Response:
    with _tls_client(stack, certificate) as client:
        return client.post(f"{stack.certificate_url}/api/v1/auth/certificate")


def test_associated_certificate_gets_token(stack):
    response = _certificate_login(stack, "associated")

    assert response.status_code == 200, stack.log_tail()
    token = response.json()["access_token"]
    with _direct_client() as client:
        me = client.get(f"{stack.backend_url}/api/v1/census/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200


def test_login_records_client_address(stack):
    token = _certificate_login(stack, "associated").json()["access_token"]

    engine = make_engine(stack.database_url)
    try:
        with session_scope(engine) as session:
            _user, login_session = session_for_token(session, token)
            assert login_session.client_address == "127.0.0.1"
            assert login_session.certificate_id is not None
    finally:
        engine.dispose()


def test_representative_acts_for_company(stack):
    token = _certificate_login(stack, "representative").json()["access_token"]

    engine = make_engine(stack.database_url)
    try:
        with session_scope(engine) as session:
            _user, login_session = session_for_token(session, token)
            assert login_session.acting_for_nif == COMPANY_NIF
    finally:
        engine.dispose()


def test_browser_session_route_sets_cookie(stack):
    with _tls_client(stack, "associated") as client:
        response = client.get(f"{stack.certificate_url}/api/v1/auth/certificate/session")

    assert response.status_code == 303, stack.log_tail()
    assert response.headers["location"] == f"{stack.portal_url}/padron"
    cookie = SimpleCookie(response.headers["set-cookie"])["clic_session"]
    assert cookie["samesite"].lower() == "strict"
    assert cookie["path"] == "/"
    assert cookie["secure"]


@pytest.mark.parametrize(
    ("certificate", "code"),
    [
        ("expired", "certificate_expired"),
        ("revoked", "certificate_revoked"),
        ("untrusted", "certificate_untrusted"),
        ("unassociated", "certificate_not_associated"),
        ("signing_only", "certificate_usage_invalid"),
        (None, "certificate_missing"),
    ],
)
def test_certificate_rejected(stack, certificate, code):
    response = _certificate_login(stack, certificate)

    assert response.status_code == 401, stack.log_tail()
    assert response.json()["code"] == code


def test_browser_rejection_goes_to_login(stack):
    with _tls_client(stack, "expired") as client:
        response = client.get(f"{stack.certificate_url}/api/v1/auth/certificate/session")

    location = urlsplit(response.headers["location"])
    assert response.status_code == 303
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{stack.portal_url}/login"
    assert parse_qs(location.query) == {
        "certificate_error": ["certificate_expired"],
        "date": [stack.issued["expired"].certificate.not_valid_after_utc.astimezone(MADRID).strftime("%d/%m/%Y")],
    }


def test_certificate_port_serves_login_routes_only(stack):
    with _tls_client(stack, "associated") as client:
        response = client.get(f"{stack.certificate_url}/api/v1/census/me")

    assert response.status_code == 404


def _forged_headers(stack: Stack) -> dict[str, str]:
    escaped = quote(stack.issued["associated"].pem.decode(), safe="")
    return {"X-SSL-Client-Cert": escaped, "X-SSL-Client-Verify": "SUCCESS"}


def test_forged_headers_to_backend_ignored(stack):
    with _direct_client() as client:
        response = client.post(f"{stack.backend_url}/api/v1/auth/certificate", headers=_forged_headers(stack))

    assert response.status_code == 401
    assert response.json()["code"] == "certificate_missing"
    assert "certificate_header_ignored reason=untrusted_peer peer=127.0.0.3" in stack.log_tail()


def test_forged_headers_through_portal_removed(stack):
    with _tls_client(stack) as client:
        response = client.post(f"{stack.portal_url}/api/v1/auth/certificate", headers=_forged_headers(stack))

    assert response.status_code == 401
    assert response.json()["code"] == "certificate_missing"


def test_forged_headers_without_client_certificate_overwritten(stack):
    with _tls_client(stack) as client:
        response = client.post(f"{stack.certificate_url}/api/v1/auth/certificate", headers=_forged_headers(stack))

    assert response.status_code == 401
    assert response.json()["code"] == "certificate_missing"


def test_portal_proxies_host_and_api(stack):
    with _tls_client(stack) as client:
        response = client.get(f"{stack.portal_url}/api/openapi.json")

    assert response.status_code == 200
    assert "/api/v1/auth/certificate" in response.json()["paths"]
