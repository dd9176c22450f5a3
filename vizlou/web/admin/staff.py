"""Staff management on screen; the ``users`` CLI does the same from a terminal."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from vizlou.errors import DomainError, rollback
from vizlou.extensions import db
from vizlou.models import ROLES
from vizlou.services.people import invites
from vizlou.services.people import staff as users
from vizlou.web.admin import bp
from vizlou.web.common import labels
from vizlou.web.common.forms import flash_errors
from vizlou.web.common.staff import current_actor


def _page(status: int = 200, **context):
    return render_template("admin/staff.html", users=users.list_users(db.session), roles=ROLES,
                           invited=invites.invited, **context), status


@bp.get("/staff")
def staff():
    return _page()


@bp.post("/staff/invite")
def invite():
    """The link is shown once, on this page (never stored in clear, never in a cookie)."""
    try:
        user, token = invites.invite(db.session, request.form.get("email", ""),
                                     request.form.get("role", ""), current_actor())
    except DomainError as error:
        rollback()
        return _page(400, error=error.render(_), values=request.form)
    link = url_for("auth.accept_invite", token=token, _external=True)
    return _page(201, link=link, invited_email=user.email)


@bp.post("/staff/<id:user_id>/role")
def change_role(user_id: int):
    with flash_errors():
        user = invites.set_role(db.session, user_id, request.form.get("role"), current_actor())
        flash(_("%(email)s is now: %(role)s.", email=user.email, role=labels.ROLE[user.role]))
    return redirect(url_for("admin.staff"))


@bp.post("/staff/<id:user_id>/active")
def change_active(user_id: int):
    active = request.form.get("active") == "1"
    with flash_errors():
        user = invites.set_active(db.session, user_id, active, current_actor())
        flash(_("%(email)s can log in again.", email=user.email) if active else
              _("%(email)s can no longer log in.", email=user.email))
    return redirect(url_for("admin.staff"))
