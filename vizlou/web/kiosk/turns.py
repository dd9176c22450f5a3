"""Kiosk pages: turning a tablet into a session's kiosk, its welcome screen, and leaving
kiosk mode (staff only). Whether a request comes from a kiosk: ``web.common.kiosk_state``."""

from __future__ import annotations

from flask import redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired

from vizlou.errors import N_, NotFound
from vizlou.extensions import db, limiter
from vizlou.services.people import staff
from vizlou.web.common import limits
from vizlou.web.common.kiosk_state import KIOSK_KEY, PARTICIPANT_KEY, open_event
from vizlou.web.common.page import page_settings
from vizlou.web.kiosk import bp


@bp.get("/<key>")
def start(key: str):
    """Turn this browser into the session's kiosk, and show the welcome screen. A staff login
    on this browser ends here: the next person holding the tablet is a resident."""
    item = open_event(key)
    if item is None:
        raise NotFound(N_("This kiosk link is not valid, or its session is closed."))
    logout_user()
    session[KIOSK_KEY] = key
    session.pop(PARTICIPANT_KEY, None)  # no participant carries over into kiosk mode
    session.permanent = True
    return redirect(url_for("kiosk.home"))


@bp.get("/")
def home():
    item = open_event(session.get(KIOSK_KEY))
    if item is None:
        session.pop(KIOSK_KEY, None)
        return redirect(url_for("participate.map_page"))
    return render_template("kiosk/home.html", item=item, settings=page_settings())


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
            session.pop(PARTICIPANT_KEY, None)
            login_user(user)
            return redirect(url_for("facilitate.index"))
        error = _("That email and password do not match.")
    status = 400 if request.method == "POST" else 200
    return render_template("kiosk/leave.html", form=form, error=error,
                           settings=page_settings()), status
