"""Sessions: the list, create, edit, close, and what a facilitator hands out (join code, QR
code, kiosk link, printable poster)."""

from __future__ import annotations

import io

import segno
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from vizlou.extensions import db
from vizlou.services.events import manage as session_service
from vizlou.services.voting import questions as question_service
from vizlou.web.common.forms import flash_errors
from vizlou.web.common.kiosk_state import kiosk_key
from vizlou.web.common.page import city, main_areas, map_config, page_settings
from vizlou.web.common.staff import current_actor
from vizlou.web.facilitate import bp, own_session
from vizlou.web.facilitate.forms import SessionEditForm


def _form(item=None) -> SessionEditForm:
    form = SessionEditForm(obj=None)
    form.area.choices = [("", _("Choose one (optional)…"))] + [(str(i), n)
                                                                 for i, n in main_areas()]
    form.questions.choices = [(q.id, q.title) for q in
                              question_service.list_questions(db.session)]
    if item is not None and request.method == "GET":
        form.name.data, form.venue.data, form.notes.data = item.name, item.venue, item.notes
        form.starts_at.data, form.ends_at.data = item.starts_at, item.ends_at
        form.area.data = str(item.area_id or "")
        form.lat.data, form.lon.data = item.venue_lat, item.venue_lon
        form.questions.data = [q.id for q in item.questions]
    elif item is None and request.method == "GET":
        form.questions.data = [q.id for q in question_service.list_questions(db.session)]
    return form


def join_url(item) -> str:
    return url_for("participate.join", code=item.join_code, _external=True)


def kiosk_url(item) -> str:
    return url_for("kiosk.start", key=kiosk_key(item.id), _external=True)


@bp.get("/")
def index():
    """A facilitator's own sessions (and those they help run); planners and admins see all."""
    mine_only = current_user.role not in session_service.SEE_ALL
    items = session_service.list_sessions(db.session, current_user.id if mine_only else None)
    return render_template("facilitate/index.html", sessions=items, mine_only=mine_only)


@bp.route("/sessions/new", methods=["GET", "POST"])
def new_session():
    form = _form()
    if form.validate_on_submit():
        with flash_errors():
            value = form.to_value()
            item = session_service.create_session(
                db.session, name=value.name, venue=value.venue, lon=value.lon, lat=value.lat,
                starts_at=value.starts_at, ends_at=value.ends_at, notes=value.notes,
                area_id=value.area_id, question_ids=value.question_ids,
                facilitator_id=current_user.id, actor=current_actor())
            flash(_("Session ready. Its join code is %(code)s.", code=item.join_code))
            return redirect(url_for("facilitate.session_page", session_id=item.id))
    status = 400 if request.method == "POST" else 200
    return render_template("facilitate/edit.html", form=form, item=None,
                           settings=page_settings(map=map_config(current_app))), status


@bp.get("/sessions/<id:session_id>")
def session_page(session_id: int):
    item = own_session(session_id)
    return render_template("facilitate/session.html", item=item, join_url=join_url(item),
                           kiosk_url=kiosk_url(item), city=city(),
                           counts=session_service.counts_by_channel(db.session, item))


@bp.route("/sessions/<id:session_id>/edit", methods=["GET", "POST"])
def edit_session(session_id: int):
    item = own_session(session_id)
    form = _form(item)
    if form.validate_on_submit():
        with flash_errors():
            session_service.update_session(db.session, item, form.to_value(), current_actor())
            flash(_("Saved."))
            return redirect(url_for("facilitate.session_page", session_id=item.id))
    status = 400 if request.method == "POST" else 200
    return render_template("facilitate/edit.html", form=form, item=item,
                           settings=page_settings(map=map_config(current_app))), status


@bp.post("/sessions/<id:session_id>/close")
def close(session_id: int):
    item = own_session(session_id)
    if request.form.get("reopen") == "1":
        session_service.reopen_session(db.session, item, current_actor())
        flash(_("The session is open again."))
    else:
        session_service.close_session(db.session, item, current_actor())
        flash(_("The session is closed. Its kiosks no longer take contributions."))
    return redirect(url_for("facilitate.session_page", session_id=item.id))


@bp.get("/sessions/<id:session_id>/qr.svg")
def qr_code(session_id: int):
    item = own_session(session_id)
    buffer = io.BytesIO()
    segno.make(join_url(item), error="m").save(
        buffer, kind="svg", scale=10, border=2, xmldecl=False,
        title=_("QR code to join %(name)s", name=item.name))
    return buffer.getvalue(), 200, {"Content-Type": "image/svg+xml"}


@bp.get("/sessions/<id:session_id>/poster")
def poster(session_id: int):
    item = own_session(session_id)
    join_page = url_for("participate.join_page", _external=True).split("://", 1)[-1]
    return render_template("facilitate/poster.html", item=item, join_page=join_page,
                           city=city(), lines=poster_lines(item, join_page))


def poster_lines(item, join_page: str) -> list[tuple[str, dict[str, str]]]:
    """The poster's sentences in each of the city's languages, the default first (and no
    other: an English-only city's poster has no Spanish)."""
    here = city()
    out = []
    for code in sorted(here.languages, key=lambda c: c != here.default_language):
        with force_locale(code):
            out.append((code, {
                "share": _("Share your ideas for %(city)s!", city=here.name),
                "scan": _("Scan the code with your phone camera, or go to %(page)s and type:",
                          page=join_page),
                "sms": _("No data? Text IDEA and your idea to %(number)s, then %(code)s.",
                         number=here.sms_number, code=item.poster_code)}))
    return out
