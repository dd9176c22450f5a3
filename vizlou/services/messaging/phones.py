"""Phone numbers: normalised, hashed with a secret pepper, and sealed for sending.

The hash (HMAC-SHA256 keyed with the pepper) finds a phone's conversation and participant
again without keeping the number; the sealed copy (Fernet: AES and an HMAC, with a key
derived from the pepper) is the only readable one, kept only for a resident who asked to
hear back and deleted with their contact.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

from cryptography.fernet import Fernet, InvalidToken

from vizlou.errors import N_, InvalidInput

_NOT_DIGITS = re.compile(r"[^\d+]")


def pepper(secret_key: str, phone_pepper: str = "") -> bytes:
    """The key of every phone hash: PHONE_PEPPER when set, else derived from SECRET_KEY."""
    base = phone_pepper or secret_key
    return hmac.new(base.encode(), b"vizlou phone pepper", hashlib.sha256).digest()


def normalise(number: object) -> str:
    """``+15025551234`` from what a person or Twilio writes: spaces, dashes, brackets and
    dots go; a number without a country code is refused (the country is not guessed)."""
    if not isinstance(number, str):
        raise InvalidInput(N_("Write the phone number with its country code, like "
                              "+1 502 555 0123."), field="phone")
    plain = _NOT_DIGITS.sub("", number.strip())
    if plain.startswith("00"):
        plain = "+" + plain[2:]
    if not re.fullmatch(r"\+[1-9]\d{6,14}", plain):
        raise InvalidInput(N_("Write the phone number with its country code, like "
                              "+1 502 555 0123."), field="phone")
    return plain


def phone_hash(number: str, key: bytes) -> str:
    return hmac.new(key, b"phone:" + normalise(number).encode(), hashlib.sha256).hexdigest()


def address_hash(kind: str, address: str, key: bytes) -> str:
    """The keyed hash of any contact address (a phone number or an email address)."""
    if kind == "phone":
        return phone_hash(address, key)
    return hmac.new(key, b"email:" + address.strip().casefold().encode(),
                    hashlib.sha256).hexdigest()


def _fernet(key: bytes) -> Fernet:
    derived = hmac.new(key, b"sealed contact", hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


def seal(address: str, key: bytes) -> bytes:
    return _fernet(key).encrypt(address.encode())


def unseal(sealed: bytes, key: bytes) -> str | None:
    """The address, or None when it was sealed under another key (the pepper changed)."""
    try:
        return _fernet(key).decrypt(bytes(sealed)).decode()
    except InvalidToken:
        return None
