"""A voter's phone, checked by a code texted to it, for questions whose voters are told
apart by phone number. What is kept in the signed session cookie: the check's id while the
code is awaited, then the phone's keyed hash (never the number) for a day."""

from __future__ import annotations

import time

from flask import current_app, session
from flask_babel import gettext as _

from vizlou.errors import N_, InvalidInput
from vizlou.extensions import db
from vizlou.models.types import utcnow
from vizlou.services.messaging import phones
from vizlou.services.voting import phone_checks
from vizlou.web.common import limits
from vizlou.web.common.kiosk_state import KIOSK_KEY
from vizlou.web.common.news import phone_key
from vizlou.web.transactions import on_commit

CHECK_KEY, PHONE_KEY = "phone_check", "phone"
KEEP_FOR = 24 * 3600


def checked_phone() -> str | None:
    """The keyed hash of the phone this browser proved it holds, if still fresh. Never on a
    shared kiosk tablet: the next person must not vote with the last one's phone."""
    if session.get(KIOSK_KEY):
        return None
    kept = session.get(PHONE_KEY)
    if isinstance(kept, dict) and kept.get("until", 0) > time.time():
        return kept.get("hash")
    return None


def state() -> str:
    """``checked``, ``code_sent`` (a code awaits), ``kiosk`` (not on a shared tablet) or
    ``none``."""
    if session.get(KIOSK_KEY):
        return "kiosk"
    if checked_phone():
        return "checked"
    return "code_sent" if session.get(CHECK_KEY) else "none"


def send_code(number: object) -> None:
    if session.get(KIOSK_KEY):
        raise InvalidInput(N_("On a shared tablet, vote on this question from your own phone."),
                           field="phone")

    limits.text_message(phones.phone_hash(phones.normalise(number), phone_key()))
    city = current_app.config["CITY"]
    code = phone_checks.start(db.session, number, phone_key(), utcnow())
    body = _("Your code to vote in %(city)s: %(code)s. It works for 10 minutes.",
             city=city.short_name, code=code.code)
    sender = current_app.extensions["vizlou.senders"]["phone"]
    on_commit(lambda: sender.send(code.phone, body))
    session[CHECK_KEY] = code.check_id


def check_code(code: object) -> None:
    check = phone_checks.spend_try(db.session, session.get(CHECK_KEY), utcnow())
    db.session.commit()  # the try counts even when the code is wrong (and rolled back)
    digest = phone_checks.confirm(db.session, check, code, phone_key(), utcnow())
    session.pop(CHECK_KEY, None)
    session[PHONE_KEY] = {"hash": digest, "until": int(time.time()) + KEEP_FOR}


def forget() -> None:
    session.pop(CHECK_KEY, None)
    session.pop(PHONE_KEY, None)
