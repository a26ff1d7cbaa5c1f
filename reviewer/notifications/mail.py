"""Plain SMTP delivery (smtplib). Used only when MAIL_SERVER is configured.

Settings: MAIL_SERVER, MAIL_PORT (25), MAIL_SENDER, and optionally MAIL_USE_TLS (STARTTLS),
MAIL_USERNAME, MAIL_PASSWORD.
"""
from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Mapping

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MailSettings:
    server: str
    port: int = 25
    sender: str = "pingcha@court.local"
    use_tls: bool = False
    username: str | None = None
    password: str | None = None

    @classmethod
    def from_config(cls, config: Mapping) -> "MailSettings | None":
        if not config.get("MAIL_SERVER"):
            return None
        return cls(server=config["MAIL_SERVER"], port=int(config.get("MAIL_PORT") or 25),
                   sender=config.get("MAIL_SENDER") or cls.sender,
                   use_tls=bool(config.get("MAIL_USE_TLS")), username=config.get("MAIL_USERNAME"),
                   password=config.get("MAIL_PASSWORD"))


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


def send(settings: MailSettings, mails: list[Mail]) -> list[Mail]:
    """Send the mails over one SMTP connection; returns those the server accepted. Never raises:
    mail is a courtesy copy of an in-site notification, so a failure is logged and skipped."""
    sent: list[Mail] = []
    if not mails:
        return sent
    try:
        with smtplib.SMTP(settings.server, settings.port, timeout=10) as smtp:
            if settings.use_tls:
                smtp.starttls()
            if settings.username:
                smtp.login(settings.username, settings.password or "")
            for mail in mails:
                message = EmailMessage()
                message["From"] = settings.sender
                message["To"] = mail.to
                message["Subject"] = mail.subject
                message.set_content(mail.body)
                try:
                    smtp.send_message(message)
                    sent.append(mail)
                except smtplib.SMTPException:
                    log.exception("mail to %s refused", mail.to)
    except (OSError, smtplib.SMTPException):
        log.exception("cannot deliver mail via %s:%s", settings.server, settings.port)
    return sent
