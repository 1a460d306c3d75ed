"""Outgoing email: SMTP when ``MENTORHUB_MAIL_SERVER`` is set, otherwise the log."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage

from flask import current_app

log = logging.getLogger("mentorhub.mail")


@dataclass(frozen=True)
class Attachment:
    """A file attached to an email, e.g. a booking's ``.ics``."""

    filename: str
    content: bytes
    mimetype: str = "application/octet-stream"


class MailError(RuntimeError):
    """The SMTP server refused or could not be reached."""


def build_message(
    to: str,
    subject: str,
    body: str,
    attachments: tuple[Attachment, ...] = (),
    headers: Mapping[str, str] | None = None,
) -> EmailMessage:
    """A plain-text email from the configured sender; ``headers`` are added as they are
    (e.g. ``List-Unsubscribe``)."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    for item in attachments:
        maintype, _, subtype = item.mimetype.partition("/")
        message.add_attachment(
            item.content, maintype=maintype, subtype=subtype or "octet-stream", filename=item.filename
        )
    return message


def send_mail(
    to: str,
    subject: str,
    body: str,
    attachments: tuple[Attachment, ...] = (),
    headers: Mapping[str, str] | None = None,
) -> None:
    """Send an email now; raises :class:`MailError` if the SMTP server fails."""
    message = build_message(to, subject, body, attachments, headers)
    config = current_app.config
    server = config.get("MAIL_SERVER")
    if not server:
        log.info("email (no MAIL_SERVER set, logged instead)\nTo: %s\nSubject: %s\n\n%s", to, subject, body)
        return
    smtp_class = smtplib.SMTP_SSL if config.get("MAIL_USE_SSL") else smtplib.SMTP
    try:
        with smtp_class(server, int(config.get("MAIL_PORT") or 25), timeout=config.get("MAIL_TIMEOUT", 10)) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        log.error("could not send email to %s: %s", to, exc)
        raise MailError(str(exc)) from exc
