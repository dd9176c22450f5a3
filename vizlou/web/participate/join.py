"""Joining a session from one's own phone: the QR code on the poster, or the code typed in."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from vizlou.errors import DomainError
from vizlou.extensions import db
from vizlou.services.events import manage as session_service
from vizlou.web.common.page import page_settings
from vizlou.web.common.participant import JOINED_KEY
from vizlou.web.participate import bp


@bp.get("/j/<code>")
def join(code: str):
    return _join(code)


@bp.get("/join")
def join_page():
    code = request.args.get("code", "")
    if code:
        return _join(code)
    return render_template("participate/join.html", settings=page_settings())


def _join(code: str):
    try:
        item = session_service.by_join_code(db.session, code)
    except DomainError as error:
        return render_template("participate/join.html", error=error.render(_), code=code,
                               settings=page_settings()), 404
    if item.closed_at is not None:
        return render_template("participate/join.html", code=code, settings=page_settings(),
                               error=_("This session has ended. You can still add ideas.")), 410
    session[JOINED_KEY] = item.id
    flash(_("Welcome to %(name)s! Your ideas and votes count for this session.",
            name=item.name))
    return redirect(url_for("participate.map_page"))
