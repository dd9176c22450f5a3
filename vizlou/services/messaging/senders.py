"""Senders deliver a message to a phone (or an email address). ``LogSender`` is the default
and the tests' one: it writes each message to the log and keeps the last ones in memory;
``TwilioSender`` sends through Twilio's REST API; ``SmtpSender`` sends email."""

from __future__ import annotations

import logging
import smtplib
from collections import deque
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Protocol

log = logging.getLogger("vizlou.messages")


class SendFailed(Exception):
    """The message could not be handed over; the outbox keeps it to try again."""


@dataclass(frozen=True)
class Sent:
    to: str
    body: str


class Sender(Protocol):
    def send(self, to: str, body: str) -> None: ...


@dataclass
class LogSender:
    """Writes messages to the log (the number masked) and keeps the last 1,000 in ``sent``."""

    sent: deque = field(default_factory=lambda: deque(maxlen=1000))

    def send(self, to: str, body: str) -> None:
        self.sent.append(Sent(to, body))
        log.info("Message to %s: %s", mask(to), body)


@dataclass
class TwilioSender:
    account_sid: str
    auth_token: str
    from_number: str

    def send(self, to: str, body: str) -> None:
        from twilio.base.exceptions import TwilioException
        from twilio.rest import Client

        try:
            Client(self.account_sid, self.auth_token).messages.create(
                to=to, from_=self.from_number, body=body)
        except (TwilioException, OSError) as exc:
            raise SendFailed(str(exc)[:200]) from exc


@dataclass
class SmtpSender:
    host: str
    port: int
    from_address: str
    username: str = ""
    password: str = ""
    subject: str = "VizLou"

    def send(self, to: str, body: str) -> None:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.from_address, to, self.subject
        message.set_content(body)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=20) as smtp:
                if self.username:
                    smtp.starttls()
                    smtp.login(self.username, self.password)
                smtp.send_message(message)
        except (smtplib.SMTPException, OSError) as exc:
            raise SendFailed(str(exc)[:200]) from exc


def mask(address: str) -> str:
    """``+1502•••0123``: enough to tell messages apart in a log, not to call anyone."""
    if "@" in address:
        name, _, domain = address.partition("@")
        return name[:1] + "•••@" + domain
    return address[:5] + "•••" + address[-2:] if len(address) > 7 else "•••"


def from_config(config: dict) -> dict[str, Sender]:
    """The senders the settings ask for: ``{"phone": ..., "email": ...}``."""
    phone: Sender = LogSender()
    if config.get("SMS_SENDER", "log") == "twilio":
        phone = TwilioSender(config["TWILIO_ACCOUNT_SID"], config["TWILIO_AUTH_TOKEN"],
                             config["TWILIO_FROM"])
    email: Sender = LogSender()
    if config.get("EMAIL_SENDER", "log") == "smtp":
        email = SmtpSender(config["SMTP_HOST"], int(config.get("SMTP_PORT") or 587),
                           config["SMTP_FROM"], config.get("SMTP_USER", ""),
                           config.get("SMTP_PASSWORD", ""))
    return {"phone": phone, "email": email}
