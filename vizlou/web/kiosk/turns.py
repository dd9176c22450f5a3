"""Kiosk pages: turning a tablet into a session's kiosk, its welcome screen, and leaving
kiosk mode (staff only). Whether a request comes from a kiosk: ``web.common.kiosk_state``."""

from __future__ import annotations

from flask import redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from vizlou.errors import N_, NotFound
from vizlou.extensions import limiter
from vizlou.web.common import participant
from vizlou.web.common.forms import STAFF_FORM_LIMIT, StaffLoginForm, staff_of
from vizlou.web.common.kiosk_state import KIOSK_KEY, open_event
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
    participant.forget()  # no participant carries over into kiosk mode
    session.permanent = True
    return redirect(url_for("kiosk.home"))


@bp.get("/")
def home():
    item = open_event(session.get(KIOSK_KEY))
    if item is None:
        session.pop(KIOSK_KEY, None)
        return redirect(url_for("participate.map_page"))
    return render_template("kiosk/home.html", item=item, settings=page_settings())


@bp.route("/leave", methods=["GET", "POST"])
@limiter.limit(STAFF_FORM_LIMIT, methods=["POST"])
def leave():
    """Leave kiosk mode: a facilitator (or any staff) types their password, so that a resident
    at the tablet cannot. They are then logged in on it."""
    form = StaffLoginForm()
    error = None
    if form.validate_on_submit():
        user = staff_of(form)
        if user is not None:
            session.pop(KIOSK_KEY, None)
            participant.forget()
            login_user(user)
            return redirect(url_for("facilitate.index"))
        error = _("That email and password do not match.")
    status = 400 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form, error=error,
                           heading=_("Leave kiosk mode"),
                           lead=_("For the facilitator: log in to turn this tablet back into a "
                                  "normal one."), button=_("Leave kiosk mode"),
                           settings=page_settings()), status
