"""Rate limits on anonymous writes, from the city file's ``[limits]`` (SPEC §5).

Every anonymous write counts against its participant and its client address; a new
participant also counts against the address, so that a script making a fresh participant for
every ballot is slowed to ``new_per_address``; a session's kiosks and the phones that joined
the session with its code count against the session instead (``per_session``): a room full
of people on one Wi-Fi is expected there. Past a limit the answer is 429 with Retry-After,
which the app's offline queue waits for before sending again: slowed, never refused.

Addresses are kept only as keyed hashes, in Flask-Limiter's storage: memory in one process,
or Redis for several when ``RATELIMIT_STORAGE_URI`` says so.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from functools import lru_cache

from flask import current_app, request
from limits import RateLimitItem, parse_many

from vizlou.errors import N_, DomainError
from vizlou.extensions import limiter


class TooMany(DomainError):
    status = 429
    code = "too_many"

    def __init__(self, retry_after: int) -> None:
        super().__init__(N_("Too many at once from here. Please try again in %(n)s seconds; "
                            "the app does it for you."), n=retry_after)
        self.retry_after = retry_after


@lru_cache(maxsize=64)
def _items(spec: str) -> tuple[RateLimitItem, ...]:
    return () if spec.lower() == "none" else tuple(parse_many(spec))


def address_key() -> str:
    """The client's address as a keyed hash (never stored as it is)."""
    address = (request.remote_addr or "unknown").encode()
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, b"address:" + address, hashlib.sha256).hexdigest()[:32]


def _hit(setting: str, *identifiers: str) -> None:
    """Count one against every limit of ``setting`` for these identifiers; TooMany (and
    nothing counted) when any of them is spent."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return
    strategy = limiter.limiter
    items = _items(current_app.config["CITY"].limits[setting])
    spent = [item for item in items if not strategy.test(item, setting, *identifiers)]
    if spent:
        wait = max(strategy.get_window_stats(item, setting, *identifiers).reset_time
                   for item in spent) - time.time()
        raise TooMany(max(1, math.ceil(wait)))
    for item in items:
        strategy.hit(item, setting, *identifiers)


def anonymous_write(token: str, event_id: int | None, new: bool) -> None:
    """Before an anonymous write by the participant of ``token`` (``new``: not seen before);
    ``event_id``: the session of a kiosk or of a phone that joined with the session's code."""
    if event_id is not None:
        _hit("per_session", str(event_id))
    else:
        _hit("per_address", address_key())
        if new:
            _hit("new_per_address", address_key())
    _hit("per_participant", hashlib.sha256(token.encode()).hexdigest()[:32])


def text_message(phone_hash: str) -> None:
    """Before answering a text message: each phone has its own limit (``per_phone``)."""
    _hit("per_phone", phone_hash[:32])


def login_attempt(email: str) -> None:
    """Before checking a staff login: each account has its own limit, wherever the attempts
    come from (the login page also limits each address)."""
    account = hmac.new(current_app.config["SECRET_KEY"].encode(),
                       b"login:" + (email or "").strip().lower().encode(),
                       hashlib.sha256).hexdigest()[:32]
    _hit("login_per_account", account)
