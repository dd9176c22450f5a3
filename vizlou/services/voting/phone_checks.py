"""Checking that a voter holds a phone number (questions whose voters are told apart by
phone): a six-digit code is texted to the number, valid for 10 minutes and 5 tries. Only
keyed hashes of the number and of the code are kept; the number itself is only passed on
to the sender. A phone that texted STOP gets no code."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from vizlou.errors import N_, InvalidInput
from vizlou.models import PhoneCheck, SmsConversation
from vizlou.services.messaging import phones

VALID_FOR = timedelta(minutes=10)
MAX_TRIES = 5


@dataclass(frozen=True)
class CodeToSend:
    check_id: int
    phone: str  # normalised, to hand to the sender; never stored
    code: str


def start(session: Session, number: object, key: bytes, now: datetime) -> CodeToSend:
    phone = phones.normalise(number)
    digest = phones.phone_hash(phone, key)
    stopped = session.scalar(select(SmsConversation.stopped_at)
                             .where(SmsConversation.phone_hash == digest))
    if stopped is not None:
        raise InvalidInput(N_("This phone said STOP to our texts. Text START to us first, "
                              "then ask for a code again."), field="phone")
    code = f"{secrets.randbelow(10 ** 6):06d}"
    check = PhoneCheck(phone_hash=digest, code_hash=_code_hash(digest, code, key),
                       expires_at=now + VALID_FOR, attempts=0, created_at=now)
    session.add(check)
    session.flush()
    return CodeToSend(check.id, phone, code)


def spend_try(session: Session, check_id: object, now: datetime) -> PhoneCheck:
    """Count one try at the check's code (commit it before checking the code, so that a
    wrong code still counts); InvalidInput once it has expired or its tries are spent."""
    check = session.scalar(select(PhoneCheck).where(PhoneCheck.id == check_id)
                           .with_for_update()) if isinstance(check_id, int) else None
    if check is None or check.expires_at < now or check.attempts >= MAX_TRIES:
        raise InvalidInput(N_("That code has expired. Ask for a new one."), field="code")
    check.attempts += 1
    return check


def confirm(session: Session, check: PhoneCheck, code: object, key: bytes,
            now: datetime) -> str:
    """The phone's hash when ``code`` is the one sent for this check; else InvalidInput."""
    typed = "".join(str(code or "").split())
    if not hmac.compare_digest(check.code_hash, _code_hash(check.phone_hash, typed, key)):
        raise InvalidInput(N_("That is not the code we sent. Check it and try again."),
                           field="code")
    check.checked_at = now
    return check.phone_hash


def _code_hash(phone_hash: str, code: str, key: bytes) -> str:
    return hmac.new(key, f"check:{phone_hash}:{code}".encode(), hashlib.sha256).hexdigest()
