"""A real SMTP server on 127.0.0.1 (aiosmtpd) for the demo, the tests and the benchmark.

It accepts every message. Mail to a bounce address (VERP, warta.newsletters.mail) is read
as a delivery report or complaint and handled at once (services.suppress); other mail is
printed (the demo's console), kept in memory (tests) or logged by Message-ID to a file (the
benchmark counts duplicates and missing copies there)."""

from __future__ import annotations

import asyncio
import email
import email.policy
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from warta.core.ops.ports import free_port

logger = logging.getLogger(__name__)

_STATUS = re.compile(rb"^Status:\s*([245])\.\d{1,3}\.\d{1,3}", re.MULTILINE | re.IGNORECASE)


def classify_report(raw: bytes) -> str | None:
    """'complaint' for an ARF feedback report, 'bounce' for a permanent failure (status 5.x.x,
    or a report with no status at all), None for a delay or success notice."""
    head = raw[:200_000]
    if b"feedback-report" in head.lower():
        return "complaint"
    statuses = _STATUS.findall(head)
    if not statuses:
        return "bounce"
    return "bounce" if b"5" in statuses else None


def handle_bounce(recipient: str, raw: bytes) -> str | None:
    """Process one report sent to a bounce address; returns what was done."""
    from warta.newsletters import mail, services  # Django is set up by then

    subscriber_id = mail.subscriber_from_bounce_address(recipient)
    if subscriber_id is None:
        logger.warning("mail to %s: not a bounce address of ours, dropped", recipient)
        return None
    kind = classify_report(raw)
    if kind is None:
        return None
    from django.db import connections

    try:
        services.suppress(subscriber_id, kind)
    finally:
        connections.close_all()  # this thread's own: it is one of the server's executor threads
    return kind


def is_bounce_address(address: str) -> bool:
    from django.conf import settings

    base = settings.WARTA_NEWSLETTER_BOUNCE_ADDRESS
    if not base:
        return False
    local, _, domain = base.partition("@")
    their_local, _, their_domain = address.partition("@")
    return their_local.startswith(f"{local}+") and their_domain.lower() == domain.lower()


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class MailDrop:
    """The aiosmtpd handler. `mode`: "print", "keep" or "log" (Message-IDs to `log_path`)."""

    mode: str = "keep"
    log_path: Path | None = None
    is_bounce: Callable[[str], bool] = field(default_factory=lambda: is_bounce_address)
    kept: list[Received] = field(default_factory=list)
    # Addresses refused at RCPT with 550 (a mailbox that does not exist).
    refuse: set[str] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        if address.lower() in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw: bytes = envelope.original_content or envelope.content
        bounces = [r for r in envelope.rcpt_tos if self.is_bounce(r)]
        loop = asyncio.get_running_loop()
        for recipient in bounces:
            # Django's database calls may not run in the event loop's thread.
            await loop.run_in_executor(None, handle_bounce, recipient, raw)
        if len(bounces) == len(envelope.rcpt_tos):
            return "250 OK"
        if self.mode == "log":
            message_id = _message_id(raw)
            with self._lock, self.log_path.open("a") as log:  # type: ignore[union-attr]
                log.write(f"{message_id}\n")
            return "250 OK"
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        if self.mode == "print":
            print(_console(envelope.mail_from, envelope.rcpt_tos, message), flush=True)
        else:
            with self._lock:
                self.kept.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"


def _message_id(raw: bytes) -> str:
    found = re.search(rb"^Message-ID:\s*(<[^>\r\n]+>)", raw, re.MULTILINE | re.IGNORECASE)
    return found.group(1).decode() if found else "<none>"


def _console(mail_from: str, rcpt_tos: list[str], message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain", "html"))
    text = body.get_content() if body is not None else ""
    lines = [
        "-" * 72,
        f"Mail from {mail_from} to {', '.join(rcpt_tos)}",
        *(f"{name}: {message[name]}" for name in ("Subject", "From", "To") if message[name]),
        *(
            f"{name}: {message[name]}"
            for name in ("List-Unsubscribe", "List-Unsubscribe-Post")
            if message[name]
        ),
        "",
        text.strip(),
        "-" * 72,
    ]
    return "\n".join(lines)


def start(handler: MailDrop, *, port: int = 0, host: str = "127.0.0.1") -> Controller:
    """Start the server in a thread (on a free port when `port` is 0: `controller.port`)."""
    controller = Controller(handler, hostname=host, port=port or free_port(host), ready_timeout=10)
    controller.start()
    return controller
