# SPDX-License-Identifier: EUPL-1.2
"""Outgoing mail: written as .eml files to the outbox folder, or sent by SMTP.

Messages are handed over only when the database transaction that produced them
commits, so a link is never mailed for a token that was rolled back. Delivery then runs
on one background thread, so a slow mail server does not hold up the request. It also
means a request that sends mail takes as long as one that does not, so the response
time does not reveal whether an account exists.
"""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from hashlib import sha256
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit

from sqlalchemy import event
from sqlmodel import Session

from clic_app.locales import translate
from clic_app.models import utcnow
from clic_app.settings import Settings

logger = logging.getLogger(__name__)

_SCHEMES = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}
_SMTP_TIMEOUT_SECONDS = 30
# Waits before the second and third attempt. A 4xx reply or a lost connection is
# usually over within seconds, so two short retries follow. A 5xx reply is final.
_RETRY_DELAYS_SECONDS = (2, 10)
_QUEUE_KEY = "clic_mail_queue"

_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="clic-mail")
_pending: set[Future] = set()
_pending_lock = threading.Lock()


class Transport(Protocol):
    def deliver(self, message: EmailMessage) -> None: ...


@dataclass(frozen=True)
class OutboxTransport:
    """Writes each message to ``folder`` as an .eml file that only the owner may read."""

    folder: Path

    def deliver(self, message: EmailMessage) -> Path:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        digest = sha256(str(message["Message-ID"]).encode()).hexdigest()[:12]
        path = self.folder / f"{utcnow():%Y%m%dT%H%M%S%fZ}-{digest}.eml"
        temporary = path.with_suffix(".tmp")

        # Written under a temporary name and then renamed, so a reader of the folder
        # never reads half a message. The links inside are secrets, hence mode 0600.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as output:
            output.write(message.as_bytes())
        os.replace(temporary, path)
        return path


@dataclass(frozen=True)
class SmtpTransport:
    """Sends each message to an SMTP server, with STARTTLS or TLS when the URL scheme requests it."""

    scheme: str
    host: str
    port: int
    username: str = ""
    password: str = field(default="", repr=False)

    @classmethod
    def from_url(cls, url: str) -> SmtpTransport:
        """Parse ``smtp://``, ``smtp+starttls://`` or ``smtps://`` URLs with optional credentials.

        Raises:
            ValueError: unknown scheme or no host.
        """
        parts = urlsplit(url)
        if parts.scheme not in _SCHEMES or not parts.hostname:
            raise ValueError("CLIC_SMTP_URL must look like smtp://host:port, smtp+starttls://… or smtps://…")
        return cls(
            scheme=parts.scheme,
            host=parts.hostname,
            port=parts.port or _SCHEMES[parts.scheme],
            username=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
        )

    def deliver(self, message: EmailMessage) -> None:
        context = ssl.create_default_context()
        if self.scheme == "smtps":
            client = smtplib.SMTP_SSL(self.host, self.port, timeout=_SMTP_TIMEOUT_SECONDS, context=context)
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=_SMTP_TIMEOUT_SECONDS)
        with client:
            if self.scheme == "smtp+starttls":
                client.starttls(context=context)
            if self.username:
                client.login(self.username, self.password)
            client.send_message(message)


def transport_for(settings: Settings) -> Transport:
    """Return the SMTP transport of CLIC_SMTP_URL, or the outbox folder when it is empty.

    Raises:
        ValueError: CLIC_SMTP_URL is set but malformed.
    """
    if settings.smtp_url:
        return SmtpTransport.from_url(settings.smtp_url)
    return OutboxTransport(settings.outbox_dir)


def compose(settings: Settings, to: str, subject: str, body: str, language: str = "es") -> EmailMessage:
    """Build a plain-text message from the council to ``to``."""
    message = EmailMessage()
    message["From"] = formataddr((settings.council.name, settings.mail_from))
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=settings.mail_from.rpartition("@")[2] or None)
    # RFC 3834: auto-responders must not reply to a message marked auto-generated.
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body)
    # Added after set_content, which drops every Content-* header set before it.
    message["Content-Language"] = language
    return message


