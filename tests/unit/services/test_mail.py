# SPDX-License-Identifier: EUPL-1.2
"""Tests of outgoing mail: outbox files, delivery after commit, and SMTP to a local server."""

from __future__ import annotations

import stat
from dataclasses import replace

import pytest

from clic_app.services import mail
from clic_app.services.db import session_scope
from clic_app.services.mail import OutboxTransport, SmtpTransport, compose, send_after_commit, send_template
from tests.mailbox import body_of, free_port, outbox_messages, smtp_server

ADDRESS = "lucia@example.org"


@pytest.fixture
def fast_retries(monkeypatch) -> None:
    monkeypatch.setattr(mail, "_RETRY_DELAYS_SECONDS", (0, 0))


def _send(runtime, settings=None, subject: str = "Prueba", body: str = "Cuerpo ñ") -> None:
    settings = settings or runtime.settings
    with session_scope(runtime.engine) as session:
        send_after_commit(session, settings, compose(settings, ADDRESS, subject, body))


def test_outbox_file_content(runtime):
    _send(runtime, subject="Confirme su dirección", body="Abra este enlace: https://sede.example/confirmar?token=abc")

    [message] = outbox_messages(runtime.settings.outbox_dir)
    assert message["To"] == ADDRESS
    assert message["Subject"] == "Confirme su dirección"
    assert message["From"].addresses[0].display_name == runtime.settings.council.name
    assert message["From"].addresses[0].addr_spec == runtime.settings.mail_from
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Message-ID"].endswith("@villaclara.example>")
    assert message["Date"]
    assert "https://sede.example/confirmar?token=abc" in body_of(message)


def test_outbox_file_private(runtime):
    _send(runtime)

    outbox_messages(runtime.settings.outbox_dir)
    [path] = runtime.settings.outbox_dir.glob("*.eml")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(runtime.settings.outbox_dir.stat().st_mode) == 0o700
    assert not list(runtime.settings.outbox_dir.glob("*.tmp"))


def test_rollback_drops_message(runtime):
    with pytest.raises(RuntimeError):
        with session_scope(runtime.engine) as session:
            send_after_commit(session, runtime.settings, compose(runtime.settings, ADDRESS, "Nunca", "x"))
            raise RuntimeError("transaction fails")

    assert outbox_messages(runtime.settings.outbox_dir) == []


def test_nothing_sent_before_commit(runtime):
    with session_scope(runtime.engine) as session:
        send_after_commit(session, runtime.settings, compose(runtime.settings, ADDRESS, "Luego", "x"))
        assert mail.wait_for_deliveries()
        pending_before_commit = outbox_messages(runtime.settings.outbox_dir)

    assert pending_before_commit == []
    assert len(outbox_messages(runtime.settings.outbox_dir)) == 1


def test_send_template_fills_catalogue(runtime):
    with session_scope(runtime.engine) as session:
        send_template(session, runtime.settings, ADDRESS, "password_reset", "en", name="Lucía",
                      link="http://x/restablecer?token=t", hours=1)

    [message] = outbox_messages(runtime.settings.outbox_dir)
    assert message["Subject"] == "Link to choose a new password"
    assert message["Content-Language"] == "en"
    assert "Hello Lucía," in body_of(message)
    assert "http://x/restablecer?token=t" in body_of(message)
    assert runtime.settings.council.name in body_of(message)


def test_smtp_delivery_to_local_server(runtime):
    with smtp_server() as (url, received):
        settings = replace(runtime.settings, smtp_url=url)
        _send(runtime, settings, subject="Por SMTP", body="Hola, Ștefan")
        assert mail.wait_for_deliveries(timeout=30)

    [(sender, recipients, message)] = received
    assert sender == runtime.settings.mail_from
    assert recipients == [ADDRESS]
    assert message["Subject"] == "Por SMTP"
    assert body_of(message).strip() == "Hola, Ștefan"
    assert not runtime.settings.outbox_dir.exists()


def test_smtp_failure_keeps_message(runtime, fast_retries, caplog):
    settings = replace(runtime.settings, smtp_url=f"smtp://127.0.0.1:{free_port()}")

    _send(runtime, settings, subject="Sin servidor")
    assert mail.wait_for_deliveries(timeout=30)

    [kept] = outbox_messages(runtime.settings.outbox_dir / "undelivered")
    assert kept["Subject"] == "Sin servidor"
    failures = [record for record in caplog.records if "mail_delivery_failure" in record.getMessage()]
    assert len(failures) == 3
    assert all(ADDRESS not in record.getMessage() for record in caplog.records)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://127.0.0.1:2525", SmtpTransport("smtp", "127.0.0.1", 2525)),
        ("smtp+starttls://user%40x:p%3Ass@mail.example:587", SmtpTransport("smtp+starttls", "mail.example", 587,
                                                                           "user@x", "p:ss")),
        ("smtps://mail.example", SmtpTransport("smtps", "mail.example", 465)),
    ],
)
def test_smtp_url_parsed(url, expected):
    assert SmtpTransport.from_url(url) == expected


@pytest.mark.parametrize("url", ["http://mail.example", "smtp://", "mail.example:25"])
def test_bad_smtp_url_rejected(url):
    with pytest.raises(ValueError):
        SmtpTransport.from_url(url)


def test_transport_follows_settings(settings):
    assert mail.transport_for(settings) == OutboxTransport(settings.outbox_dir)
    assert isinstance(mail.transport_for(replace(settings, smtp_url="smtp://127.0.0.1:25")), SmtpTransport)


def test_smtp_password_not_in_repr():
    transport = SmtpTransport.from_url("smtps://user:secret-word@mail.example")

    assert "secret-word" not in repr(transport)
