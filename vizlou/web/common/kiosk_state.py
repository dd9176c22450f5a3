"""Kiosk mode: a shared tablet in a facilitated session.

The facilitator opens the session's kiosk link, which carries a key signed with the app's
secret. The tablet then marks every write with that key (the ``X-Kiosk`` header), so its
contributions count for the session with the channel ``kiosk``; nobody without the link
can pass writes off as a session's. Pages shown in kiosk mode never show the state of a
participant (no ballot ticked, no "supported"): each person's turn lives only in the
page's script, and "Done, next person" or two idle minutes start a fresh one.

This module knows whether a request comes from a kiosk; ``web/kiosk`` holds its pages.
"""

from __future__ import annotations

from flask import current_app, request, session, url_for
from itsdangerous import BadSignature, URLSafeSerializer

from vizlou.extensions import db
from vizlou.models import Event
from vizlou.services.events import manage
from vizlou.services.values import Origin

HEADER = "X-Kiosk"
KIOSK_KEY = "kiosk"  # in the signed session cookie: this browser is a kiosk


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="vizlou-kiosk")


def kiosk_key(event_id: int) -> str:
    return _serializer().dumps(event_id)


def event_of_key(key: str | None) -> int | None:
    if not key:
        return None
    try:
        value = _serializer().loads(key)
    except BadSignature:
        return None
    return value if isinstance(value, int) else None


def open_event(key: str | None) -> Event | None:
    """The session of a kiosk key, while it is open."""
    return manage.open_session(db.session, event_of_key(key))


def current_key() -> str | None:
    """The kiosk key of this request: the header of a queued write, else the cookie."""
    return request.headers.get(HEADER) or session.get(KIOSK_KEY)


def in_kiosk_mode() -> bool:
    return bool(session.get(KIOSK_KEY))


def kiosk_origin(language: str) -> Origin | None:
    item = open_event(current_key())
    if item is None:
        return None
    return Origin(channel="kiosk", event_id=item.id, language=language)


def offline_kit() -> dict | None:
    """What a kiosk keeps for offline use: its pages and the map tiles of its area."""
    item = open_event(session.get(KIOSK_KEY))
    if item is None:
        return None
    pages = [url_for("kiosk.home"), url_for("participate.map_page"),
             url_for("participate.add_page"), url_for("participate.offline_page")]
    pages += [url_for("participate.question_page", question_id=q.id) for q in item.questions]
    bbox = manage.tile_bbox(db.session, item)
    city = current_app.config["CITY"]
    tiles = {"url": city.tile_url, "bbox": bbox, "zooms": list(manage.TILE_ZOOMS)} \
        if bbox and city.tile_url else None
    return {"pages": pages, "tiles": tiles, "bbox": bbox, "session": item.name}
