"""Kiosk mode: a shared tablet in a facilitated session.

The facilitator opens the session's kiosk link, which carries a key signed with the app's
secret. The tablet then marks every write with that key (the ``X-Kiosk`` header), so its
contributions count for the session with the channel ``kiosk``; nobody without the link
can pass writes off as a session's. Pages shown in kiosk mode never show the state of a
participant (no ballot ticked, no "supported"): each person's turn lives only in the
page's script, and "Done, next person" or two idle minutes start a fresh one.
"""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, URLSafeSerializer
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired

from vizlou.errors import N_, NotFound
from vizlou.extensions import db, limiter
from vizlou.models import Area, Event
from vizlou.services.people import staff
from vizlou.services.values import Origin
from vizlou.web import limits

HEADER = "X-Kiosk"
KIOSK_KEY = "kiosk"  # in the signed session cookie: this browser is a kiosk

bp = Blueprint("kiosk", __name__)


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


def _open_session(key: str | None) -> Event | None:
    session_id = session_of_key(key)
    item = db.session.get(Event, session_id) if session_id else None
    return item if item is not None and item.closed_at is None else None


def current_key() -> str | None:
    """The kiosk key of this request: the header of a queued write, else the cookie."""
    return request.headers.get(HEADER) or session.get(KIOSK_KEY)


def in_kiosk_mode() -> bool:
    return bool(session.get(KIOSK_KEY))


def kiosk_origin(language: str) -> Origin | None:
    item = _open_session(current_key())
    if item is None:
        return None
    return Origin(channel="kiosk", event_id=item.id, language=language)


TILE_ZOOMS = (12, 16)
VENUE_MARGIN = 0.01  # degrees around a venue without an area, about 1 km


def offline_kit() -> dict | None:
    """What a kiosk keeps for offline use: its pages and the map tiles of its area."""
    item = _open_session(session.get(KIOSK_KEY))
    if item is None:
        return None
    pages = [url_for("kiosk.home"), url_for("participate.map_page"),
             url_for("participate.add_page"), url_for("participate.offline_page")]
    pages += [url_for("participate.question_page", question_id=q.id) for q in item.questions]
    bbox = None
    if item.area_id is not None:
        area = db.session.get(Area, item.area_id)
        bbox = list(area.geom.bounds) if area is not None else None
    if bbox is None and item.venue_lon is not None:
        bbox = [item.venue_lon - VENUE_MARGIN, item.venue_lat - VENUE_MARGIN,
                item.venue_lon + VENUE_MARGIN, item.venue_lat + VENUE_MARGIN]
    city = current_app.config["CITY"]
    tiles = {"url": city.tile_url, "bbox": bbox, "zooms": list(TILE_ZOOMS)} \
        if bbox and city.tile_url else None
    return {"pages": pages, "tiles": tiles, "bbox": bbox, "session": item.name}


@bp.get("/<key>")
def start(key: str):
    """Turn this browser into the session's kiosk, and show the welcome screen. A staff login
    on this browser ends here: the next person holding the tablet is a resident."""
    item = _open_session(key)
    if item is None:
        raise NotFound(N_("This kiosk link is not valid, or its session is closed."))
    logout_user()
    session[KIOSK_KEY] = key
    session.pop("p", None)  # no participant carries over into kiosk mode
    session.permanent = True
    return redirect(url_for("kiosk.home"))


def kiosk_page_settings() -> dict:
    from vizlou.web.participate.context import page_settings

    return page_settings()


@bp.get("/")
def home():
    item = _open_session(session.get(KIOSK_KEY))
    if item is None:
        session.pop(KIOSK_KEY, None)
        return redirect(url_for("participate.map_page"))
    return render_template("kiosk/home.html", item=item, settings=kiosk_page_settings())


class LeaveForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


@bp.route("/leave", methods=["GET", "POST"])
@limiter.limit("10 per minute; 50 per hour", methods=["POST"])
def leave():
    """Leave kiosk mode: a facilitator (or any staff) types their password, so that a resident
    at the tablet cannot. They are then logged in on it."""
    form = LeaveForm()
    error = None
    if form.validate_on_submit():
        limits.login_attempt(form.email.data)
        user = staff.authenticate(db.session, form.email.data, form.password.data)
        if user is not None:
            session.pop(KIOSK_KEY, None)
            session.pop("p", None)
            login_user(user)
            return redirect(url_for("facilitate.index"))
        error = _("That email and password do not match.")
    status = 400 if request.method == "POST" else 200
    return render_template("kiosk/leave.html", form=form, error=error,
                           settings=kiosk_page_settings()), status
