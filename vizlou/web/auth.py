"""Staff login under /auth: facilitators, planners and admins. Residents never log in."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired

from vizlou.errors import DomainError
from vizlou.extensions import db, limiter
from vizlou.models.types import utcnow
from vizlou.services.people import invites
from vizlou.services.people import staff as users
from vizlou.web.common.forms import STAFF_FORM_LIMIT, StaffLoginForm, staff_of
from vizlou.web.common.staff import current_actor
from vizlou.web.i18n import safe_next

bp = Blueprint("auth", __name__)

# Which roles may use which audience's pages; admins may do everything.
ROLE_HOMES = {"admin": "plan.dashboard", "planner": "plan.dashboard",
              "facilitator": "facilitate.index"}


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(STAFF_FORM_LIMIT, methods=["POST"])
def login():
    form = StaffLoginForm()
    error = None
    if form.validate_on_submit():
        user = staff_of(form)
        if user is not None:
            login_user(user)
            user.last_login_at = utcnow()
            target = request.args.get("next")
            home = ROLE_HOMES.get(user.role, "participate.map_page")
            if home not in _endpoints():
                home = "participate.map_page"
            return redirect(safe_next(target) if target else url_for(home))
        error = _("That email and password do not match.")
    status = 400 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form, error=error, heading=_("Staff login"),
                           lead=_("For facilitators and planners. Residents do not need an "
                                  "account."), button=_("Log in")), status


@bp.post("/logout")
def logout():
    """Log out here, and everywhere else this user is logged in."""
    if current_user.is_authenticated:
        users.end_logins(current_user)
    logout_user()
    return redirect(url_for("participate.map_page"))


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Your password now"), validators=[DataRequired()])
    new = PasswordField(_l("The new password (10 characters or more)"),
                        validators=[DataRequired()])


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change one's own password; every other login of the user ends."""
    form = PasswordForm()
    error = None
    if form.validate_on_submit():
        if users.authenticate(db.session, current_user.email, form.current.data) is None:
            error = _("Your password now is not right.")
        else:
            try:
                user = users.set_password(db.session, current_user.email, form.new.data,
                                          current_actor())
            except DomainError as problem:
                error = problem.render(_)
            else:
                login_user(user)  # this login goes on, with the new version
                flash(_("Your password is changed. You are logged out everywhere else."))
                return redirect(url_for(ROLE_HOMES.get(user.role, "participate.map_page")))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/password.html", form=form, error=error), status


class InviteForm(FlaskForm):
    new = PasswordField(_l("Your password (10 characters or more)"),
                        validators=[DataRequired()])


@bp.route("/invite/<token>", methods=["GET", "POST"])
@limiter.limit(STAFF_FORM_LIMIT, methods=["POST"])
def accept_invite(token: str):
    """An admin's one-time link: the new staff member sets a password and is logged in."""
    user = invites.invitation(db.session, token)  # a link that does not work is a 404 or 400
    form = InviteForm()
    error = None
    if form.validate_on_submit():
        try:
            user = invites.accept(db.session, token, form.new.data)
        except DomainError as problem:
            error = problem.render(_)
        else:
            login_user(user)
            user.last_login_at = utcnow()
            flash(_("Welcome. Your password is set."))
            return redirect(url_for(ROLE_HOMES.get(user.role, "participate.map_page")))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/invite.html", form=form, error=error, email=user.email), status


def _endpoints() -> set[str]:
    from flask import current_app

    return set(current_app.view_functions)
