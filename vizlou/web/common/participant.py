"""Who is taking part: an anonymous participant known only by a random token.

No account and no personal data. Pages that work without JavaScript keep the token in its
own cookie (``COOKIE``: HttpOnly, SameSite=Lax; their forms carry CSRF tokens). It is not
kept in the session cookie: a response to a request that started before the token was
given (the service worker fetching pages, say) would send the older session back and drop
it. The API takes the token
from the ``X-Participant`` header only, never from a cookie: a write queued offline
keeps its author even after a kiosk has moved on to the next person, and another site
cannot make a resident's browser act for them (it cannot know the token).
"""

from __future__ import annotations

import re

from flask import after_this_request, current_app, g, request, session
from flask_babel import get_locale

from vizlou.errors import N_, InvalidInput
from vizlou.extensions import db
from vizlou.models import Participant
from vizlou.services.people import participants
from vizlou.services.values import Origin
from vizlou.web.common import limits
from vizlou.web.common.kiosk_state import in_kiosk_mode, kiosk_origin

JOINED_KEY = "joined"  # the session a resident joined with its code or QR code
HEADER = "X-Participant"
TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
COOKIE = "vizlou_participant"


def _set_cookie(token: str | None) -> None:
    """Write (or with ``None`` delete) the participant cookie on this request's response;
    the rest of this request already sees it."""
    g.participant_token = token
    @after_this_request
    def write(response):
        config = current_app.config
        if token is None:
            response.delete_cookie(COOKIE, path="/")
        else:
            response.set_cookie(
                COOKIE, token, max_age=int(config["PERMANENT_SESSION_LIFETIME"].total_seconds()),
                path="/", httponly=True, samesite="Lax",
                secure=bool(config.get("SESSION_COOKIE_SECURE")))
        return response


def forget() -> None:
    """This browser no longer speaks for its participant (a tablet turned into a kiosk)."""
    if request.cookies.get(COOKIE):
        _set_cookie(None)


def language() -> str:
    return str(get_locale() or "en")


def origin() -> Origin:
    """Where a write comes from: a kiosk (its signed key), a phone that joined a session with
    its code, or the web."""
    kiosk = kiosk_origin(language())
    if kiosk is not None:
        return kiosk
    joined = session.get(JOINED_KEY)
    return Origin(channel="web", event_id=joined if isinstance(joined, int) else None,
                  language=language())


def token_key() -> bytes:
    """The key of the participants' token hashes (see ``services.people.participants``)."""
    return current_app.config["SECRET_KEY"].encode()


def _get_or_create(token: str | None, create: bool) -> Participant | None:
    """The participant of ``token``; with ``create`` (a write), created when new, and the
    write counted against the rate limits first (``web.limits``)."""
    participant = participants.find(db.session, token, key=token_key())
    if not create:
        return participant
    where = origin()
    token = token or participants.new_token()
    limits.anonymous_write(token, where.event_id, new=participant is None)
    if participant is None:
        participant = participants.create(
            db.session, token, key=token_key(), channel=where.channel,
            event_id=where.event_id, language=where.language)
    return participant


def api_participant(create: bool = False) -> Participant | None:
    """The participant named by the ``X-Participant`` header (created on first use)."""
    token = request.headers.get(HEADER)
    if token is None:
        if create:
            raise InvalidInput(N_("Send the participant token in the X-Participant header."),
                               field=HEADER, code="participant_required")
        return None
    if not TOKEN.match(token):
        raise InvalidInput(N_("The participant token must be 16 to 64 letters, digits, - or _."),
                           field=HEADER)
    participant = _get_or_create(token, create)
    if participant is not None and not in_kiosk_mode() and page_token() != token:
        _set_cookie(token)  # pages rendered later show this participant's state
    return participant


def page_token() -> str | None:
    """The participant token of this browser's cookie (none on a kiosk)."""
    if in_kiosk_mode():
        return None
    if "participant_token" in g:
        return g.participant_token
    token = request.cookies.get(COOKIE)
    return token if token and TOKEN.match(token) else None


def page_participant(create: bool = False) -> Participant | None:
    """The participant of this browser's cookie (for pages and their forms). On a kiosk,
    pages show nobody's state and a form sent without the page's script is a new person's:
    a new person may be holding the tablet."""
    if in_kiosk_mode():
        return _get_or_create(None, True) if create else None
    token = page_token() or (participants.new_token() if create else None)
    participant = _get_or_create(token, create)
    if participant is not None and page_token() != token:
        _set_cookie(token)
    return participant
