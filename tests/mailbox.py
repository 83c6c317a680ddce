# SPDX-License-Identifier: EUPL-1.2
"""Reading the mail CLIC sends: .eml files of the outbox folder, or a local SMTP server."""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from aiosmtpd.controller import Controller

from clic_app.services import mail


def outbox_messages(folder: Path) -> list[EmailMessage]:
    """Return every message in the outbox ``folder``, oldest first, once delivery is done."""
    assert mail.wait_for_deliveries(timeout=30), "mail delivery still pending after 30 s"
    if not folder.is_dir():
        return []
    return [_parse(path.read_bytes()) for path in sorted(folder.glob("*.eml"))]


def messages_to(folder: Path, address: str) -> list[EmailMessage]:
    return [message for message in outbox_messages(folder) if message["To"] == address]


def wait_for_message(folder: Path, address: str, subject: str, timeout: float = 30) -> EmailMessage:
    """Poll ``folder`` until a message to ``address`` with ``subject`` arrives; for a portal in another process."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted(folder.glob("*.eml")) if folder.is_dir() else []:
            message = _parse(path.read_bytes())
            if message["To"] == address and message["Subject"] == subject:
                return message
        time.sleep(0.25)
    raise AssertionError(f"no message to {address} with subject {subject!r} in {folder} after {timeout} s")


def body_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def link_in(message: EmailMessage, path: str) -> str:
    """Return the first link in the body whose path is ``path``, e.g. ``/confirmar``."""
    found = re.search(rf"https?://\S+{re.escape(path)}\?token=[\w-]+", body_of(message))
    assert found, f"no {path} link in:\n{body_of(message)}"
    return found.group(0)


def token_of(link: str) -> str:
    return link.split("token=", 1)[1]


def _parse(raw: bytes) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(raw)


@dataclass
class _Collector:
    """aiosmtpd handler that keeps every message it receives."""

    received: list[tuple[str, list[str], EmailMessage]] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope) -> str:
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), _parse(envelope.original_content)))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server() -> Iterator[tuple[str, list]]:
    """Run a real SMTP server on 127.0.0.1 and yield its ``smtp://`` URL and received messages."""
    collector = _Collector()
    port = free_port()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{port}", collector.received
    finally:
        controller.stop()