def send_after_commit(session: Session, settings: Settings, message: EmailMessage) -> None:
    """Queue ``message`` for delivery once ``session`` commits; a rollback drops it.

    Raises:
        ValueError: CLIC_SMTP_URL is malformed; checked now so the request fails loudly.
    """
    transport = transport_for(settings)
    if _QUEUE_KEY not in session.info:
        session.info[_QUEUE_KEY] = []
        event.listen(session, "after_commit", _hand_over_queue)
        event.listen(session, "after_rollback", _drop_queue)
    session.info[_QUEUE_KEY].append((transport, message, settings.outbox_dir))


def send_template(
    session: Session, settings: Settings, to: str, template: str, language: str = "es", **params: object
) -> None:
    """Queue the catalogue message ``mail.<template>`` to ``to``, as :func:`send_after_commit`.

    The subject is ``mail.<template>.subject`` and the body ``mail.<template>.body``,
    followed by ``mail.signature``; ``params`` fill both, and ``council`` is always given.
    """
    values = {"council": settings.council.name, **params}
    subject = translate(f"mail.{template}.subject", language, **values)
    body = translate(f"mail.{template}.body", language, **values)
    signature = translate("mail.signature", language, **values)
    message = compose(settings, to, subject, f"{body}\n\n{signature}\n", language)
    send_after_commit(session, settings, message)
    logger.info("mail_queued template=%s", template)


def wait_for_deliveries(timeout: float = 30) -> bool:
    """Wait until every handed-over message was delivered or given up; for tests and shutdown.

    Returns:
        True when nothing is left pending.
    """
    with _pending_lock:
        pending = set(_pending)
    _done, not_done = wait(pending, timeout=timeout)
    return not not_done


def _hand_over_queue(session: Session) -> None:
    queue = session.info.get(_QUEUE_KEY, [])
    while queue:
        transport, message, outbox_dir = queue.pop(0)
        future = _executor.submit(_deliver_with_retries, transport, message, outbox_dir)
        with _pending_lock:
            _pending.add(future)
        future.add_done_callback(_forget_future)


def _drop_queue(session: Session) -> None:
    dropped = session.info.get(_QUEUE_KEY, [])
    if dropped:
        logger.info("mail_dropped_on_rollback count=%s", len(dropped))
        dropped.clear()


def _forget_future(future: Future) -> None:
    with _pending_lock:
        _pending.discard(future)


def _deliver_with_retries(transport: Transport, message: EmailMessage, outbox_dir: Path) -> None:
    message_id = message["Message-ID"]
    for attempt in range(1, len(_RETRY_DELAYS_SECONDS) + 2):
        try:
            transport.deliver(message)
        except (OSError, smtplib.SMTPException) as error:
            # The error text may quote the recipient's address, so only its class and
            # SMTP code are logged.
            code = getattr(error, "smtp_code", "")
            logger.warning("mail_delivery_failure message_id=%s attempt=%s error=%s code=%s",
                           message_id, attempt, type(error).__name__, code)
            if _is_permanent(error) or attempt > len(_RETRY_DELAYS_SECONDS):
                _keep_undelivered(message, outbox_dir)
                return
            time.sleep(_RETRY_DELAYS_SECONDS[attempt - 1])
        else:
            logger.info("mail_delivered message_id=%s attempt=%s", message_id, attempt)
            return


def _is_permanent(error: Exception) -> bool:
    code = getattr(error, "smtp_code", None)
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [reply[0] for reply in error.recipients.values()]
        return all(500 <= value < 600 for value in codes)
    return isinstance(code, int) and 500 <= code < 600


def _keep_undelivered(message: EmailMessage, outbox_dir: Path) -> None:
    # An operator can resend these by hand; they hold one-time links, so the folder is
    # as private as the outbox itself.
    try:
        path = OutboxTransport(outbox_dir / "undelivered").deliver(message)
    except OSError as error:
        logger.error("mail_lost message_id=%s error=%s", message["Message-ID"], type(error).__name__)
        return
    logger.error("mail_undelivered message_id=%s kept_as=%s", message["Message-ID"], path.name)
