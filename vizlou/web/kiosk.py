"""Kiosk writes: a tablet in a facilitated session marks its writes with the session.

The kiosk page carries a key signed with the app's secret (``kiosk_key``); queued
writes send it in the ``X-Kiosk`` header, so nobody can pass their writes off as
a session's without the facilitator's kiosk link.
"""

from __future__ import annotations

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

from vizlou.extensions import db
from vizlou.models import Session
from vizlou.services.values import Origin

HEADER = "X-Kiosk"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="vizlou-kiosk")


def kiosk_key(session_id: int) -> str:
    return _serializer().dumps(session_id)


def session_of_key(key: str | None) -> int | None:
    if not key:
        return None
    try:
        value = _serializer().loads(key)
    except BadSignature:
        return None
    return value if isinstance(value, int) else None


def kiosk_origin(language: str) -> Origin | None:
    session_id = session_of_key(request.headers.get(HEADER))
    if session_id is None:
        return None
    item = db.session.get(Session, session_id)
    if item is None or item.closed_at is not None:
        return None
    return Origin(channel="kiosk", session_id=item.id, language=language)
