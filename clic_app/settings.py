# SPDX-License-Identifier: EUPL-1.2
"""Configuration of one CLIC installation, read from ``CLIC_*`` environment variables.

Code receives a :class:`Settings` object instead of reading module constants, so one
installation can later serve several councils.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Council:
    """The council that runs the portal, as printed on every document it issues."""

    name: str = "Ayuntamiento de Villaclara del Monte"
    """Official name; the demo council is fictional."""

    nif: str = "P9999901C"
    """NIF of the council (letter P for local entities)."""

    address: str = "Plaza Mayor, 1, 99001 Villaclara del Monte"
    town: str = "Villaclara del Monte"
    postcode_prefix: str = "990"
    """First digits of the municipality's postcodes."""

    province: str = "Provincia de Ejemplo"
    dir3_code: str = "L01999999"
    """DIR3 code of the council in the common directory of public bodies."""

    region_code: str = "MD"
    """ISO 3166-2:ES subdivision whose holidays count for deadlines."""

    local_holidays: tuple[str, ...] = ("2026-05-15", "2026-09-08")
    """The council's own holidays, ISO dates."""


@dataclass(frozen=True)
class Settings:
    """Settings of one installation, each variable described in README.md."""

    data_dir: Path = PROJECT_ROOT / "data"
    """CLIC_DATA_DIR: database file, document store and development PKI."""

    database_url: str = ""
    """CLIC_DATABASE_URL: SQLAlchemy URL. Empty means a SQLite file in the data folder."""

    seal_p12: Path | None = None
    """CLIC_SEAL_P12: PKCS#12 with the council's seal. Empty means the development seal."""

    seal_password: str = field(default="", repr=False)
    """CLIC_SEAL_PASSWORD: password of CLIC_SEAL_P12."""

    public_base_url: str = "http://localhost:3000"
    """CLIC_PUBLIC_BASE_URL: address citizens use, printed in the QR codes."""

    verify_rate_limit: int = 60
    """CLIC_VERIFY_RATE_LIMIT: verification requests per minute and client address."""

    session_hours: int = 8
    """CLIC_SESSION_HOURS: lifetime of a login session or API token, in hours."""

    smtp_url: str = field(default="", repr=False)
    """CLIC_SMTP_URL: mail server as ``smtp://host:port`` (no TLS, for a local relay),
    ``smtp+starttls://user:password@host:587`` or ``smtps://user:password@host:465``.
    Empty means every message is written to the outbox folder instead."""

    mail_from: str = "sede@villaclara.example"
    """CLIC_MAIL_FROM: sender address of the portal's mail; the council name is shown with it."""

    session_idle_minutes: int = 30
    """CLIC_SESSION_IDLE_MINUTES: a login session or API token unused this long expires."""

    trusted_ca_dir: Path | None = None
    """CLIC_TRUSTED_CA_DIR: folder of CA certificates (PEM or DER) trusted for certificate
    login, where the self-signed ones are the trust anchors. Empty means ``trusted-ca`` in
    the data folder. While the folder is missing or has no root CA, certificate login is off."""

    crl_dir: Path | None = None
    """CLIC_CRL_DIR: folder of CRLs (PEM or DER). A certificate whose issuer has a CRL
    here is checked against it, and rejected while that CRL is out of date. Empty means
    ``crl`` in the data folder."""

    trusted_proxies: tuple[str, ...] = ()
    """CLIC_TRUSTED_PROXIES: comma-separated addresses or networks (``127.0.0.1``,
    ``10.0.0.0/24``) of the reverse proxies whose client-certificate headers CLIC reads.
    Empty means none, so certificate login fails until the proxy's address is listed."""

    certificate_login_url: str = "/api/v1/auth/certificate/session"
    """CLIC_CERTIFICATE_LOGIN_URL: target of the certificate login link on the login page,
    where the reverse proxy requests a client certificate from the browser."""

    council: Council = field(default_factory=Council)

    @property
    def effective_database_url(self) -> str:
        """Return the configured database URL or the embedded SQLite default."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'clic.db'}"

    @property
    def documents_dir(self) -> Path:
        return self.data_dir / "documents"

    @property
    def pki_dir(self) -> Path:
        return self.data_dir / "pki"

    @property
    def outbox_dir(self) -> Path:
        """Folder of the .eml files written while no CLIC_SMTP_URL is set."""
        return self.data_dir / "outbox"

    @property
    def effective_trusted_ca_dir(self) -> Path:
        return self.trusted_ca_dir or self.data_dir / "trusted-ca"

    @property
    def effective_crl_dir(self) -> Path:
        return self.crl_dir or self.data_dir / "crl"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Build settings from ``CLIC_*`` variables, with defaults for the rest."""
        env = os.environ if environ is None else environ
        data_dir = Path(env.get("CLIC_DATA_DIR") or PROJECT_ROOT / "data").resolve()
        seal_p12 = env.get("CLIC_SEAL_P12")
        return cls(
            data_dir=data_dir,
            database_url=env.get("CLIC_DATABASE_URL", ""),
            seal_p12=Path(seal_p12) if seal_p12 else None,
            seal_password=env.get("CLIC_SEAL_PASSWORD", ""),
            public_base_url=env.get("CLIC_PUBLIC_BASE_URL", cls.public_base_url).rstrip("/"),
            verify_rate_limit=int(env.get("CLIC_VERIFY_RATE_LIMIT", cls.verify_rate_limit)),
            session_hours=int(env.get("CLIC_SESSION_HOURS", cls.session_hours)),
            smtp_url=env.get("CLIC_SMTP_URL", ""),
            mail_from=env.get("CLIC_MAIL_FROM", cls.mail_from),
            session_idle_minutes=int(env.get("CLIC_SESSION_IDLE_MINUTES", cls.session_idle_minutes)),
            trusted_ca_dir=Path(env["CLIC_TRUSTED_CA_DIR"]) if env.get("CLIC_TRUSTED_CA_DIR") else None,
            crl_dir=Path(env["CLIC_CRL_DIR"]) if env.get("CLIC_CRL_DIR") else None,
            trusted_proxies=tuple(
                address.strip() for address in env.get("CLIC_TRUSTED_PROXIES", "").split(",") if address.strip()
            ),
            certificate_login_url=env.get("CLIC_CERTIFICATE_LOGIN_URL", cls.certificate_login_url),
        )


@functools.cache
def get_settings() -> Settings:
    """Return the process-wide settings, read once from the environment."""
    return Settings.from_env()
